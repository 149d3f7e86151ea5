package dev.toolgate.bench;

/**
 * The arguments of each call of a load: the same text every time (every call after the first is a
 * cache hit and, past the loop detector's count, a loop), or different on every call of every
 * session at the same length (every call is a cache miss and no two calls are a loop), so the cache
 * and loop stages do their full work on every call.
 */
@FunctionalInterface
interface CallArguments {

  /** About 200 bytes of request, as in REFERENCES.md. */
  int TEXT_LENGTH = 120;

  String json(int session, long call);

  CallArguments SAME = fixed("x".repeat(TEXT_LENGTH));

  /** Unique across every load of the driver's run: a later load must not hit an earlier entry. */
  CallArguments DIFFERENT =
      new CallArguments() {
        private final java.util.concurrent.atomic.AtomicLong sequence =
            new java.util.concurrent.atomic.AtomicLong();

        @Override
        public String json(int session, long call) {
          return "{\"text\":\""
              + "x".repeat(TEXT_LENGTH - 20)
              + String.format("%04d-%015d", session % 10_000, sequence.incrementAndGet())
              + "\"}";
        }
      };

  static CallArguments fixed(String text) {
    String json = "{\"text\":\"" + text + "\"}";
    return (session, call) -> json;
  }
}
