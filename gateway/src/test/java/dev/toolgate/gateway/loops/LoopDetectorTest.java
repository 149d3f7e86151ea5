package dev.toolgate.gateway.loops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoopDetectorTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final LoopDetector loops = new LoopDetector(now::get, 100);

  @Test
  void countsIdenticalCallsInTheWindow() {
    for (int i = 1; i <= 3; i++) {
      assertThat(loops.record("k", 3, 60_000)).isEqualTo(i);
    }
    assertThat(loops.record("k", 3, 60_000)).isEqualTo(4);
    assertThat(loops.record("other", 3, 60_000)).isEqualTo(1);
  }

  @Test
  void callsOlderThanTheWindowNoLongerCount() {
    loops.record("k", 2, 10_000);
    now.addAndGet(5_000);
    loops.record("k", 2, 10_000);
    now.addAndGet(5_000);
    assertThat(loops.record("k", 2, 10_000)).isEqualTo(2);
  }

  @Test
  void aCallerThatKeepsRepeatingStaysOverTheLimit() {
    for (int i = 0; i < 10; i++) {
      loops.record("k", 2, 60_000);
    }
    assertThat(loops.record("k", 2, 60_000)).isEqualTo(3);
  }

  @Test
  void theWindowSlidesOverTimesKeptInOrderWhileTheRingWrapsAround() {
    int[] counts = new int[5];
    for (int i = 0; i < 5; i++) {
      counts[i] = loops.record("k", 3, 100);
      now.addAndGet(10);
    }
    // Kept at most 4 (maxRepeats + 1): the call at +0 was dropped for the one at +40.
    assertThat(counts).containsExactly(1, 2, 3, 4, 4);
    // At +125 the window (100 ms) still holds +30 and +40, not +10 and +20.
    now.set(1_000_000 + 125);
    assertThat(loops.record("k", 3, 100)).isEqualTo(3);
    now.addAndGet(1_000);
    assertThat(loops.record("k", 3, 100)).isEqualTo(1);
  }
}
