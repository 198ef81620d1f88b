package dev.tagship.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLSocketFactory;

/**
 * HTTP to one registry, signing in as its challenge asks ({@link RegistryAuthorizer}). Built on the
 * JDK's {@link HttpURLConnection}: it lives in java.base, keeps connections alive across threads,
 * and starts in a fraction of the classes a richer client loads, which matters because a push is
 * often one short process. Redirects are followed by hand, so credentials never travel to another
 * host (ACR sends blob reads to Azure Storage with a signed URL).
 */
final class RegistryHttp {

  private static final int CONNECT_TIMEOUT_MILLIS = 30_000;
  private static final int READ_TIMEOUT_MILLIS = 300_000;
  private static final int MAX_REDIRECTS = 5;
  private static final int COPY_BUFFER = 1 << 20;

  /** A request body that can be sent again after a new sign-in. */
  interface Body {
    long length();

    InputStream open() throws IOException;

    static Body of(byte[] bytes) {
      return new Body() {
        @Override
        public long length() {
          return bytes.length;
        }

        @Override
        public InputStream open() {
          return new ByteArrayInputStream(bytes);
        }
      };
    }
  }

  /** A whole answer; the body is read (and the connection given back) already. */
  record Response(int status, Map<String, List<String>> headers, byte[] body) {

    String header(String name) {
      return RegistryHttp.header(headers, name);
    }

    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    boolean isSuccess() {
      return status >= 200 && status < 300;
    }
  }

  private final String scheme;
  private final SSLSocketFactory sockets;
  private final HostnameVerifier hostnames;
  private final RegistryAuthorizer authorizer;

  /**
   * @param sockets TLS sockets trusting a private CA or anything; null for the JDK's default trust
   * @param hostnames null to verify host names as usual
   */
  RegistryHttp(
      boolean plainHttp,
      SSLSocketFactory sockets,
      HostnameVerifier hostnames,
      RegistryAuthorizer.CredentialSource credentials) {
    this.scheme = plainHttp ? "http" : "https";
    this.sockets = sockets;
    this.hostnames = hostnames;
    this.authorizer = new RegistryAuthorizer(credentials, this::exchangeWithoutSignIn);
  }

  /** The base of the registry API on {@code host}, e.g. {@code https://myreg.azurecr.io/v2/}. */
  URI api(String host) {
    return URI.create(scheme + "://" + host + "/v2/");
  }

  /**
   * Sends a request, signing in and sending it once more when the registry asks for credentials;
   * answers whatever status the registry gave.
   */
  Response send(
      String method, URI uri, Map<String, String> headers, Body body, List<String> scopes) {
    Answer answer = sendSignedIn(method, uri, headers, body, scopes);
    return answer.readWhole();
  }

  /** Streams a blob; the caller closes the stream. */
  InputStream download(URI uri, List<String> scopes) {
    Answer answer = sendSignedIn("GET", uri, Map.of(), null, scopes);
    if (answer.status < 200 || answer.status >= 300) {
      throw failure("GET", uri, answer.readWhole());
    }
    return answer.stream();
  }

  static RegistryException failure(String method, URI uri, Response response) {
    String text = response.text().strip();
    return new RegistryException(
        response.status(),
        method
            + " "
            + uri.getRawPath()
            + " answered "
            + response.status()
            + (text.isEmpty() ? "" : ": " + (text.length() > 300 ? text.substring(0, 300) : text)));
  }

  private Answer sendSignedIn(
      String method, URI uri, Map<String, String> headers, Body body, List<String> scopes) {
    String authorization = authorizer.authorization(scopes);
    Answer answer = exchange(method, uri, headers, body, authorization);
    // Only the registry itself may ask for its credentials, never a host it redirected to.
    if (answer.status == 401
        && sameOrigin(answer.uri, uri)
        && authorizer.challenged(answer.header("www-authenticate"), scopes, authorization)) {
      answer.discard();
      answer = exchange(method, uri, headers, body, authorizer.authorization(scopes));
    }
    return answer;
  }

  private Response exchangeWithoutSignIn(
      String method, URI uri, Map<String, String> headers, Body body, String authorization) {
    return exchange(method, uri, headers, body, authorization).readWhole();
  }

