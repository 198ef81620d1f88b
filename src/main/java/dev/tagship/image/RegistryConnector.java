package dev.tagship.image;

import java.util.List;
import java.util.concurrent.ExecutorService;
import land.oras.Registry;
import land.oras.auth.AuthProvider;
import land.oras.auth.AuthStore;
import land.oras.auth.AuthStoreAuthenticationProvider;
import land.oras.auth.HttpClient;
import land.oras.auth.NoAuthProvider;
import land.oras.auth.UsernamePasswordProvider;

/**
 * Connects to a registry as {@link RegistryAccess} says: an ORAS client for blobs, and a {@link
 * ManifestClient} on ORAS's HTTP client and sign-in for manifests, which must keep their exact
 * bytes and media type.
 */
final class RegistryConnector {

  private RegistryConnector() {}

  static RegistryConnection connect(RegistryAccess access, ExecutorService executor) {
    AuthProvider auth = authProvider(access);
    Registry.Builder builder =
        Registry.builder().withExecutorService(executor).withAuthProvider(auth);
    HttpClient.Builder http = HttpClient.Builder.builder();
    if (access.plainHttp()) {
      builder.withInsecure(true);
    }
    if (access.insecureSkipTlsVerify()) {
      builder.withSkipTlsVerify(true);
      http.withSkipTlsVerify(true);
    }
    if (access.caFile() != null) {
      builder.withCaFile(access.caFile());
      http.withCaFile(access.caFile());
    }
    HttpClient client = http.build();
    return new RegistryConnection(
        builder.build(),
        new ManifestClient(client, auth, access.plainHttp()),
        new BlobClient(client, auth, access.plainHttp()));
  }

  private static AuthProvider authProvider(RegistryAccess access) {
    if (access.credentials() != null) {
      return new UsernamePasswordProvider(
          access.credentials().username(), access.credentials().password());
    }
    if (access.dockerConfig() != null) {
      return new AuthStoreAuthenticationProvider(
          AuthStore.newStore(List.of(access.dockerConfig())));
    }
    return new NoAuthProvider();
  }

  /** The two clients of one registry connection. */
  /** The clients of one registry connection: ORAS for reading blobs, ours for the rest. */
  record RegistryConnection(Registry reader, ManifestClient manifests, BlobClient blobs) {}
}
