package dev.tagship.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * HTTP/1.1 written by hand on a socket to 127.0.0.1, for what a well-behaved client never sends: a
 * foreign Host, a malformed request line, oversized headers.
 */
final class RawHttp {

  /** An answer as it came: status, header block and body. */
  record Answer(int status, String head, String body) {

    /** The first value of header {@code name}, case-insensitively. */
    Optional<String> header(String name) {
      String prefix = name.toLowerCase(Locale.ROOT) + ":";
      return head.lines()
          .filter(line -> line.toLowerCase(Locale.ROOT).startsWith(prefix))
          .map(line -> line.substring(prefix.length()).strip())
          .findFirst();
    }
  }

  private RawHttp() {}

  /** Sends {@code request} as it is and reads the answer until the server closes or 10 s pass. */
  static Answer send(int port, String request) {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      socket.getOutputStream().flush();
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A GET of {@code path} naming {@code host}, on a connection closed after the answer. */
  static Answer get(int port, String path, String host, String... headers) {
    StringBuilder request =
        new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n");
    for (String header : headers) {
      request.append(header).append("\r\n");
    }
    return send(port, request.append("Connection: close\r\n\r\n").toString());
  }

  /** Reads one answer; stops at the end of its body when it says its length. */
  static Answer read(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    try {
      int read;
      while ((read = in.read(buffer)) >= 0) {
        bytes.write(buffer, 0, read);
        if (complete(bytes.toString(StandardCharsets.ISO_8859_1))) {
          break;
        }
      }
    } catch (SocketTimeoutException e) {
      // what came is the answer
    }
    String text = bytes.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    if (!text.startsWith("HTTP/1.1 ") || end < 0) {
      throw new IllegalStateException("not an HTTP answer: " + text);
    }
    return new Answer(
        Integer.parseInt(text.substring(9, 12)), text.substring(0, end), text.substring(end + 4));
  }

  private static boolean complete(String text) {
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      return false;
    }
    Answer head = new Answer(0, text.substring(0, end), "");
    return head.header("Content-Length")
        .map(length -> text.length() - end - 4 >= Integer.parseInt(length))
        .orElse(false);
  }
}
