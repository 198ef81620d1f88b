package dev.tagship.image;

import java.io.InputStream;
import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import land.oras.ContainerRef;
import land.oras.auth.AuthProvider;
import land.oras.auth.HttpClient;
import land.oras.auth.HttpClient.ResponseWrapper;
import land.oras.auth.Scope;
import land.oras.auth.Scopes;
import land.oras.exception.OrasException;

/**
 * The blob half of the distribution API on ORAS's HTTP client and sign-in: existence check,
 * cross-repository mount, and a streamed monolithic upload. Every registry answer keeps its status
 * code, so faults can be told apart (ORAS's own blob calls drop it on some errors).
 */
final class BlobClient {

  private final HttpClient http;
  private final AuthProvider auth;
  private final String scheme;

  BlobClient(HttpClient http, AuthProvider auth, boolean plainHttp) {
    this.http = http;
    this.auth = auth;
    this.scheme = plainHttp ? "http" : "https";
  }

  boolean exists(ContainerRef repository, String digest) {
    ResponseWrapper<String> response =
        http.head(blobUri(repository, digest), Map.of(), Scopes.of(repository, Scope.PULL), auth);
    if (response.statusCode() == 404) {
      return false;
    }
    check(response);
    return true;
  }

  /** Asks the registry to link a blob from {@code from} (same registry); false if it will not. */
  boolean mount(ContainerRef repository, String digest, ContainerRef from) {
    URI uri =
        base(repository)
            .resolve(
                "/v2/"
                    + repository.getFullRepository()
                    + "/blobs/uploads/?mount="
                    + digest
                    + "&from="
                    + from.getFullRepository());
    Scopes scopes =
        Scopes.of(repository, Scope.PULL, Scope.PUSH)
            .withNewScope("repository:" + from.getFullRepository() + ":pull");
    ResponseWrapper<String> response = http.post(uri, new byte[0], Map.of(), scopes, auth);
    return response.statusCode() == 201;
  }

  /** Streams a blob of {@code size} bytes into {@code repository}. */
  void upload(ContainerRef repository, String digest, long size, Supplier<InputStream> content) {
    Scopes scopes = Scopes.of(repository, Scope.PULL, Scope.PUSH);
    URI start =
        base(repository).resolve("/v2/" + repository.getFullRepository() + "/blobs/uploads/");
    ResponseWrapper<String> session = http.post(start, new byte[0], Map.of(), scopes, auth);
    check(session);
    String location = header(session, "location");
    if (location == null) {
      throw new OrasException(session.statusCode(), "the registry gave no upload location");
    }
    URI upload = base(repository).resolve(location);
    String separator = upload.getRawQuery() == null ? "?" : "&";
    URI finish = URI.create(upload + separator + "digest=" + digest);
    ResponseWrapper<String> response =
        http.upload(
            finish,
            size,
            Map.of("Content-Type", "application/octet-stream"),
            content,
            scopes,
            auth);
    check(response);
  }

  private URI blobUri(ContainerRef repository, String digest) {
    return base(repository).resolve("/v2/" + repository.getFullRepository() + "/blobs/" + digest);
  }

  private URI base(ContainerRef repository) {
    return URI.create(scheme + "://" + repository.getApiRegistry() + "/");
  }

  static void check(ResponseWrapper<String> response) {
    if (response.statusCode() < 200 || response.statusCode() >= 300) {
      throw new OrasException(response.statusCode(), String.valueOf(response.response()));
    }
  }

  static String header(ResponseWrapper<String> response, String name) {
    for (Map.Entry<String, String> header : response.headers().entrySet()) {
      if (header.getKey().toLowerCase(Locale.ROOT).equals(name)) {
        return header.getValue();
      }
    }
    return null;
  }
}
