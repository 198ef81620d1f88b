package dev.tagship.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A test certificate authority and a server certificate for 127.0.0.1 signed by it, made with the
 * openssl command line, as a team's private CA would issue one.
 */
public record TestCertificates(Path directory) {

  public static TestCertificates create(Path directory) {
    try {
      Files.createDirectories(directory);
      Path extensions = directory.resolve("server.ext");
      Files.writeString(
          extensions,
          "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
              + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
      run(
          directory,
          "openssl",
          "req",
          "-x509",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-days",
          "2",
          "-subj",
          "/CN=tagship test CA",
          "-keyout",
          "ca.key",
          "-out",
          "ca.crt");
      run(
          directory,
          "openssl",
          "req",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-subj",
          "/CN=127.0.0.1",
          "-keyout",
          "server.key",
          "-out",
          "server.csr");
      run(
          directory,
          "openssl",
          "x509",
          "-req",
          "-in",
          "server.csr",
          "-CA",
          "ca.crt",
          "-CAkey",
          "ca.key",
          "-CAcreateserial",
          "-days",
          "2",
          "-extfile",
          "server.ext",
          "-out",
          "server.crt");
      Files.writeString(
          directory.resolve("signer.ext"),
          "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n");
      run(
          directory,
          "openssl",
          "req",
          "-newkey",
          "rsa:2048",
          "-nodes",
          "-subj",
          "/CN=tagship test token signer",
          "-keyout",
          "signer.key",
          "-out",
          "signer.csr");
      run(
          directory,
          "openssl",
          "x509",
          "-req",
          "-in",
          "signer.csr",
          "-CA",
          "ca.crt",
          "-CAkey",
          "ca.key",
          "-CAcreateserial",
          "-days",
          "2",
          "-extfile",
          "signer.ext",
          "-out",
          "signer.crt");
      Path trust = Files.createDirectories(directory.resolve("trust"));
      Files.copy(directory.resolve("ca.crt"), trust.resolve("ca.crt"));
      return new TestCertificates(directory);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public Path caCertificate() {
    return directory.resolve("ca.crt");
  }

  /** A folder with only the CA certificate, for tools such as skopeo's --cert-dir. */
  public Path trustDirectory() {
    return directory.resolve("trust");
  }

  /** Signs registry access tokens (JWT); the registry trusts it through the CA. */
  public Path signerCertificate() {
    return directory.resolve("signer.crt");
  }

  public Path signerKey() {
    return directory.resolve("signer.key");
  }

  public Path caKey() {
    return directory.resolve("ca.key");
  }

  public Path serverCertificate() {
    return directory.resolve("server.crt");
  }

  public Path serverKey() {
    return directory.resolve("server.key");
  }

  /** An SSL context that trusts only this CA. */
  public SSLContext trustingContext() {
    try (InputStream in = Files.newInputStream(caCertificate())) {
      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static void run(Path directory, String... command) throws IOException {
    Process process =
        new ProcessBuilder(List.of(command))
            .directory(directory.toFile())
            .redirectErrorStream(true)
            .start();
    byte[] output = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command) + " failed: " + new String(output));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
