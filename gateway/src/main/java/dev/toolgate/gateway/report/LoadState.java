package dev.toolgate.gateway.report;

import dev.toolgate.gateway.routing.RoutingTable.NameCollision;
import dev.toolgate.gateway.routing.SchemaSighting;
import java.util.List;

/**
 * What the gateway knows about its configs at one moment: the one in force, the newest one it
 * refused (while no later one loaded), and the tools of the config in force it does not expose.
 *
 * @param loadedHash content hash of the config in force, or {@code null} before one loaded
 * @param rejectedHash content hash of the newest config refused, or {@code null}
 * @param rejection why it was refused, one entry per problem
 * @param collisions tools found at run time whose exposed name another tool keeps
 * @param sightings tools whose listed definition differs from what the config in force records
 */
public record LoadState(
    String loadedHash,
    String rejectedHash,
    List<String> rejection,
    List<NameCollision> collisions,
    List<SchemaSighting> sightings) {

  public LoadState {
    rejection = rejection == null ? List.of() : List.copyOf(rejection);
    collisions = collisions == null ? List.of() : List.copyOf(collisions);
    sightings = sightings == null ? List.of() : List.copyOf(sightings);
  }

  public LoadState(
      String loadedHash,
      String rejectedHash,
      List<String> rejection,
      List<NameCollision> collisions) {
    this(loadedHash, rejectedHash, rejection, collisions, List.of());
  }

  public static LoadState initial() {
    return new LoadState(null, null, List.of(), List.of(), List.of());
  }

  /** A config was put in force, or offered again unchanged: nothing refused is pending. */
  public LoadState loaded(String hash) {
    return new LoadState(hash, null, List.of(), collisions, sightings);
  }

  public LoadState rejected(String hash, List<String> problems) {
    return new LoadState(loadedHash, hash, problems, collisions, sightings);
  }

  public LoadState withCollisions(List<NameCollision> found) {
    return new LoadState(loadedHash, rejectedHash, rejection, found, sightings);
  }

  public LoadState withSightings(List<SchemaSighting> found) {
    return new LoadState(loadedHash, rejectedHash, rejection, collisions, found);
  }

  /** Whether there is anything to report: a config was offered at least once. */
  public boolean offered() {
    return loadedHash != null || rejectedHash != null;
  }
}
