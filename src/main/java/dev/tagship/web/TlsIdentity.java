package dev.tagship.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The dashboard's HTTPS identity from the PEM files a CA or certbot hands out: a certificate chain
 * ({@code --tls-cert}) and its unencrypted private key ({@code --tls-key}, PKCS#8 {@code BEGIN
 * PRIVATE KEY} or PKCS#1 {@code BEGIN RSA PRIVATE KEY}), as an in-memory key store.
 */
final class TlsIdentity {

  /** The key store's password: it never leaves memory, so it guards nothing. */
  static final String PASSWORD = "tagship";

  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  private TlsIdentity() {}

  /**
   * @throws IllegalArgumentException naming the file and what is wrong with it
   */
  static KeyStore load(Path certificateFile, Path keyFile) {
    List<Certificate> chain = certificates(certificateFile);
    PrivateKey key = privateKey(keyFile);
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(
          "dashboard", key, PASSWORD.toCharArray(), chain.toArray(Certificate[]::new));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalArgumentException(
          "--tls-key "
              + keyFile
              + " does not go with the certificate in --tls-cert "
              + certificateFile
              + ": "
              + e.getMessage(),
          e);
    }
  }

  private static List<Certificate> certificates(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      List<Certificate> chain =
          List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (chain.isEmpty()) {
        throw new IllegalArgumentException(
            "--tls-cert " + file + " holds no certificate (PEM, -----BEGIN CERTIFICATE-----)");
      }
      return chain;
    } catch (IOException e) {
      throw new IllegalArgumentException("--tls-cert " + file + " cannot be read: " + e, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException(
          "--tls-cert " + file + " is not a PEM certificate chain: " + e.getMessage(), e);
    }
  }

  private static PrivateKey privateKey(Path file) {
    String pem;
    try {
      pem = Files.readString(file, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalArgumentException("--tls-key " + file + " cannot be read: " + e, e);
    }
    Matcher block = BLOCK.matcher(pem);
    while (block.find()) {
      String type = block.group(1);
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(block.group(2).replaceAll("\\s", ""));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--tls-key " + file + " is not valid PEM", e);
      }
      switch (type) {
        case "PRIVATE KEY":
          return pkcs8(file, der);
        case "RSA PRIVATE KEY":
          return pkcs8(file, rsaPkcs1AsPkcs8(der));
        case "ENCRYPTED PRIVATE KEY":
          throw new IllegalArgumentException(
              "--tls-key "
                  + file
                  + " is encrypted; give the key unencrypted in a file only tagship's user can"
                  + " read (openssl pkcs8 -in KEY -out tls.key; chmod 600 tls.key)");
        case "EC PRIVATE KEY":
          throw new IllegalArgumentException(
              "--tls-key "
                  + file
                  + " is an EC key in OpenSSL's own form; convert it to PKCS#8 with: openssl"
                  + " pkcs8 -topk8 -nocrypt -in KEY -out tls.key");
        default:
          // a certificate or parameters beside the key: look further
      }
    }
    throw new IllegalArgumentException(
        "--tls-key " + file + " holds no private key (PEM, -----BEGIN PRIVATE KEY-----)");
  }

  private static PrivateKey pkcs8(Path file, byte[] der) {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String algorithm : List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS")) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // another algorithm's key: try the next
      }
    }
    throw new IllegalArgumentException(
        "--tls-key " + file + " is not an RSA, EC or EdDSA private key tagship can read");
  }

  /** Wraps a PKCS#1 RSA key in the PKCS#8 structure Java reads (RFC 5208). */
  private static byte[] rsaPkcs1AsPkcs8(byte[] pkcs1) {
    byte[] rsaAlgorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = der(0x04, pkcs1);
    byte[] content = new byte[version.length + rsaAlgorithm.length + octets.length];
    System.arraycopy(version, 0, content, 0, version.length);
    System.arraycopy(rsaAlgorithm, 0, content, version.length, rsaAlgorithm.length);
    System.arraycopy(octets, 0, content, version.length + rsaAlgorithm.length, octets.length);
    return der(0x30, content);
  }

  private static byte[] der(int tag, byte[] content) {
    int length = content.length;
    byte[] lengthBytes;
    if (length < 0x80) {
      lengthBytes = new byte[] {(byte) length};
    } else if (length < 0x100) {
      lengthBytes = new byte[] {(byte) 0x81, (byte) length};
    } else if (length < 0x10000) {
      lengthBytes = new byte[] {(byte) 0x82, (byte) (length >> 8), (byte) length};
    } else {
      lengthBytes =
          new byte[] {(byte) 0x83, (byte) (length >> 16), (byte) (length >> 8), (byte) length};
    }
    byte[] out = new byte[1 + lengthBytes.length + length];
    out[0] = (byte) tag;
    System.arraycopy(lengthBytes, 0, out, 1, lengthBytes.length);
    System.arraycopy(content, 0, out, 1 + lengthBytes.length, length);
    return out;
  }
}
