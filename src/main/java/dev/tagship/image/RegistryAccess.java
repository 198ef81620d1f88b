package dev.tagship.image;

import java.nio.file.Path;

/**
 * How to reach a registry, with Helm's and Docker's option names.
 *
 * @param plainHttp the registry speaks HTTP, not HTTPS ({@code --plain-http})
 * @param caFile a private CA to trust ({@code --ca-file}); verification stays on
 * @param insecureSkipTlsVerify trust any certificate ({@code --insecure-skip-tls-verify})
 * @param credentials user name and password; null to use {@code dockerConfig} or none
 * @param dockerConfig a Docker {@code config.json} (auths and credential helpers); null for none
 */
public record RegistryAccess(
    boolean plainHttp,
    Path caFile,
    boolean insecureSkipTlsVerify,
    RegistryCredentials credentials,
    Path dockerConfig) {

  public static RegistryAccess defaults() {
    return new RegistryAccess(false, null, false, null, null);
  }

  public RegistryAccess withCredentials(RegistryCredentials value) {
    return new RegistryAccess(plainHttp, caFile, insecureSkipTlsVerify, value, dockerConfig);
  }
}
