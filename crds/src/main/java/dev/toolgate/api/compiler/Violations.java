package dev.toolgate.api.compiler;

import java.util.List;

/** Collects the violations of one resource while it is compiled. */
final class Violations {

  private final ResourceRef resource;
  private final List<Violation> sink;

  Violations(ResourceRef resource, List<Violation> sink) {
    this.resource = resource;
    this.sink = sink;
  }

  static Violations collectingInto(ResourceRef resource, List<Violation> sink) {
    return new Violations(resource, sink);
  }

  void add(String field, String message) {
    sink.add(new Violation(resource, field, message));
  }

  void add(String field, String message, String reason) {
    sink.add(new Violation(resource, field, message, reason));
  }

  ResourceRef resource() {
    return resource;
  }
}
