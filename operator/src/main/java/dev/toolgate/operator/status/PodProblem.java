package dev.toolgate.operator.status;

import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Why worker pods do not serve, read from their status as the kubelet and scheduler write it: the
 * reason WorkloadReady gives instead of a bare "rolling out" that never ends.
 *
 * @param reason a CamelCase reason from {@link ConditionTypes.Reasons}
 * @param message which pod and container, and what the kubelet or scheduler said; no restart
 *     counts, so a crash loop does not rewrite the status on every restart
 */
public record PodProblem(String reason, String message) {

  /** A container's last words are its own output: show only the start, on one line. */
  static final int MAX_TERMINATION_MESSAGE = 256;

  private static final Set<String> IMAGE_PULL =
      Set.of("ImagePullBackOff", "ErrImagePull", "InvalidImageName", "ErrImageNeverPull");

  /** Most telling first: a pod that is OOM-killed is also crash-looping and not ready. */
  private static final List<String> SEVERITY =
      List.of(
          ConditionTypes.Reasons.OOM_KILLED,
          ConditionTypes.Reasons.CRASH_LOOP_BACK_OFF,
          ConditionTypes.Reasons.IMAGE_PULL_FAILED,
          ConditionTypes.Reasons.CONTAINER_CONFIG_ERROR,
          ConditionTypes.Reasons.UNSCHEDULABLE,
          ConditionTypes.Reasons.READINESS_FAILING);

  /** Every reason a pod problem can have. */
  public static boolean isPodReason(String reason) {
    return SEVERITY.contains(reason);
  }

  /** The most severe problem among the pods, naming how many pods share it. */
  public static Optional<PodProblem> worst(Collection<Pod> pods) {
    List<PodProblem> found = new ArrayList<>();
    for (Pod pod : pods) {
      if (pod.getMetadata().getDeletionTimestamp() == null) {
        of(pod).ifPresent(found::add);
      }
    }
    Optional<PodProblem> worst =
        found.stream().min(Comparator.comparingInt(p -> SEVERITY.indexOf(p.reason())));
    return worst.map(
        w -> {
          long others = found.stream().filter(p -> p.reason().equals(w.reason())).count() - 1;
          return others == 0
              ? w
              : new PodProblem(
                  w.reason(),
                  w.message() + " (and " + others + (others == 1 ? " more pod)" : " more pods)"));
        });
  }

  /** The most severe problem of one pod. */
  static Optional<PodProblem> of(Pod pod) {
    if (pod.getStatus() == null) {
      return Optional.empty();
    }
    String name = "pod " + pod.getMetadata().getName();
    List<PodProblem> found = new ArrayList<>();
    List<ContainerStatus> containers =
        Stream.concat(
                nullToEmpty(pod.getStatus().getInitContainerStatuses()).stream(),
                nullToEmpty(pod.getStatus().getContainerStatuses()).stream())
            .toList();
    for (ContainerStatus container : containers) {
      container(name, container).ifPresent(found::add);
    }
    for (PodCondition condition : nullToEmpty(pod.getStatus().getConditions())) {
      if ("PodScheduled".equals(condition.getType())
          && "False".equals(condition.getStatus())
          && "Unschedulable".equals(condition.getReason())) {
        found.add(
            new PodProblem(
                ConditionTypes.Reasons.UNSCHEDULABLE,
                name + " cannot be scheduled: " + oneLine(condition.getMessage())));
      }
    }
    return found.stream().min(Comparator.comparingInt(p -> SEVERITY.indexOf(p.reason())));
  }

  private static Optional<PodProblem> container(String pod, ContainerStatus status) {
    String who = pod + ": container " + status.getName();
    ContainerState state = status.getState();
    ContainerStateTerminated last =
        status.getLastState() == null ? null : status.getLastState().getTerminated();
    if (state != null && state.getTerminated() != null && isOomKilled(state.getTerminated())) {
      return Optional.of(oomKilled(who));
    }
    if (state != null && state.getWaiting() != null) {
      String reason = Objects.requireNonNullElse(state.getWaiting().getReason(), "");
      String said = oneLine(state.getWaiting().getMessage());
      if (IMAGE_PULL.contains(reason)) {
        return Optional.of(
            new PodProblem(
                ConditionTypes.Reasons.IMAGE_PULL_FAILED,
                who
                    + " cannot pull image "
                    + status.getImage()
                    + " ("
                    + reason
                    + ")"
                    + (said.isEmpty() ? "" : ": " + said)));
      }
      if ("CrashLoopBackOff".equals(reason)) {
        if (last != null && isOomKilled(last)) {
          return Optional.of(oomKilled(who));
        }
        return Optional.of(
            new PodProblem(
                ConditionTypes.Reasons.CRASH_LOOP_BACK_OFF,
                who + " keeps exiting" + lastWords(last)));
      }
      if ("CreateContainerConfigError".equals(reason) || "CreateContainerError".equals(reason)) {
        return Optional.of(
            new PodProblem(
                ConditionTypes.Reasons.CONTAINER_CONFIG_ERROR,
                who + " cannot start (" + reason + ")" + (said.isEmpty() ? "" : ": " + said)));
      }
    }
    if (state != null && state.getRunning() != null && !Boolean.TRUE.equals(status.getReady())) {
      if (last != null && isOomKilled(last)) {
        return Optional.of(oomKilled(who));
      }
      return Optional.of(
          new PodProblem(
              ConditionTypes.Reasons.READINESS_FAILING,
              who + " is running but not ready: its readiness probe does not pass"));
    }
    return Optional.empty();
  }

  private static boolean isOomKilled(ContainerStateTerminated terminated) {
    return "OOMKilled".equals(terminated.getReason());
  }

  private static PodProblem oomKilled(String who) {
    return new PodProblem(
        ConditionTypes.Reasons.OOM_KILLED,
        who
            + " was killed for using more memory than its limit: raise"
            + " spec.resources.limits.memory or lower the server's use");
  }

  private static String lastWords(ContainerStateTerminated last) {
    if (last == null) {
      return "";
    }
    StringBuilder words = new StringBuilder(": last exit code ").append(last.getExitCode());
    if (last.getReason() != null) {
      words.append(" (").append(last.getReason()).append(")");
    }
    String message = oneLine(last.getMessage());
    if (!message.isEmpty()) {
      words
          .append(", termination message: ")
          .append(
              message.length() <= MAX_TERMINATION_MESSAGE
                  ? message
                  : message.substring(0, MAX_TERMINATION_MESSAGE - 1) + "…");
    }
    return words.toString();
  }

  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("\\s+", " ").trim();
  }

  private static <T> List<T> nullToEmpty(List<T> list) {
    return list == null ? List.of() : list;
  }
}
