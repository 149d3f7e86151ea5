package dev.toolgate.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Prometheus text exposition (format 0.0.4): every sample with its labels, and the type
 * each metric family declares. Strict: a line that is neither a comment nor a sample fails.
 */
record PrometheusText(List<Sample> samples, Map<String, String> types) {

  record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern SAMPLE =
      Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})? (\\S+)( \\d+)?");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

  static PrometheusText parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> types = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      if (line.startsWith("# TYPE ")) {
        String[] parts = line.split(" ");
        types.put(parts[2], parts[3]);
        continue;
      }
      if (line.startsWith("#")) {
        continue;
      }
      Matcher m = SAMPLE.matcher(line);
      if (!m.matches()) {
        throw new IllegalArgumentException("not a sample line: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (m.group(3) != null) {
        Matcher l = LABEL.matcher(m.group(3));
        int end = 0;
        while (l.find() && l.start() == end) {
          labels.put(l.group(1), l.group(2));
          end = l.end();
        }
        if (end != m.group(3).length()) {
          throw new IllegalArgumentException("bad labels: " + line);
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(4))));
    }
    return new PrometheusText(samples, types);
  }

  /** The sample of this name whose labels include these; fails unless exactly one matches. */
  double value(String name, String... labelPairs) {
    List<Sample> found = matching(name, labelPairs);
    if (found.size() != 1) {
      throw new AssertionError(
          found.size() + " samples of " + name + " " + List.of(labelPairs) + " in " + samples);
    }
    return found.getFirst().value();
  }

  /** Every sample of this name whose labels include these. */
  List<Sample> matching(String name, String... labelPairs) {
    List<Sample> found = new ArrayList<>();
    for (Sample sample : samples) {
      if (!sample.name().equals(name)) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i + 1 < labelPairs.length; i += 2) {
        all &= labelPairs[i + 1].equals(sample.labels().get(labelPairs[i]));
      }
      if (all) {
        found.add(sample);
      }
    }
    return found;
  }

  /** Whether any sample's name is this metric, or a family member of it (_bucket, _count...). */
  boolean exports(String metric) {
    for (Sample sample : samples) {
      String n = sample.name();
      if (n.equals(metric)
          || n.equals(metric + "_total")
          || n.equals(metric + "_bucket")
          || n.equals(metric + "_count")
          || n.equals(metric + "_sum")
          || n.equals(metric + "_max")) {
        return true;
      }
    }
    return false;
  }
}
