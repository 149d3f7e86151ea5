package dev.toolgate.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/** The chart rendered by a real Helm (helm-java embeds Helm's Go library), as objects. */
final class Chart {

  static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  static final Path DIR = REPO.resolve("charts/toolgate");
  static final String RELEASE = "toolgate";
  static final String NAMESPACE = "toolgate-system";

  /** The release the API-server tests run (root pom {@code kube.version}). */
  static final String KUBE_VERSION = "1.37.2";

  final String yaml;
  final List<HasMetadata> objects;

  private Chart(String yaml) {
    this.yaml = yaml;
    this.objects = parse(yaml);
  }

  /** {@code helm template toolgate charts/toolgate -n toolgate-system --set k=v ...}. */
  static Chart render(Map<String, Object> values) {
    return render(RELEASE, NAMESPACE, values);
  }

  static Chart render(String release, String namespace, Map<String, Object> values) {
    TemplateCommand template =
        new Helm(DIR)
            .template()
            .withName(release)
            .withNamespace(namespace)
            .withKubeVersion(KUBE_VERSION)
            .skipCrds();
    values.forEach(template::set);
    return new Chart(template.call());
  }

  static Chart render() {
    return render(Map.of());
  }

  static Map<String, Object> values(Object... keysAndValues) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return values;
  }

  /** The CRDs in the chart's crds/ directory, which Helm installs before the templates. */
  static List<HasMetadata> crds() {
    try (Stream<Path> files = Files.list(DIR.resolve("crds"))) {
      List<HasMetadata> crds = new ArrayList<>();
      for (Path file : files.sorted().toList()) {
        crds.addAll(parse(Files.readString(file)));
      }
      return crds;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  <T extends HasMetadata> List<T> all(Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  <T extends HasMetadata> T one(Class<T> type, String name) {
    return all(type).stream()
        .filter(o -> o.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new NoSuchElementException(type.getSimpleName() + " " + name));
  }

  List<HasMetadata> ofKind(String kind) {
    return objects.stream().filter(o -> o.getKind().equals(kind)).toList();
  }

  Deployment operator() {
    return one(Deployment.class, "toolgate-operator");
  }

  Deployment gateway() {
    return one(Deployment.class, "toolgate-gateway");
  }

  static List<HasMetadata> parse(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    // Helm separates documents with "---" lines and a "# Source:" comment.
    for (String document : yaml.split("(?m)^---\\s*$")) {
      if (document.lines().allMatch(l -> l.isBlank() || l.trim().startsWith("#"))) {
        continue;
      }
      Object parsed =
          Serialization.unmarshal(
              new ByteArrayInputStream(document.getBytes(StandardCharsets.UTF_8)));
      if (parsed instanceof List<?> list) {
        list.forEach(o -> objects.add((HasMetadata) o));
      } else {
        objects.add((HasMetadata) parsed);
      }
    }
    return objects;
  }
}
