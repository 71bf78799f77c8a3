package io.relayq.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

  private static List<SseEvent> parse(String text) throws IOException {
    SseReader reader = new SseReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    List<SseEvent> events = new ArrayList<>();
    SseEvent e;
    while ((e = reader.next(() -> {})) != null) {
      events.add(e);
    }
    return events;
  }

  @Test
  void fieldsUpToABlankLineMakeOneEvent() throws IOException {
    assertThat(parse("event: output\nid: 7\ndata: {\"a\":1}\n\nevent: end\ndata: x\n\n"))
        .containsExactly(new SseEvent("output", "7", "{\"a\":1}"), new SseEvent("end", null, "x"));
  }

  @Test
  void commentsAreSkippedAndDataLinesJoined() throws IOException {
    assertThat(parse(": keepalive\r\ndata:one\r\ndata: two\r\n\r\n"))
        .containsExactly(new SseEvent("message", null, "one\ntwo"));
  }

  @Test
  void anEventCutOffByTheEndOfTheStreamIsDropped() throws IOException {
    assertThat(parse("event: output\nid: 1\ndata: {}\n\nevent: output\nid: 2\ndata: {}\n"))
        .containsExactly(new SseEvent("output", "1", "{}"));
  }

  @Test
  void anEventWithoutDataIsNotDispatched() throws IOException {
    assertThat(parse("event: ping\n\ndata: real\n\n")).containsExactly(new SseEvent("message", null, "real"));
  }
}