  private Answer exchange(
      String method, URI uri, Map<String, String> headers, Body body, String authorization) {
    URI current = uri;
    String credentials = authorization;
    for (int redirects = 0; ; redirects++) {
      Answer answer = exchangeOnce(method, current, headers, body, credentials);
      String location = answer.header("location");
      boolean redirected =
          (method.equals("GET") || method.equals("HEAD"))
              && location != null
              && (answer.status == 301
                  || answer.status == 302
                  || answer.status == 303
                  || answer.status == 307
                  || answer.status == 308);
      if (!redirected || redirects == MAX_REDIRECTS) {
        return answer;
      }
      answer.discard();
      URI next = current.resolve(location);
      if (!sameOrigin(next, current)) {
        credentials = null;
      }
      current = next;
    }
  }

  private Answer exchangeOnce(
      String method, URI uri, Map<String, String> headers, Body body, String authorization) {
    try {
      HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
      if (connection instanceof HttpsURLConnection https) {
        if (sockets != null) {
          https.setSSLSocketFactory(sockets);
        }
        if (hostnames != null) {
          https.setHostnameVerifier(hostnames);
        }
      }
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout(CONNECT_TIMEOUT_MILLIS);
      connection.setReadTimeout(READ_TIMEOUT_MILLIS);
      connection.setRequestMethod(method);
      connection.setRequestProperty("User-Agent", "tagship");
      headers.forEach(connection::setRequestProperty);
      if (authorization != null) {
        connection.setRequestProperty("Authorization", authorization);
      }
      if (body != null) {
        connection.setDoOutput(true);
        connection.setFixedLengthStreamingMode(body.length());
        try (InputStream in = body.open();
            OutputStream out = connection.getOutputStream()) {
          copy(in, out);
        }
      }
      return new Answer(connection, uri, connection.getResponseCode());
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + withoutQuery(uri) + ": " + describe(e), e);
    }
  }

  private static boolean sameOrigin(URI one, URI other) {
    return one.getScheme().equalsIgnoreCase(other.getScheme())
        && String.valueOf(one.getRawAuthority()).equalsIgnoreCase(other.getRawAuthority());
  }

  /** The address without its query, which for storage redirects holds a signature. */
  static String withoutQuery(URI uri) {
    return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
  }

  private static void copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[COPY_BUFFER];
    for (int read; (read = in.read(buffer)) >= 0; ) {
      out.write(buffer, 0, read);
    }
  }

  private static String describe(IOException e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  static String header(Map<String, List<String>> headers, String name) {
    for (Map.Entry<String, List<String>> header : headers.entrySet()) {
      if (header.getKey() != null
          && header.getKey().toLowerCase(Locale.ROOT).equals(name)
          && !header.getValue().isEmpty()) {
        return header.getValue().get(0);
      }
    }
    return null;
  }

  /** An answer whose body is not read yet. */
  private static final class Answer {
    private final HttpURLConnection connection;
    private final URI uri;
    private final int status;

    /**
     * @param uri where the answer came from, after redirects
     */
    Answer(HttpURLConnection connection, URI uri, int status) {
      this.connection = connection;
      this.uri = uri;
      this.status = status;
    }

    String header(String name) {
      return RegistryHttp.header(connection.getHeaderFields(), name);
    }

    Response readWhole() {
      try (InputStream in = body()) {
        byte[] bytes = in == null ? new byte[0] : in.readAllBytes();
        return new Response(status, connection.getHeaderFields(), bytes);
      } catch (IOException e) {
        throw new UncheckedIOException(
            "reading the answer of " + withoutQuery(uri) + ": " + describe(e), e);
      }
    }

    /** Reads and drops the body, so the connection can be used again. */
    void discard() {
      readWhole();
    }

    InputStream stream() {
      try {
        return connection.getInputStream();
      } catch (IOException e) {
        throw new UncheckedIOException("reading " + withoutQuery(uri) + ": " + describe(e), e);
      }
    }

    private InputStream body() throws IOException {
      if (status >= 400) {
        return connection.getErrorStream();
      }
      return connection.getRequestMethod().equals("HEAD") ? null : connection.getInputStream();
    }
  }
}
