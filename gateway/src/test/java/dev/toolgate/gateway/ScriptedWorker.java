package dev.toolgate.gateway;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal MCP worker over raw HTTP/1.1 sockets, for failures no real server shows on demand: it
 * can close a connection on a request without answering, either on a pooled connection that already
 * served an exchange (what a restarted worker leaves behind) or on a fresh one, and list its tool
 * twice. It pages its resources: two pages of one resource each.
 */
final class ScriptedWorker implements AutoCloseable {

  private static final Pattern METHOD = Pattern.compile("\"method\"\\s*:\\s*\"([^\"]+)\"");
  private static final String ECHO = "{\"name\":\"echo\",\"inputSchema\":{\"type\":\"object\"}}";
  private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\"[^\"]*\"|-?\\d+)");

  private final ServerSocket server;
  private final boolean closeEveryConnection;
  final AtomicBoolean dropNextCallOnReusedConnection = new AtomicBoolean();
  final AtomicBoolean dropNextCallOnFreshConnection = new AtomicBoolean();

  /** Lists its one tool twice, as a buggy or hostile server might. */
  final AtomicBoolean listToolTwice = new AtomicBoolean();

  final AtomicInteger toolCallsAnswered = new AtomicInteger();
  final AtomicInteger toolCallsDropped = new AtomicInteger();
  private final AtomicInteger sessions = new AtomicInteger();

  /**
   * @param closeEveryConnection answer with {@code Connection: close}, so every request of the
   *     gateway arrives on a fresh connection
   */
  ScriptedWorker(boolean closeEveryConnection) throws IOException {
    this.closeEveryConnection = closeEveryConnection;
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread.ofPlatform().daemon().name("scripted-worker").start(this::accept);
  }

  String url() {
    return "http://127.0.0.1:" + server.getLocalPort() + "/mcp";
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread.ofVirtual().start(() -> serve(socket));
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket;
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream()) {
      int served = 0;
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String body = readBody(in, head);
        String method = find(METHOD, body);
        boolean toolCall = "tools/call".equals(method);
        if (toolCall
            && ((served > 0 && dropNextCallOnReusedConnection.compareAndSet(true, false))
                || (served == 0 && dropNextCallOnFreshConnection.compareAndSet(true, false)))) {
          toolCallsDropped.incrementAndGet();
          return; // closes the connection without a byte of answer
        }
        answer(out, head, method, find(ID, body), body);
        served++;
        if (closeEveryConnection) {
          return;
        }
      }
    } catch (IOException e) {
      // the gateway closed the connection
    }
  }

  private void answer(OutputStream out, String head, String method, String id, String body)
      throws IOException {
    String requestLine = head.substring(0, head.indexOf('\r'));
    if (!requestLine.startsWith("POST")) {
      write(out, "405 Method Not Allowed", null, null);
    } else if (method == null || method.startsWith("notifications/")) {
      write(out, "202 Accepted", null, null);
    } else if (method.equals("initialize")) {
      write(
          out,
          "200 OK",
          "Mcp-Session-Id: s" + sessions.incrementAndGet() + "\r\n",
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + id
              + ",\"result\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{\"tools\":{}},"
              + "\"serverInfo\":{\"name\":\"scripted\",\"version\":\"1\"}}}");
    } else if (method.equals("tools/list")) {
      write(
          out,
          "200 OK",
          null,
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + id
              + ",\"result\":{\"tools\":["
              + (listToolTwice.get() ? ECHO + "," + ECHO : ECHO)
              + "]}}");
    } else if (method.equals("resources/list")) {
      // Two pages, as a worker with many resources pages them.
      boolean second = body.contains("\"cursor\":\"p2\"");
      write(
          out,
          "200 OK",
          null,
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + id
              + ",\"result\":{\"resources\":[{\"uri\":\"page://"
              + (second ? 2 : 1)
              + "\",\"name\":\"page\"}]"
              + (second ? "" : ",\"nextCursor\":\"p2\"")
              + "}}");
    } else if (method.equals("tools/call")) {
      toolCallsAnswered.incrementAndGet();
      write(
          out,
          "200 OK",
          null,
          "{\"jsonrpc\":\"2.0\",\"id\":"
              + id
              + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"ok\"}]}}");
    } else {
      write(
          out,
          "200 OK",
          null,
          "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"error\":{\"code\":-32601,\"message\":\"no\"}}");
    }
  }

  private void write(OutputStream out, String status, String extraHeaders, String json)
      throws IOException {
    byte[] body = json == null ? new byte[0] : json.getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + "\r\n"
            + (json == null ? "" : "Content-Type: application/json\r\n")
            + (extraHeaders == null ? "" : extraHeaders)
            + (closeEveryConnection ? "Connection: close\r\n" : "")
            + "Content-Length: "
            + body.length
            + "\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) != -1) {
      head.write(b);
      matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toString(StandardCharsets.US_ASCII);
      }
    }
    return null;
  }

  private static String readBody(InputStream in, String head) throws IOException {
    Matcher length =
        Pattern.compile("content-length:\\s*(\\d+)").matcher(head.toLowerCase(Locale.ROOT));
    if (!length.find()) {
      return "";
    }
    return new String(in.readNBytes(Integer.parseInt(length.group(1))), StandardCharsets.UTF_8);
  }

  private static String find(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    return matcher.find() ? matcher.group(1) : null;
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
