package dev.tagship.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagship.core.DaemonThreads;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A Docker Engine for tests, on a Unix socket in a temp folder, on TCP 127.0.0.1, or on TCP with
 * mutual TLS, speaking the part of the Engine API that exports images as dockerd does: {@code GET
 * /_ping}, {@code /images/{name}/json} (404 for an unknown image, 400 for a name that is not a
 * reference) and {@code /images/{name}/get} (the {@code docker save} tarball, chunked), with or
 * without a {@code /vX.Y} prefix. It serves tarballs the tests made, records every request target,
 * and can fail an export the ways a daemon does.
 */
public final class DockerEngineStandIn implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern VERSION_PREFIX = Pattern.compile("^/v\\d+\\.\\d+(/.*)$");
  private static final Pattern IMAGE_ROUTE = Pattern.compile("^/images/(.+)/(json|get)$");
  // distribution's reference grammar, shortened: [host[:port]/]path[:tag][@digest], or an image ID
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?:[A-Za-z0-9.-]+(?::\\d+)?/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*"
              + "(?::\\w[\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?|(?:sha256:)?[a-f0-9]{12,64}");
  private static final byte[] TLS_REFUSED =
      "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n"
          .getBytes(StandardCharsets.US_ASCII);
  private static final int CHUNK = 16 * 1024;

  /** An image as the daemon holds it: its ID and its {@code docker save} tarball. */
  private record Image(String id, Path tarball) {}

  private final Closeable listener;
  private final String dockerHost;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(DaemonThreads.named("docker-engine-stand-in"));
  private final Map<String, Image> images = new ConcurrentHashMap<>();
  private final List<String> requestTargets = new CopyOnWriteArrayList<>();
  private volatile String exportFailure;
  private volatile long exportBreaksAfter = -1;
  private volatile Runnable duringExport = () -> {};

  private DockerEngineStandIn(Closeable listener, String dockerHost) {
    this.listener = listener;
    this.dockerHost = dockerHost;
  }

  /** Listens on {@code folder/docker.sock}, as dockerd on {@code /var/run/docker.sock}. */
  public static DockerEngineStandIn onUnixSocket(Path folder) {
    try {
      Path socket = folder.resolve("docker.sock");
      ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(socket));
      DockerEngineStandIn engine = new DockerEngineStandIn(server, "unix://" + socket);
      engine.threads.execute(
          () -> {
            while (server.isOpen()) {
              try {
                SocketChannel client = server.accept();
                engine.threads.execute(
                    () ->
                        engine.serve(
                            client,
                            Channels.newInputStream(client),
                            Channels.newOutputStream(client)));
              } catch (IOException closed) {
                return;
              }
            }
          });
      return engine;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Listens on 127.0.0.1 over plain HTTP, as {@code dockerd -H tcp://127.0.0.1:2375}. */
  public static DockerEngineStandIn onTcp() {
    return onTcp(null);
  }

  /**
   * Listens on 127.0.0.1 with TLS that wants a client certificate signed by {@code certificates}'
   * CA, as {@code dockerd --tlsverify}; a plain HTTP request gets Go's answer to one.
   */
  public static DockerEngineStandIn onTls(TestCertificates certificates) {
    return onTcp(certificates.mutualTlsServerContext());
  }

  private static DockerEngineStandIn onTcp(SSLContext tls) {
    try {
      ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      DockerEngineStandIn engine =
          new DockerEngineStandIn(server, "tcp://127.0.0.1:" + server.getLocalPort());
      engine.threads.execute(
          () -> {
            while (!server.isClosed()) {
              try {
                Socket client = server.accept();
                engine.threads.execute(() -> engine.serveTcp(client, tls));
              } catch (IOException closed) {
                return;
              }
            }
          });
      return engine;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** What {@code DOCKER_HOST} is set to for a client of this daemon. */
  public String dockerHost() {
    return dockerHost;
  }

  /**
   * Holds {@code tarball} (as {@code docker save} writes it) under {@code name}; its ID is its
   * config's digest, as dockerd's.
   */
  public void addImage(String name, Path tarball) {
    images.put(name, new Image(configDigest(tarball), tarball));
  }

  /** Every request target received, as sent (still percent-encoded). */
  public List<String> requestTargets() {
    return List.copyOf(requestTargets);
  }

  /** Exports answer HTTP 500 with {@code message}, as dockerd reports a failed export. */
  public void failExports(String message) {
    exportFailure = message;
  }

  /** Exports stop after {@code bytes} and the connection drops, as when dockerd dies mid-way. */
  public void breakExportsAfter(long bytes) {
    exportBreaksAfter = bytes;
  }

  /** Runs {@code action} once the first part of an export has been sent, before the rest. */
  public void duringExport(Runnable action) {
    duringExport = action;
  }

  private void serveTcp(Socket client, SSLContext tls) {
    try {
      if (tls == null) {
        serve(client, client.getInputStream(), client.getOutputStream());
        return;
      }
      InputStream in = new BufferedInputStream(client.getInputStream());
      in.mark(1);
      int first = in.read();
      in.reset();
      if (first != 0x16) { // not a TLS handshake: Go's TLS server answers so
        client.getOutputStream().write(TLS_REFUSED);
        client.close();
        return;
      }
      SSLSocket secured = (SSLSocket) tls.getSocketFactory().createSocket(client, in, true);
      secured.setUseClientMode(false);
      secured.setNeedClientAuth(true);
      serve(secured, secured.getInputStream(), secured.getOutputStream());
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private void serve(Closeable connection, InputStream rawIn, OutputStream out) {
    try (connection) {
      InputStream in = new BufferedInputStream(rawIn);
      String requestLine = readLine(in);
      if (requestLine == null) {
        return;
      }
      while (!readLine(in).isEmpty()) {
        // headers: nothing here depends on them
      }
      String[] parts = requestLine.split(" ");
      String target = parts[1];
      requestTargets.add(target);
      String path = decode(target.replaceFirst("\\?.*$", ""));
      Matcher versioned = VERSION_PREFIX.matcher(path);
      if (versioned.matches()) {
        path = versioned.group(1);
      }
      Matcher image = IMAGE_ROUTE.matcher(path);
      if (!parts[0].equals("GET") && !parts[0].equals("HEAD")) {
        json(out, 405, message("method not allowed"));
      } else if (path.equals("/_ping")) {
        ping(out);
      } else if (image.matches()) {
        image(out, image.group(1), image.group(2).equals("get"));
      } else {
        json(out, 404, message("page not found"));
      }
    } catch (IOException | RuntimeException e) {
      // the client went away, or an export was broken off on purpose
    }
  }

  private void ping(OutputStream out) throws IOException {
    head(
        out,
        200,
        Map.of(
            "Api-Version", "1.47",
            "Ostype", "linux",
            "Docker-Experimental", "false",
            "Cache-Control", "no-cache, no-store, must-revalidate",
            "Pragma", "no-cache",
            "Content-Type", "text/plain; charset=utf-8",
            "Content-Length", "2"));
    out.write("OK".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private void image(OutputStream out, String name, boolean export) throws IOException {
    if (!REFERENCE.matcher(name).matches()) {
      json(out, 400, message("invalid reference format"));
      return;
    }
    Image found = find(name);
    if (found == null) {
      json(out, 404, message("No such image: " + name));
      return;
    }
    if (!export) {
      ObjectNode inspect = JSON.createObjectNode();
      inspect.put("Id", found.id());
      inspect.putArray("RepoTags").add(name);
      inspect.putArray("RepoDigests");
      inspect.put("Architecture", "amd64");
      inspect.put("Os", "linux");
      inspect.put("Size", Files.size(found.tarball()));
      json(out, 200, inspect);
      return;
    }
    if (exportFailure != null) {
      json(out, 500, message(exportFailure));
      return;
    }
    head(
        out,
        200,
        Map.of(
            "Api-Version",
            "1.47",
            "Content-Type",
            "application/x-tar",
            "Transfer-Encoding",
            "chunked"));
    streamChunked(out, Files.readAllBytes(found.tarball()));
  }

  private void streamChunked(OutputStream out, byte[] tarball) throws IOException {
    long limit = exportBreaksAfter < 0 ? tarball.length : exportBreaksAfter;
    boolean first = true;
    for (int at = 0; at < tarball.length; at += CHUNK) {
      int length = Math.min(CHUNK, tarball.length - at);
      if (at + length > limit) {
        out.write(Integer.toHexString(length).getBytes(StandardCharsets.US_ASCII));
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(tarball, at, (int) (limit - at > 0 ? limit - at : 0));
        out.flush();
        throw new IOException("export broken off on purpose");
      }
      out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(tarball, at, length);
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
      if (first) {
        out.flush();
        duringExport.run();
        first = false;
      }
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  /** By name, by name with {@code :latest} left out, or by (a prefix of) its ID, as dockerd. */
  private Image find(String name) {
    Image byName = images.get(name);
    if (byName != null) {
      return byName;
    }
    String lastSegment = name.substring(name.lastIndexOf('/') + 1);
    if (!lastSegment.contains(":") && !lastSegment.contains("@")) {
      Image latest = images.get(name + ":latest");
      if (latest != null) {
        return latest;
      }
    }
    String id = name.replaceFirst("^sha256:", "");
    return images.values().stream()
        .filter(image -> image.id().substring("sha256:".length()).startsWith(id))
        .findFirst()
        .orElse(null);
  }

  private static void json(OutputStream out, int status, JsonNode body) throws IOException {
    byte[] bytes = JSON.writeValueAsBytes(body);
    head(
        out,
        status,
        Map.of(
            "Api-Version",
            "1.47",
            "Content-Type",
            "application/json",
            "Content-Length",
            String.valueOf(bytes.length)));
    out.write(bytes);
    out.flush();
  }

  private static void head(OutputStream out, int status, Map<String, String> headers)
      throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 " + status + " " + reason(status) + "\r\n");
    Map<String, String> all = new LinkedHashMap<>(headers);
    all.put("Server", "Docker/27.5.1 (linux)");
    all.put("Connection", "close");
    all.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 400 -> "Bad Request";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      default -> "Internal Server Error";
    };
  }

  private static ObjectNode message(String text) {
    return JSON.createObjectNode().put("message", text);
  }

  /** Percent-decoding of a path, as Go's router sees it ('+' stays '+'). */
  private static String decode(String path) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        bytes.write(Integer.parseInt(path.substring(i + 1, i + 3), 16));
        i += 2;
      } else {
        bytes.write(c);
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static String readLine(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != -1 && b != '\n') {
      line.write(b);
    }
    if (b == -1 && line.size() == 0) {
      return null;
    }
    return line.toString(StandardCharsets.ISO_8859_1).replaceFirst("\r$", "");
  }

  /** The digest of the config that the tarball's manifest.json names: dockerd's image ID. */
  private static String configDigest(Path tarball) {
    try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
      TarArchiveEntry entry;
      while ((entry = tar.getNextEntry()) != null) {
        if (entry.getName().equals("manifest.json")) {
          String config = JSON.readTree(tar.readAllBytes()).path(0).path("Config").asText();
          return "sha256:" + config.replaceFirst("^blobs/sha256/", "").replaceFirst("\\.json$", "");
        }
      }
      throw new IllegalArgumentException(tarball + " has no manifest.json: not a docker save");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException e) {
      // already gone
    }
  }

  @Override
  public void close() {
    closeQuietly(listener);
    threads.shutdownNow();
    if (dockerHost.startsWith("unix://")) {
      try {
        Files.deleteIfExists(Path.of(dockerHost.substring("unix://".length())));
      } catch (IOException e) {
        // the temp folder goes with the test
      }
    }
  }
}
