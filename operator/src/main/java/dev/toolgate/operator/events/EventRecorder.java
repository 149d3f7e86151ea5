package dev.toolgate.operator.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events.k8s.io/v1 events (Warning, and Normal for changes worth telling) about McpTools and
 * McpScopes, so {@code kubectl describe} and {@code kubectl get events} show what is wrong. An
 * event that cannot be written is logged and dropped: the status condition carries the same message
 * and reconciling must not fail over it.
 */
public final class EventRecorder {

  public static final String CONTROLLER = "toolgate.dev/operator";

  /** events.k8s.io/v1 rejects notes above 1 kB. */
  static final int MAX_NOTE = 1024;

  private static final Logger log = LoggerFactory.getLogger(EventRecorder.class);
  private static final DateTimeFormatter MICRO_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
          .withZone(java.time.ZoneOffset.UTC);

  private final KubernetesClient client;
  private final String instance;
  private final Clock clock;

  public EventRecorder(KubernetesClient client, String instance, Clock clock) {
    this.client = client;
    this.instance = instance;
    this.clock = clock;
  }

  public void warn(HasMetadata regarding, EventReason reason, String action, String note) {
    record(regarding, "Warning", reason, action, note);
  }

  /** A Normal event: something users should know happened, with nothing wrong. */
  public void normal(HasMetadata regarding, EventReason reason, String action, String note) {
    record(regarding, "Normal", reason, action, note);
  }

  private void record(
      HasMetadata regarding, String type, EventReason reason, String action, String note) {
    Event event = build(regarding, reason, action, note);
    event.setType(type);
    try {
      client.resource(event).create();
      log.info(
          "{} event {} on {} {}/{}: {}",
          type,
          reason,
          regarding.getKind(),
          regarding.getMetadata().getNamespace(),
          regarding.getMetadata().getName(),
          event.getNote());
    } catch (KubernetesClientException e) {
      log.warn(
          "Could not record event {} on {}: {}",
          reason,
          regarding.getMetadata().getName(),
          e.getMessage());
    }
  }

  Event build(HasMetadata regarding, EventReason reason, String action, String note) {
    String name =
        regarding.getMetadata().getName()
            + "."
            + Long.toHexString(clock.millis())
            + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(regarding.getMetadata().getNamespace())
        .endMetadata()
        .withType("Warning")
        .withReason(reason.name())
        .withAction(action)
        .withNote(truncate(note))
        .withEventTime(
            new MicroTime(MICRO_TIME.format(clock.instant().truncatedTo(ChronoUnit.MICROS))))
        .withReportingController(CONTROLLER)
        .withReportingInstance(instance)
        .withRegarding(
            new ObjectReferenceBuilder()
                .withApiVersion(regarding.getApiVersion())
                .withKind(regarding.getKind())
                .withNamespace(regarding.getMetadata().getNamespace())
                .withName(regarding.getMetadata().getName())
                .withUid(regarding.getMetadata().getUid())
                .withResourceVersion(regarding.getMetadata().getResourceVersion())
                .build())
        .build();
  }

  /** Cuts a note to the API's limit, which counts UTF-8 bytes, not characters. */
  static String truncate(String note) {
    if (note == null || note.getBytes(StandardCharsets.UTF_8).length <= MAX_NOTE) {
      return note;
    }
    int end = note.length();
    while (end > 0
        && note.substring(0, end).getBytes(StandardCharsets.UTF_8).length > MAX_NOTE - 3) {
      end -= Math.max(1, (end - (MAX_NOTE - 3) / 4) / 2);
    }
    return note.substring(0, end) + "...";
  }
}
