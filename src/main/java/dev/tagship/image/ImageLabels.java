package dev.tagship.image;

import dev.tagship.version.SemVer;
import dev.tagship.version.SourceRevision;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OCI annotations a build's image carries by default: {@code org.opencontainers.image.
 * revision} and {@code .source} from git, {@code .version} from the first version tag. Labels the
 * user gives win.
 */
public final class ImageLabels {

  private ImageLabels() {}

  public static Map<String, String> defaults(
      Path workspace, List<String> tags, Map<String, String> given) {
    Map<String, String> labels = new LinkedHashMap<>();
    SourceRevision.read(workspace)
        .ifPresent(
            revision -> {
              labels.put("org.opencontainers.image.revision", revision.commit());
              if (revision.sourceUrl() != null) {
                labels.put("org.opencontainers.image.source", revision.sourceUrl());
              }
            });
    tags.stream()
        .filter(tag -> SemVer.tryParse(tag.startsWith("v") ? tag.substring(1) : tag).isPresent())
        .findFirst()
        .ifPresent(version -> labels.put("org.opencontainers.image.version", version));
    labels.putAll(given);
    return labels;
  }
}
