package dev.toolgate.gateway.limits;

import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Token buckets. A call takes one token from each of its buckets, all or none: a call refused by
 * one limit uses up none of the others.
 */
public interface RateLimiter {

  /**
   * Takes a token from every bucket, or from none. Completes exceptionally only when the state
   * cannot be reached (Redis down); the caller decides what that means.
   */
  CompletionStage<RateDecision> acquire(List<Limit> limits);
}
