package dev.tagship.image;

import dev.tagship.core.PemTrust;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * The TLS of {@code DOCKER_TLS_VERIFY}: trust the daemon's CA (ca.pem) and present this client's
 * certificate (cert.pem, key.pem). As with the docker CLI, a missing ca.pem means the system's
 * trusted CAs and a missing cert.pem and key.pem means no client certificate. Bouncy Castle reads
 * key.pem because Docker's tools write it in any of three forms (PKCS#1 RSA, SEC1 EC, PKCS#8).
 */
final class DockerTls {

  private DockerTls() {}

  static SSLSocketFactory socketFactory(Path folder) {
    Path ca = folder.resolve("ca.pem");
    Path cert = folder.resolve("cert.pem");
    Path key = folder.resolve("key.pem");
    try {
      TrustManager[] trust = Files.exists(ca) ? PemTrust.trustManagers(ca) : null;
      KeyManager[] keys = null;
      if (Files.exists(cert) || Files.exists(key)) {
        keys = clientKeys(cert, key);
      }
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keys, trust, null);
      return context.getSocketFactory();
    } catch (IOException | GeneralSecurityException e) {
      throw ImageException.usage(
          "cannot read the Docker TLS files in "
              + folder
              + " ("
              + e.getMessage()
              + "); DOCKER_CERT_PATH must hold ca.pem, cert.pem and key.pem in PEM form");
    }
  }

  private static KeyManager[] clientKeys(Path cert, Path key)
      throws IOException, GeneralSecurityException {
    if (!Files.exists(cert) || !Files.exists(key)) {
      throw ImageException.usage(
          "the Docker client certificate needs both "
              + cert
              + " and "
              + key
              + "; one of them is missing");
    }
    Certificate[] chain;
    try (InputStream in = Files.newInputStream(cert)) {
      chain =
          CertificateFactory.getInstance("X.509")
              .generateCertificates(in)
              .toArray(Certificate[]::new);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    char[] password = new char[0];
    store.setKeyEntry("docker-client", privateKey(key), password, chain);
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, password);
    return factory.getKeyManagers();
  }

  private static PrivateKey privateKey(Path key) throws IOException {
    Object read;
    try (Reader reader = Files.newBufferedReader(key);
        PEMParser parser = new PEMParser(reader)) {
      read = parser.readObject();
    }
    JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
    if (read instanceof PEMKeyPair pair) {
      return converter.getKeyPair(pair).getPrivate();
    }
    if (read instanceof PrivateKeyInfo info) {
      return converter.getPrivateKey(info);
    }
    throw ImageException.usage(
        key
            + " holds no unencrypted private key; the docker CLI needs one too (BEGIN PRIVATE KEY,"
            + " BEGIN RSA PRIVATE KEY or BEGIN EC PRIVATE KEY)");
  }
}
