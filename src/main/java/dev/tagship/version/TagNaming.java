package dev.tagship.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;

/**
 * How version tags of one component are named: {@code v1.2.3} and {@code 1.2.3} read, {@code
 * v1.2.3} written; with a component {@code web/v1.2.3}. A custom prefix ending in {@code v} also
 * reads the same prefix without it.
 */
final class TagNaming {

  private final String writePrefix;
  private final List<String> readPrefixes;

  private TagNaming(String writePrefix) {
    this.writePrefix = writePrefix;
    List<String> prefixes = new ArrayList<>(List.of(writePrefix));
    if (writePrefix.endsWith("v")) {
      prefixes.add(writePrefix.substring(0, writePrefix.length() - 1));
    }
    this.readPrefixes = List.copyOf(prefixes);
  }

  static TagNaming of(VersionRequest request) {
    if (request.tagPrefix() != null) {
      return new TagNaming(request.tagPrefix());
    }
    return new TagNaming(request.component() == null ? "v" : request.component() + "/v");
  }

  /** The part of {@code refs/tags/} that every version tag of this component starts with. */
  String refPrefix() {
    return Constants.R_TAGS + readPrefixes.get(readPrefixes.size() - 1);
  }

  String tagName(SemVer version) {
    return writePrefix + version;
  }

  /** The version a tag name carries, or empty when the tag is not one of this component's. */
  Optional<SemVer> parse(String tagName) {
    for (String prefix : readPrefixes) {
      if (tagName.startsWith(prefix)) {
        Optional<SemVer> version = SemVer.tryParse(tagName.substring(prefix.length()));
        if (version.isPresent()) {
          return version;
        }
      }
    }
    return Optional.empty();
  }
}
