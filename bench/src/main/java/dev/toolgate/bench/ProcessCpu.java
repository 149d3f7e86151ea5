package dev.toolgate.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time a process has used so far (user + system), from {@code /proc/<pid>/stat}. On 2 shared
 * cores throughput is bounded by the CPU each process spends per call, so CPU per call says which
 * process a gain must come from.
 */
final class ProcessCpu {

  /** Linux reports utime and stime in clock ticks; USER_HZ is 100 on every mainstream kernel. */
  private static final long NANOS_PER_TICK = 10_000_000L;

  private ProcessCpu() {}

  static long nanos(long pid) {
    String stat;
    try {
      stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The command name (field 2) may hold spaces; fields after its closing parenthesis do not.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) * NANOS_PER_TICK;
  }
}
