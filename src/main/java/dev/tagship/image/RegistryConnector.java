package dev.tagship.image;

import dev.tagship.core.PemTrust;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/** Connects to a registry as {@link RegistryAccess} says: TLS trust, and who to sign in as. */
final class RegistryConnector {

  private RegistryConnector() {}

  static RegistryConnection connect(RegistryAccess access, String registry) {
    SSLSocketFactory sockets = null;
    HostnameVerifier hostnames = null;
    if (access.insecureSkipTlsVerify()) {
      sockets = trustingEverything();
      hostnames = (host, session) -> true; // asked for with --insecure-skip-tls-verify
    } else if (access.caFile() != null) {
      try {
        sockets = PemTrust.sslContext(access.caFile()).getSocketFactory();
      } catch (IOException | GeneralSecurityException e) {
        throw ImageException.usage(
            "cannot read the CA file "
                + access.caFile()
                + " ("
                + e.getMessage()
                + "); give a PEM file of the registry's CA certificates");
      }
    }
    RegistryAuthorizer.CredentialSource credentials;
    if (access.credentials() != null) {
      credentials = access::credentials;
    } else if (access.dockerConfig() != null) {
      DockerConfigCredentials config = new DockerConfigCredentials(access.dockerConfig());
      credentials = () -> config.find(registry);
    } else {
      credentials = () -> null;
    }
    RegistryHttp http = new RegistryHttp(access.plainHttp(), sockets, hostnames, credentials);
    return new RegistryConnection(new ManifestClient(http), new BlobClient(http));
  }

  private static SSLSocketFactory trustingEverything() {
    TrustManager everything =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {everything}, new SecureRandom());
      return context.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK offers no TLS", e);
    }
  }

  /** The clients of one registry connection. */
  record RegistryConnection(ManifestClient manifests, BlobClient blobs) {}
}
