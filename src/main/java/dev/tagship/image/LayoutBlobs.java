package dev.tagship.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** The blobs of an OCI image layout: {@code blobs/<algorithm>/<hex>} files. */
record LayoutBlobs(Path directory) implements BlobSource {

  private static final Pattern DIGEST = Pattern.compile("(sha256|sha512):([a-f0-9]{64,128})");

  @Override
  public InputStream open(String digest) {
    var parts = DIGEST.matcher(digest == null ? "" : digest);
    if (!parts.matches()) {
      throw ImageException.failure(
          directory + " names a blob by '" + digest + "', which is not a digest");
    }
    Path file = directory.resolve("blobs").resolve(parts.group(1)).resolve(parts.group(2));
    try {
      return Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw ImageException.failure(
          directory + " is incomplete: it lacks blob " + digest + " (" + file + ")");
    } catch (IOException e) {
      throw ImageException.failure("cannot read " + file + ": " + e.getMessage(), e);
    }
  }
}
