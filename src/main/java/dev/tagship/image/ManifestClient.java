package dev.tagship.image;

import dev.tagship.core.JsonTree;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes manifests as raw bytes with their own media type, so digests stay what they were
 * (a Docker v2.2 manifest stays one), and lists tags.
 */
final class ManifestClient {

  private static final int MAX_TAG_PAGES = 10_000;

  static final String ACCEPT =
      String.join(
          ", ",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.oci.image.index.v1+json",
          DockerArchiveConverter.MANIFEST_V2,
          ContentCopier.DOCKER_LIST);

  private static final Pattern NEXT_PAGE = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");

  private final RegistryHttp http;

  ManifestClient(RegistryHttp http) {
    this.http = http;
  }

  /** The manifest {@code reference} (a tag or digest) names, exactly as the registry stores it. */
  RawManifest get(RepositoryRef repository, String reference) {
    URI uri = uri(repository, reference);
    RegistryHttp.Response response =
        http.send("GET", uri, Map.of("Accept", ACCEPT), null, List.of(repository.pullScope()));
    BlobClient.check("GET", uri, response);
    return RawManifest.of(response.body(), response.header("content-type"));
  }

  /** Writes {@code manifest} under {@code reference} (a tag or its digest). */
  void put(RepositoryRef repository, String reference, RawManifest manifest) {
    URI uri = uri(repository, reference);
    RegistryHttp.Response response =
        http.send(
            "PUT",
            uri,
            Map.of("Content-Type", manifest.mediaType()),
            RegistryHttp.Body.of(manifest.bytes()),
            List.of(repository.pushScope()));
    BlobClient.check("PUT", uri, response);
  }

  /** Every tag of the repository, following the registry's pages. */
  List<String> tags(RepositoryRef repository) {
    List<String> tags = new ArrayList<>();
    URI first = http.api(repository.apiHost()).resolve(repository.repository() + "/tags/list");
    Set<URI> seen = new HashSet<>();
    URI page = first;
    while (page != null) {
      // a registry names its next page on its own host; a page seen before would loop forever
      if (!seen.add(page)
          || seen.size() > MAX_TAG_PAGES
          || !page.getScheme().equals(first.getScheme())
          || !String.valueOf(page.getRawAuthority()).equals(first.getRawAuthority())) {
        throw new RegistryException(
            502,
            "the tag list of "
                + repository
                + " pages on to "
                + RegistryHttp.withoutQuery(page)
                + ", which is not a next page of that registry");
      }
      RegistryHttp.Response response =
          http.send("GET", page, Map.of(), null, List.of(repository.pullScope()));
      BlobClient.check("GET", page, response);
      try {
        for (JsonTree tag : JsonTree.parse(response.body()).path("tags")) {
          tags.add(tag.asText());
        }
      } catch (IOException e) {
        throw new RegistryException(502, "the tag list of " + repository + " is not JSON");
      }
      String link = response.header("link");
      Matcher next = link == null ? null : NEXT_PAGE.matcher(link);
      page = next != null && next.find() ? page.resolve(next.group(1)) : null;
    }
    return tags;
  }

  private URI uri(RepositoryRef repository, String reference) {
    return http.api(repository.apiHost())
        .resolve(repository.repository() + "/manifests/" + reference);
  }
}
