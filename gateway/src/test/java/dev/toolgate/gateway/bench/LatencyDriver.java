package dev.toolgate.gateway.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.ContentResponse;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.http.HttpMethod;

/**
 * A first measurement of what the gateway adds per call: the same {@code echo} tools/call (a
 * 200-byte request) sent to the worker directly and through the gateway, in alternating rounds of
 * one run. One session calling back to back gives latency percentiles; 32 sessions calling at once
 * give throughput. Not a test: run it with {@code scripts/measure-latency.sh}.
 *
 * <p>Arguments: {@code name=url#tool} targets (the first is the baseline), then optional {@code
 * --rounds N --calls N --seconds N --sessions N}.
 */
public final class LatencyDriver {

  private final HttpClient http = new HttpClient();

  public static void main(String[] args) throws Exception {
    Map<String, String> targets = new LinkedHashMap<>();
    int rounds = 8;
    int calls = 2000;
    int seconds = 3;
    int sessions = 32;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rounds" -> rounds = Integer.parseInt(args[++i]);
        case "--calls" -> calls = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--sessions" -> sessions = Integer.parseInt(args[++i]);
        default -> {
          String[] pair = args[i].split("=", 2);
          targets.put(pair[0], pair[1]);
          if (!pair[1].contains("#")) {
            throw new IllegalArgumentException("target " + args[i] + " needs #tool");
          }
        }
      }
    }
    LatencyDriver driver = new LatencyDriver();
    driver.http.setMaxConnectionsPerDestination(sessions * 2);
    driver.http.start();
    try {
      driver.run(targets, rounds, calls, seconds, sessions);
    } finally {
      driver.http.stop();
    }
  }

  private void run(Map<String, String> targets, int rounds, int calls, int seconds, int sessions)
      throws Exception {
    Map<String, List<double[]>> latency = new LinkedHashMap<>();
    Map<String, List<Double>> throughput = new LinkedHashMap<>();
    Map<String, String> single = new LinkedHashMap<>();
    for (Map.Entry<String, String> target : targets.entrySet()) {
      String session = initialize(target.getValue());
      single.put(target.getKey(), session);
      sequential(target.getValue(), session, calls); // warm-up
      latency.put(target.getKey(), new ArrayList<>());
      throughput.put(target.getKey(), new ArrayList<>());
    }
    for (int round = 0; round < rounds; round++) {
      for (Map.Entry<String, String> target : targets.entrySet()) {
        long[] samples = sequential(target.getValue(), single.get(target.getKey()), calls);
        Arrays.sort(samples);
        latency
            .get(target.getKey())
            .add(
                new double[] {micros(samples, 0.50), micros(samples, 0.90), micros(samples, 0.99)});
        throughput.get(target.getKey()).add(concurrent(target.getValue(), sessions, seconds));
      }
    }
    String baseline = targets.keySet().iterator().next();
    double baseP50 = median(latency.get(baseline), 0);
    double baseRate = medianOf(throughput.get(baseline));
    System.out.printf(
        "%nmedians of %d rounds, %d sequential calls per round, %d sessions for %d s%n",
        rounds, calls, sessions, seconds);
    System.out.printf(
        "%-14s %9s %9s %9s %12s %12s %12s%n",
        "target", "p50 ms", "p90 ms", "p99 ms", "added p50", "calls/s", "vs " + baseline);
    for (String name : targets.keySet()) {
      double p50 = median(latency.get(name), 0);
      double rate = medianOf(throughput.get(name));
      System.out.printf(
          "%-14s %9.3f %9.3f %9.3f %12s %12.0f %11.2fx%n",
          name,
          p50 / 1000,
          median(latency.get(name), 1) / 1000,
          median(latency.get(name), 2) / 1000,
          name.equals(baseline) ? "-" : String.format("%+.3f ms", (p50 - baseP50) / 1000),
          rate,
          rate / baseRate);
    }
  }

  private String initialize(String url) throws Exception {
    ContentResponse response =
        post(
            url,
            null,
            "{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"latency\",\"version\":\"1\"}}}");
    String session = response.getHeaders().get("Mcp-Session-Id");
    post(url, session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
    return session;
  }

  /** A tools/call of the target's tool; {@code target} is {@code url#tool}. */
  private static String call(String target, long id) {
    String tool = target.substring(target.indexOf('#') + 1);
    // ~200 bytes on the wire, like the REFERENCES yardsticks.
    return "{\"jsonrpc\":\"2.0\",\"id\":"
        + id
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
        + tool
        + "\",\"arguments\":{\"text\":\""
        + "x".repeat(100 - tool.length())
        + "\"}}}";
  }

  private long[] sequential(String url, String session, int calls) throws Exception {
    long[] samples = new long[calls];
    for (int i = 0; i < calls; i++) {
      String body = call(url, i + 1);
      long start = System.nanoTime();
      ContentResponse response = post(url, session, body);
      samples[i] = System.nanoTime() - start;
      check(response);
    }
    return samples;
  }

  private double concurrent(String url, int sessions, int seconds) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < sessions; i++) {
      ids.add(initialize(url));
    }
    AtomicBoolean running = new AtomicBoolean(true);
    AtomicLong done = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (String session : ids) {
      threads.add(
          Thread.startVirtualThread(
              () -> {
                long id = 1;
                while (running.get()) {
                  try {
                    check(post(url, session, call(url, id++)));
                    done.incrementAndGet();
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                }
              }));
    }
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    running.set(false);
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    for (String session : ids) {
      http.newRequest(url.substring(0, url.indexOf('#')))
          .method(HttpMethod.DELETE)
          .headers(h -> h.put("Mcp-Session-Id", session))
          .send();
    }
    return done.get() / elapsed;
  }

  private ContentResponse post(String target, String session, String body) throws Exception {
    String url = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
    return http.newRequest(url)
        .method(HttpMethod.POST)
        .timeout(10, TimeUnit.SECONDS)
        .headers(
            h -> {
              h.put("Accept", "application/json, text/event-stream");
              h.put("MCP-Protocol-Version", "2025-11-25");
              if (session != null) {
                h.put("Mcp-Session-Id", session);
              }
            })
        .body(new BytesRequestContent("application/json", body.getBytes(StandardCharsets.UTF_8)))
        .send();
  }

  private static void check(ContentResponse response) {
    String text = response.getContentAsString();
    if (response.getStatus() != 200 || !text.contains("\"result\"")) {
      throw new IllegalStateException("call failed: " + response.getStatus() + " " + text);
    }
  }

  private static double micros(long[] sorted, double quantile) {
    return sorted[Math.min(sorted.length - 1, (int) (sorted.length * quantile))] / 1000.0;
  }

  private static double median(List<double[]> rounds, int index) {
    return medianOf(rounds.stream().map(r -> r[index]).toList());
  }

  private static double medianOf(List<Double> values) {
    double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return sorted[sorted.length / 2];
  }
}
