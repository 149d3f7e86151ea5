package dev.toolgate.gateway.upstream;

/** A worker call that failed before anything could be relayed. */
public final class UpstreamException extends Exception {

  private final UpstreamFailure failure;

  public UpstreamException(UpstreamFailure failure) {
    super(failure.message(), null, false, false);
    this.failure = failure;
  }

  public UpstreamFailure failure() {
    return failure;
  }
}
