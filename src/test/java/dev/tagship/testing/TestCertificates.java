package dev.tagship.testing;

import dev.tagship.core.PemTrust;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

/**
 * A test certificate authority and a server certificate for 127.0.0.1 signed by it, made with the
 * openssl command line, as a team's private CA would issue one.
 */
public record TestCertificates(Path directory) {

  public static TestCertificates create(Path directory) {
    try {
      Files.createDirectories(directory);
      run(
          directory,
          "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -keyout ca.key -out ca.crt" + " -subj",
          "/CN=tagship test CA");
      issue(
          directory,
          "server",
          "/CN=127.0.0.1",
          "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
              + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
      issue(
          directory,
          "signer",
          "/CN=tagship test token signer",
          "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\n");
      Path trust = Files.createDirectories(directory.resolve("trust"));
      Files.copy(directory.resolve("ca.crt"), trust.resolve("ca.crt"));
      return new TestCertificates(directory);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A key and a certificate NAME.key / NAME.crt for {@code subject}, signed by the CA. */
  private static void issue(Path directory, String name, String subject, String extensions)
      throws IOException {
    Files.writeString(directory.resolve(name + ".ext"), extensions);
    run(
        directory,
        "openssl req -newkey rsa:2048 -nodes -keyout " + name + ".key -out " + name + ".csr -subj",
        subject);
    run(
        directory,
        "openssl x509 -req -in "
            + name
            + ".csr -CA ca.crt -CAkey ca.key"
            + " -CAcreateserial -days 2 -extfile "
            + name
            + ".ext -out "
            + name
            + ".crt",
        null);
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

  /** An SSL context that presents the server certificate (for a test HTTPS server). */
  public SSLContext serverContext() {
    return serverContext(null);
  }

  /**
   * An SSL context that presents the server certificate and trusts only client certificates this CA
   * signed (the server must still ask for one, with {@code setNeedClientAuth}).
   */
  public SSLContext mutualTlsServerContext() {
    try {
      return serverContext(PemTrust.trustManagers(caCertificate()));
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private SSLContext serverContext(javax.net.ssl.TrustManager[] trust) {
    try {
      String pem = Files.readString(serverKey());
      byte[] der =
          java.util.Base64.getMimeDecoder()
              .decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
      java.security.PrivateKey key =
          java.security.KeyFactory.getInstance("RSA")
              .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
      java.security.cert.Certificate certificate;
      try (var in = Files.newInputStream(serverCertificate())) {
        certificate =
            java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
      }
      java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] password = "test".toCharArray();
      store.setKeyEntry(
          "server", key, password, new java.security.cert.Certificate[] {certificate});
      javax.net.ssl.KeyManagerFactory keys =
          javax.net.ssl.KeyManagerFactory.getInstance(
              javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, password);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys.getKeyManagers(), trust, null);
      return context;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A folder as {@code DOCKER_CERT_PATH} wants it: ca.pem, and a client certificate signed by the
   * CA in cert.pem with its key in key.pem, in the PKCS#1 form docker-machine writes ({@code BEGIN
   * RSA PRIVATE KEY}).
   */
  public Path dockerCertPath(Path folder) {
    try {
      Files.createDirectories(folder);
      issue(
          directory,
          "docker-client",
          "/CN=docker client",
          "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n");
      Files.copy(caCertificate(), folder.resolve("ca.pem"));
      Files.copy(directory.resolve("docker-client.crt"), folder.resolve("cert.pem"));
      run(
          directory,
          "openssl rsa -traditional -in docker-client.key -out " + folder.resolve("key.pem"),
          null);
      return folder;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** An SSL context that trusts only this CA. */
  public SSLContext trustingContext() {
    try {
      return PemTrust.sslContext(caCertificate());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code commandLine} (split on spaces) with {@code lastArgument}, which may hold spaces.
   */
  private static void run(Path directory, String commandLine, String lastArgument)
      throws IOException {
    List<String> command = new java.util.ArrayList<>(List.of(commandLine.split(" ")));
    if (lastArgument != null) {
      command.add(lastArgument);
    }
    Process process =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    byte[] output = process.getInputStream().readAllBytes();
    try {
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException(commandLine + " failed: " + new String(output));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
