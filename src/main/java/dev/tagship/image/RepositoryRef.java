package dev.tagship.image;

/**
 * One repository of one registry: where manifests and blobs are read and written.
 *
 * @param registry the host (and port) as the user wrote it, e.g. {@code myreg.azurecr.io}
 * @param repository the repository path, e.g. {@code team/shop}
 */
record RepositoryRef(String registry, String repository) {

  RepositoryRef {
    ImageReference.checkRepository(repository);
  }

  static RepositoryRef of(ImageReference reference) {
    return new RepositoryRef(reference.registry(), reference.repository());
  }

  /** Docker Hub's API lives on another host than its name. */
  String apiHost() {
    return registry.equals("docker.io") ? "registry-1.docker.io" : registry;
  }

  String pullScope() {
    return "repository:" + repository + ":pull";
  }

  String pushScope() {
    return "repository:" + repository + ":pull,push";
  }

  @Override
  public String toString() {
    return registry + "/" + repository;
  }
}
