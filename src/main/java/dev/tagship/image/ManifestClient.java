package dev.tagship.image;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import land.oras.ContainerRef;
import land.oras.auth.AuthProvider;
import land.oras.auth.HttpClient;
import land.oras.auth.HttpClient.ResponseWrapper;
import land.oras.auth.Scope;
import land.oras.auth.Scopes;

/**
 * Reads and writes manifests as raw bytes with their own media type. ORAS's manifest model writes
 * every manifest as an OCI manifest, which a registry rejects for Docker v2.2 manifests and which
 * would change digests; tagship needs the bytes exactly as they were.
 */
final class ManifestClient {

  static final String ACCEPT =
      String.join(
          ", ",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          DockerArchiveConverter.MANIFEST_V2,
          ContentCopier.DOCKER_LIST);

  private final HttpClient http;
  private final AuthProvider auth;
  private final boolean plainHttp;

  ManifestClient(HttpClient http, AuthProvider auth, boolean plainHttp) {
    this.http = http;
    this.auth = auth;
    this.plainHttp = plainHttp;
  }

  /** The manifest {@code ref} names (by tag or digest), exactly as the registry stores it. */
  RawManifest get(ContainerRef ref) {
    ResponseWrapper<String> response =
        http.get(
            uri(ref, reference(ref)), Map.of("Accept", ACCEPT), Scopes.of(ref, Scope.PULL), auth);
    check(response);
    byte[] bytes = response.response().getBytes(StandardCharsets.UTF_8);
    String mediaType = header(response, "content-type");
    return RawManifest.of(bytes, mediaType);
  }

  /**
   * Writes {@code manifest} under {@code reference} (a tag or its digest) in {@code repository}.
   */
  void put(ContainerRef repository, String reference, RawManifest manifest) {
    ResponseWrapper<String> response =
        http.put(
            uri(repository, reference),
            manifest.bytes(),
            Map.of("Content-Type", manifest.mediaType()),
            Scopes.of(repository, Scope.PULL, Scope.PUSH),
            auth);
    check(response);
  }

  private URI uri(ContainerRef ref, String reference) {
    String scheme = plainHttp ? "http" : "https";
    return URI.create(
        scheme
            + "://"
            + ref.getApiRegistry()
            + "/v2/"
            + ref.getFullRepository()
            + "/manifests/"
            + reference);
  }

  private static String reference(ContainerRef ref) {
    return ref.getDigest() != null ? ref.getDigest() : ref.getTag();
  }

  private static void check(ResponseWrapper<String> response) {
    BlobClient.check(response);
  }

  private static String header(ResponseWrapper<String> response, String name) {
    return BlobClient.header(response, name);
  }
}
