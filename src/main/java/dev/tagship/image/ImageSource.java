package dev.tagship.image;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where an image comes from, named with the transports skopeo and Buildah users know: {@code
 * docker-archive:PATH}, {@code oci-archive:PATH}, {@code oci:DIR[:REF]}, {@code
 * docker-daemon:IMAGE}, or a registry reference for promotion.
 */
public sealed interface ImageSource {

  /** A {@code docker save} tarball, or Kaniko's {@code --tar-path}, legacy or OCI inside. */
  record DockerArchive(Path path) implements ImageSource {}

  /** A tarball of an OCI image layout (Buildah, {@code skopeo copy ... oci-archive:}). */
  record OciArchive(Path path) implements ImageSource {}

  /** An OCI image layout folder; {@code ref} picks one image when it holds several. */
  record OciLayout(Path directory, String ref) implements ImageSource {}

  /** An image in a registry, copied by digest (promotion). */
  record RegistryImage(ImageReference reference) implements ImageSource {}

  /**
   * An image in a Docker daemon (or Podman's Docker-compatible service), by name or ID.
   *
   * @param endpoint where the daemon listens; see {@link DockerEndpoint#fromEnvironment}
   */
  record DaemonImage(String name, DockerEndpoint endpoint) implements ImageSource {

    private static final Pattern EMPTY_OR_DOT_SEGMENT = Pattern.compile("(^|/)\\.{0,2}(/|$)");

    public DaemonImage {
      if (name == null
          || name.isBlank()
          || name.chars().anyMatch(c -> c <= ' ')
          || EMPTY_OR_DOT_SEGMENT.matcher(name).find()) {
        throw ImageException.usage(
            "docker-daemon:"
                + name
                + " does not name an image; give NAME:TAG, NAME@sha256:DIGEST or an image ID,"
                + " e.g. docker-daemon:shop:1.4.2");
      }
      if (endpoint == null) {
        throw ImageException.usage("a docker-daemon: image needs the daemon's endpoint");
      }
    }
  }

  /**
   * A daemonless build: {@code baseImage} plus {@code files}, each file a new layer, with the
   * container settings a Dockerfile would give. Builds are reproducible (fixed timestamps), so
   * building the same files again gives the same digest.
   *
   * @param cacheDirectory where base image layers are kept between builds; null for none
   */
  record Build(
      String baseImage,
      List<FileToAdd> files,
      List<String> entrypoint,
      Map<String, String> environment,
      List<String> exposedPorts,
      Map<String, String> labels,
      String user,
      Path cacheDirectory)
      implements ImageSource {

    public Build {
      if (baseImage == null || baseImage.isBlank()) {
        throw ImageException.usage(
            "a build needs a base image, e.g. --base myreg.azurecr.io/tomcat:9");
      }
      if (files == null || files.isEmpty()) {
        throw ImageException.usage(
            "a build needs at least one file, e.g. --add app.war:/usr/local/tomcat/webapps/");
      }
      files = List.copyOf(files);
      entrypoint = entrypoint == null ? List.of() : List.copyOf(entrypoint);
      environment = environment == null ? Map.of() : Map.copyOf(environment);
      exposedPorts = exposedPorts == null ? List.of() : List.copyOf(exposedPorts);
      labels = labels == null ? Map.of() : Map.copyOf(labels);
    }
  }

  /** A file to put into a build's image, in the folder {@code destination}. */
  record FileToAdd(Path source, String destination) {

    public FileToAdd {
      if (destination == null || !destination.startsWith("/")) {
        throw ImageException.usage(
            "the destination of "
                + source
                + " must be an absolute folder in the image, e.g. /app/");
      }
    }

    /** Parses {@code SOURCE:/DESTINATION/} against {@code base}. */
    public static FileToAdd parse(String text, Path base) {
      int colon = text.lastIndexOf(":/");
      if (colon <= 0) {
        throw ImageException.usage(
            "'"
                + text
                + "' must be SOURCE:/FOLDER/, e.g. build/app.war:/usr/local/tomcat/webapps/");
      }
      return new FileToAdd(base.resolve(text.substring(0, colon)), text.substring(colon + 1));
    }
  }

  /**
   * Parses {@code TRANSPORT:REFERENCE} in an empty environment ({@code docker-daemon:} goes to
   * {@code /var/run/docker.sock}).
   */
  static ImageSource parse(String text, Path base) {
    return parse(text, base, Map.of());
  }

  /**
   * Parses {@code TRANSPORT:REFERENCE}; relative paths are resolved against {@code base}, and
   * {@code docker-daemon:} finds its daemon from {@code env} ({@code DOCKER_HOST}, ...).
   */
  static ImageSource parse(String text, Path base, Map<String, String> env) {
    int colon = text == null ? -1 : text.indexOf(':');
    if (colon <= 0) {
      throw unknown(text);
    }
    String transport = text.substring(0, colon);
    String rest = text.substring(colon + 1);
    if (rest.isEmpty()) {
      throw ImageException.usage("'" + text + "' names no " + transport + " image");
    }
    return switch (transport) {
      case "docker-archive" -> new DockerArchive(base.resolve(stripRef(rest)));
      case "oci-archive" -> new OciArchive(base.resolve(stripRef(rest)));
      case "oci" -> {
        int refColon = rest.indexOf(':');
        yield refColon < 0
            ? new OciLayout(base.resolve(rest), null)
            : new OciLayout(
                base.resolve(rest.substring(0, refColon)), rest.substring(refColon + 1));
      }
      case "docker-daemon" -> new DaemonImage(rest, DockerEndpoint.fromEnvironment(env));
      case "docker" -> new RegistryImage(ImageReference.parse(rest.replaceFirst("^//", "")));
      default -> throw unknown(text);
    };
  }

  /**
   * {@code docker-archive:x.tar:app:1.0} names an image inside; tagship takes the archive's only
   * one.
   */
  private static String stripRef(String pathAndRef) {
    int colon = pathAndRef.indexOf(':');
    return colon < 0 ? pathAndRef : pathAndRef.substring(0, colon);
  }

  private static ImageException unknown(String text) {
    return ImageException.usage(
        "image source '"
            + text
            + "' is not known; use docker-archive:PATH, oci-archive:PATH,"
            + " oci:DIR[:REF], docker-daemon:IMAGE, or --from REGISTRY/REPOSITORY:TAG");
  }
}
