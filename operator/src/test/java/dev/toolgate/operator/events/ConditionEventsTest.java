package dev.toolgate.operator.events;

import static org.assertj.core.api.Assertions.assertThat;

import dev.toolgate.api.v1alpha1.McpTool;
import dev.toolgate.operator.Fixtures;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionEventsTest {

  private final List<String> warned = new ArrayList<>();
  private final ConditionEvents events =
      new ConditionEvents((resource, reason, action, note) -> warned.add(reason + ": " + note));

  private static List<Condition> policy(String status, String reason, String message) {
    return List.of(
        new ConditionBuilder()
            .withType("PolicyValid")
            .withStatus(status)
            .withReason(reason)
            .withMessage(message)
            .build());
  }

  @Test
  void warnsOnceWhenTwoReconcilesReadTheSameStaleObject() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);
    tool.getMetadata().setResourceVersion("321");
    List<Condition> after = policy("False", "NameTaken", "metadata.name: taken");

    events.warnOnNewProblem(tool, List.of(), after, "PolicyValid", "Reconcile");
    events.warnOnNewProblem(tool, List.of(), after, "PolicyValid", "Reconcile");

    assertThat(warned).containsExactly("NameTaken: metadata.name: taken");
  }

  @Test
  void warnsAgainWhenTheProblemComesBackInALaterVersion() {
    McpTool tool = Fixtures.tool(Fixtures.REMOTE);
    List<Condition> problem = policy("False", "NameTaken", "metadata.name: taken");
    List<Condition> fine = policy("True", "Valid", "ok");

    tool.getMetadata().setResourceVersion("1");
    events.warnOnNewProblem(tool, fine, problem, "PolicyValid", "Reconcile");
    tool.getMetadata().setResourceVersion("3");
    events.warnOnNewProblem(tool, fine, problem, "PolicyValid", "Reconcile");
    tool.getMetadata().setResourceVersion("4");
    events.warnOnNewProblem(tool, problem, problem, "PolicyValid", "Reconcile");

    assertThat(warned).hasSize(2);
  }
}
