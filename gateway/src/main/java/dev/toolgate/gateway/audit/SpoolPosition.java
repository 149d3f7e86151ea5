package dev.toolgate.gateway.audit;

/** A place in the spool: a segment file's number and a byte offset in it. */
record SpoolPosition(long segment, long offset) implements Comparable<SpoolPosition> {

  static final SpoolPosition START = new SpoolPosition(0, 0);

  @Override
  public int compareTo(SpoolPosition other) {
    int bySegment = Long.compare(segment, other.segment);
    return bySegment != 0 ? bySegment : Long.compare(offset, other.offset);
  }
}
