package dev.toolgate.cli.dev;

import java.io.PrintStream;

/** Steps as they happen, each with the time since the command started. */
public final class Progress {

  private final PrintStream out;
  private final long started;

  /**
   * @param startedNanos when the user started the command ({@link System#nanoTime()}); the launcher
   *     passes its own start so the build counts too
   */
  public Progress(PrintStream out, long startedNanos) {
    this.out = out;
    this.started = startedNanos;
  }

  public void step(String what) {
    out.printf("[%6.1fs] %s%n", seconds(), what);
    out.flush();
  }

  public double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }
}
