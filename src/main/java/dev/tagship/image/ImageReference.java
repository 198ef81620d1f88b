package dev.tagship.image;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code registry/repository[:tag][@digest]}, as Docker and skopeo write it. The registry part is
 * required: tagship never guesses Docker Hub.
 */
public record ImageReference(String registry, String repository, String tag, String digest) {

  static final Pattern REPOSITORY =
      Pattern.compile(
          "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
  static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");
  static final Pattern DIGEST = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final Pattern REFERENCE =
      Pattern.compile(
          "(?<registry>[^/]+)/(?<repository>[^:@]+)(?::(?<tag>[^@]+))?(?:@(?<digest>.+))?");

  public ImageReference {
    if (registry == null || registry.isBlank()) {
      throw ImageException.usage(
          "an image reference needs a registry, e.g. myreg.azurecr.io/shop:1.0.0");
    }
    checkRepository(repository);
    if (tag != null && !TAG.matcher(tag).matches()) {
      throw ImageException.usage(
          "tag '" + tag + "' is not valid: use letters, digits, '_', '.', '-' (at most 128)");
    }
    if (digest != null && !DIGEST.matcher(digest).matches()) {
      throw ImageException.usage("digest '" + digest + "' is not a sha256 digest");
    }
  }

  public static ImageReference parse(String text) {
    Matcher m = REFERENCE.matcher(text == null ? "" : text.trim());
    if (!m.matches()
        || !(m.group("registry").contains(".")
            || m.group("registry").contains(":")
            || m.group("registry").equals("localhost"))) {
      throw ImageException.usage(
          "'"
              + text
              + "' is not an image reference with a registry; write it as"
              + " REGISTRY/REPOSITORY:TAG, e.g. myreg.azurecr.io/shop:1.4.2");
    }
    return new ImageReference(
        m.group("registry"), m.group("repository"), m.group("tag"), m.group("digest"));
  }

  static void checkRepository(String repository) {
    if (repository == null || !REPOSITORY.matcher(repository).matches()) {
      throw ImageException.usage(
          "repository '"
              + repository
              + "' is not valid: use lower-case letters, digits and"
              + " separators (. _ - /), e.g. shop or team/shop");
    }
  }

  /** What to ask the registry for: the digest, else the tag, else {@code latest} as docker does. */
  String manifestReference() {
    return digest != null ? digest : tag != null ? tag : "latest";
  }

  @Override
  public String toString() {
    return registry
        + "/"
        + repository
        + (tag == null ? "" : ":" + tag)
        + (digest == null ? "" : "@" + digest);
  }
}
