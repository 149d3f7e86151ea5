package dev.toolgate.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CoalescerTest {

  private final Coalescer coalescer = new Coalescer();

  @Test
  void theFirstCallLeadsAndTheOthersFollowItsAnswer() {
    Coalescer.Ticket leader = coalescer.join("k");
    Coalescer.Ticket follower = coalescer.join("k");

    assertThat(leader.leads()).isTrue();
    assertThat(follower.leads()).isFalse();
    assertThat(follower.flight()).isSameAs(leader.flight());

    leader.flight().succeed(new byte[] {1}, CompletableFuture.completedFuture(null));
    assertThat(follower.flight().answer().join()).containsExactly(1);
    assertThat(coalescer.size()).isZero();
  }

  @Test
  void theFlightStaysJoinableUntilItsAnswerIsStored() {
    Coalescer.Ticket leader = coalescer.join("k");
    CompletableFuture<Void> stored = new CompletableFuture<>();
    leader.flight().succeed(new byte[] {1}, stored);

    Coalescer.Ticket late = coalescer.join("k");
    assertThat(late.leads()).isFalse();
    assertThat(late.flight().answer().join()).containsExactly(1);

    stored.complete(null);
    assertThat(coalescer.join("k").leads()).isTrue();
  }

  @Test
  void aLeaderWithoutAnAnswerLetsFollowersLeadTheNextAttempt() {
    Coalescer.Ticket leader = coalescer.join("k");
    Coalescer.Ticket follower = coalescer.join("k");

    leader.flight().fail();

    assertThat(follower.flight().answer().join()).isNull();
    assertThat(coalescer.join("k").leads()).isTrue();
  }

  @Test
  void differentKeysFlyApart() {
    assertThat(coalescer.join("a").leads()).isTrue();
    assertThat(coalescer.join("b").leads()).isTrue();
  }
}
