package dev.toolgate.gateway.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Answers recorded instead of written, and a way to end a call as the exchange would. */
final class RecordingAnswers implements CallAnswers {

  record Answer(WorkerCall call, int status, List<String> headers, byte[] body) {
    JsonNode json() {
      try {
        return PolicyFixtures.JSON.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    String header(String name) {
      for (int i = 0; i + 1 < headers.size(); i += 2) {
        if (headers.get(i).equalsIgnoreCase(name)) {
          return headers.get(i + 1);
        }
      }
      return null;
    }
  }

  final List<Answer> answers = new CopyOnWriteArrayList<>();
  private final Map<WorkerCall, List<Runnable>> done = new ConcurrentHashMap<>();

  @Override
  public void answer(WorkerCall call, int status, List<String> headers, byte[] body) {
    answers.add(new Answer(call, status, List.copyOf(headers), body));
    end(call);
  }

  @Override
  public void onDone(WorkerCall call, Runnable action) {
    done.computeIfAbsent(call, c -> new CopyOnWriteArrayList<>()).add(action);
  }

  /** Ends the call's exchange: runs what waits for it. */
  void end(WorkerCall call) {
    List<Runnable> actions = done.remove(call);
    if (actions != null) {
      new ArrayList<>(actions).forEach(Runnable::run);
    }
  }

  Answer last() {
    return answers.getLast();
  }

  Answer of(WorkerCall call) {
    return answers.stream().filter(a -> a.call() == call).findFirst().orElse(null);
  }
}
