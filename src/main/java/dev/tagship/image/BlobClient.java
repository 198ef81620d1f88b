package dev.tagship.image;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The blob half of the distribution API: existence check, cross-repository mount, streamed
 * monolithic upload and streamed read. Every failure keeps the registry's status code, so faults
 * can be told apart.
 */
final class BlobClient {

  private final RegistryHttp http;

  BlobClient(RegistryHttp http) {
    this.http = http;
  }

  boolean exists(RepositoryRef repository, String digest) {
    URI uri = blobUri(repository, digest);
    RegistryHttp.Response response =
        http.send("HEAD", uri, Map.of(), null, List.of(repository.pullScope()));
    if (response.status() == 404) {
      return false;
    }
    check("HEAD", uri, response);
    return true;
  }

  /** Asks the registry to link a blob from {@code from} (same registry); false if it will not. */
  boolean mount(RepositoryRef repository, String digest, RepositoryRef from) {
    URI uri = URI.create(uploads(repository) + "?mount=" + digest + "&from=" + from.repository());
    RegistryHttp.Response response =
        http.send(
            "POST",
            uri,
            Map.of(),
            RegistryHttp.Body.of(new byte[0]),
            List.of(repository.pushScope(), from.pullScope()));
    return response.status() == 201;
  }

  /** Streams a blob of {@code size} bytes into {@code repository}. */
  void upload(RepositoryRef repository, String digest, RegistryHttp.Body content) {
    List<String> scopes = List.of(repository.pushScope());
    URI start = uploads(repository);
    RegistryHttp.Response session =
        http.send("POST", start, Map.of(), RegistryHttp.Body.of(new byte[0]), scopes);
    check("POST", start, session);
    String location = session.header("location");
    if (location == null) {
      throw new RegistryException(session.status(), "the registry gave no upload location");
    }
    URI upload = start.resolve(location);
    String separator = upload.getRawQuery() == null ? "?" : "&";
    URI finish = URI.create(upload + separator + "digest=" + digest);
    RegistryHttp.Response response =
        http.send(
            "PUT", finish, Map.of("Content-Type", "application/octet-stream"), content, scopes);
    check("PUT", finish, response);
  }

  /** Streams a blob out of {@code repository}; the caller closes the stream. */
  InputStream open(RepositoryRef repository, String digest) {
    return http.download(blobUri(repository, digest), List.of(repository.pullScope()));
  }

  private URI blobUri(RepositoryRef repository, String digest) {
    return http.api(repository.apiHost()).resolve(repository.repository() + "/blobs/" + digest);
  }

  private URI uploads(RepositoryRef repository) {
    return http.api(repository.apiHost()).resolve(repository.repository() + "/blobs/uploads/");
  }

  static void check(String method, URI uri, RegistryHttp.Response response) {
    if (!response.isSuccess()) {
      throw RegistryHttp.failure(method, uri, response);
    }
  }
}
