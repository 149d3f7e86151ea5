package dev.toolgate.testing.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadyProcessTest {

  @Test
  void returnsOnceTheReadyLineIsPrintedAndReadsItsValues(@TempDir Path dir) throws Exception {
    Path log = dir.resolve("out.log");
    try (ReadyProcess process =
        ReadyProcess.start(
            "sh",
            List.of(
                "sh",
                "-c",
                "echo starting; echo 'READY issuer=http://127.0.0.1:1 port=1'; sleep 30"),
            null,
            "READY",
            Duration.ofSeconds(10),
            log)) {
      assertThat(process.isAlive()).isTrue();
      assertThat(process.readyValues())
          .containsEntry("issuer", "http://127.0.0.1:1")
          .containsEntry("port", "1");
      assertThat(process.output()).contains("starting");
      assertThat(Files.readString(log)).contains("starting", "READY issuer=");
    }
  }

  @Test
  void closeEndsTheProcess() throws Exception {
    ReadyProcess process =
        ReadyProcess.start(
            "sh",
            List.of("sh", "-c", "echo READY; sleep 30"),
            null,
            "READY",
            Duration.ofSeconds(10),
            null);

    process.close();

    assertThat(process.isAlive()).isFalse();
  }

  @Test
  void aProcessThatExitsFirstFailsWithItsOutput() {
    assertThatThrownBy(
            () ->
                ReadyProcess.start(
                    "sh",
                    List.of("sh", "-c", "echo no such client >&2; exit 3"),
                    null,
                    "READY",
                    Duration.ofSeconds(10),
                    null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("exited (code 3)")
        .hasMessageContaining("no such client");
  }

  @Test
  void aSilentProcessFailsAfterTheTimeout() {
    assertThatThrownBy(
            () ->
                ReadyProcess.start(
                    "sh",
                    List.of("sh", "-c", "echo READYING; sleep 30"),
                    null,
                    "READY",
                    Duration.ofMillis(500),
                    null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("printed no READY line")
        .hasMessageContaining("READYING");
  }
}
