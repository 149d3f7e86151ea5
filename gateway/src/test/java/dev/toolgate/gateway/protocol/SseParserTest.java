package dev.toolgate.gateway.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

  private final List<SseEvent> events = new ArrayList<>();
  private final SseParser parser = new SseParser(events::add, 1024);

  private void feed(String text) {
    parser.feed(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void assemblesEventsSplitAcrossChunks() {
    feed("id: 1\nevent: mess");
    feed("age\ndata: {\"a\":");
    assertThat(events).isEmpty();
    feed("1}\n\n");
    assertThat(events).containsExactly(new SseEvent("1", "message", null, "{\"a\":1}", null));
  }

  @Test
  void joinsDataLinesAndAcceptsCrLf() {
    feed("data: one\r\ndata:two\r\n\r\n");
    assertThat(events).extracting(SseEvent::data).containsExactly("one\ntwo");
  }

  @Test
  void keepsCommentsAndRetryAsEvents() {
    feed(":keep-alive\n\nretry: 3000\nid: 7\ndata:\n\n");
    assertThat(events)
        .containsExactly(
            new SseEvent(null, null, null, null, "keep-alive"),
            new SseEvent("7", null, "3000", "", null));
  }

  @Test
  void encodesWhatItParses() {
    SseEvent event = new SseEvent("9", "message", "100", "line1\nline2", null);
    parser.feed(ByteBuffer.wrap(event.encode()));
    assertThat(events).containsExactly(event);
  }

  @Test
  void refusesAnOversizedEvent() {
    assertThatThrownBy(() -> feed("data: " + "x".repeat(2000)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("larger than 1024");
  }
}
