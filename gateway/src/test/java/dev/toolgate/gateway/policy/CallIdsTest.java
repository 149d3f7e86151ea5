package dev.toolgate.gateway.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallIdsTest {

  /**
   * The audit store orders calls of the same millisecond by id: ids must sort as they were made.
   */
  @Test
  void idsSortInTheOrderTheyWereMade() {
    List<String> made = new ArrayList<>();
    // Past 36 and 1,296: where a variable-width base-36 counter would sort "10" before "z".
    for (int i = 0; i < 1_500; i++) {
      made.add(CallIds.next());
    }
    assertThat(made).isSorted().doesNotHaveDuplicates();
    assertThat(made.getFirst()).hasSameSizeAs(made.getLast());
  }
}
