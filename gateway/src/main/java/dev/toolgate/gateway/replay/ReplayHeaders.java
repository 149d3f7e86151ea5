package dev.toolgate.gateway.replay;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The headers every replay answer carries, and the writing of one. The page shows what callers sent
 * (attacker-controlled arguments), so the browser is told to run nothing but the page's own script
 * from this origin: no inline script or style, no other origin to load from or send to, no framing,
 * no referrer, nothing cached, no type sniffing.
 */
final class ReplayHeaders {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
          + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private ReplayHeaders() {}

  static void write(
      Response response, Callback callback, int status, String contentType, byte[] body) {
    response.setStatus(status);
    HttpFields.Mutable headers = response.getHeaders();
    headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    headers.put("X-Content-Type-Options", "nosniff");
    headers.put("X-Frame-Options", "DENY");
    headers.put("Referrer-Policy", "no-referrer");
    headers.put("Cross-Origin-Opener-Policy", "same-origin");
    headers.put("Cross-Origin-Resource-Policy", "same-origin");
    headers.put(HttpHeader.CACHE_CONTROL, "no-store");
    headers.put(HttpHeader.CONTENT_TYPE, contentType);
    headers.put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  static void json(Response response, Callback callback, int status, Object node) {
    write(
        response,
        callback,
        status,
        "application/json; charset=utf-8",
        node.toString().getBytes(StandardCharsets.UTF_8));
  }
}
