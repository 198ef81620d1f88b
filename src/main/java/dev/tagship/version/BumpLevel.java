package dev.tagship.version;

/** Which number of a semantic version a release increments. */
public enum BumpLevel {
  PATCH,
  MINOR,
  MAJOR;

  BumpLevel max(BumpLevel other) {
    return compareTo(other) >= 0 ? this : other;
  }
}
