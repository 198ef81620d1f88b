package dev.tagship.pipeline.steps;

/**
 * A file {@code findFiles} found, with the properties of pipeline-utility-steps' FileWrapper so
 * that {@code f.name}, {@code f.path}, {@code f.directory}, {@code f.length} and {@code
 * f.lastModified} read as on Jenkins; as a string it is its path.
 */
public final class FoundFile {

  private final String name;
  private final String path;
  private final boolean directory;
  private final long length;
  private final long lastModified;

  FoundFile(String name, String path, boolean directory, long length, long lastModified) {
    this.name = name;
    this.path = path;
    this.directory = directory;
    this.length = length;
    this.lastModified = lastModified;
  }

  public String getName() {
    return name;
  }

  public String getPath() {
    return path;
  }

  public boolean isDirectory() {
    return directory;
  }

  public long getLength() {
    return length;
  }

  public long getLastModified() {
    return lastModified;
  }

  @Override
  public String toString() {
    return path;
  }
}
