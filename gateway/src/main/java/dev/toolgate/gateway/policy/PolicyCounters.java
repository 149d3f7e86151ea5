package dev.toolgate.gateway.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** What the policy stages did, counted (for metrics once they land, and for tests). */
public final class PolicyCounters {

  final LongAdder rateLimited = new LongAdder();
  final LongAdder budgetRefused = new LongAdder();
  final LongAdder loopsDetected = new LongAdder();
  final LongAdder loopsAnsweredFromCache = new LongAdder();
  final LongAdder cacheHits = new LongAdder();
  final LongAdder cacheMisses = new LongAdder();
  final LongAdder cacheBypasses = new LongAdder();
  final LongAdder cacheCoalesced = new LongAdder();
  final LongAdder cacheStores = new LongAdder();
  final LongAdder cacheFailures = new LongAdder();
  final LongAdder redactedMessages = new LongAdder();
  final LongAdder stateFailedOpen = new LongAdder();
  final LongAdder stateFailedClosed = new LongAdder();
  final LongAdder schemaDriftRefused = new LongAdder();
  final LongAdder schemaDriftWithheld = new LongAdder();

  /** Every counter by name. */
  public Map<String, Long> snapshot() {
    Map<String, Long> all = new LinkedHashMap<>();
    all.put("rate_limited", rateLimited.sum());
    all.put("budget_refused", budgetRefused.sum());
    all.put("loops_detected", loopsDetected.sum());
    all.put("loops_answered_from_cache", loopsAnsweredFromCache.sum());
    all.put("cache_hits", cacheHits.sum());
    all.put("cache_misses", cacheMisses.sum());
    all.put("cache_bypasses", cacheBypasses.sum());
    all.put("cache_coalesced", cacheCoalesced.sum());
    all.put("cache_stores", cacheStores.sum());
    all.put("cache_failures", cacheFailures.sum());
    all.put("redacted_messages", redactedMessages.sum());
    all.put("state_failed_open", stateFailedOpen.sum());
    all.put("state_failed_closed", stateFailedClosed.sum());
    // tools/call refused, and passthrough tools/list entries withheld, for a drifted pinned tool
    all.put("schema_drift_refused", schemaDriftRefused.sum());
    all.put("schema_drift_withheld", schemaDriftWithheld.sum());
    return all;
  }

  public long get(String name) {
    return snapshot().getOrDefault(name, 0L);
  }
}
