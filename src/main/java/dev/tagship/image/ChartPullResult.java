package dev.tagship.image;

import java.nio.file.Path;

/** The chart fetched: its package, ready for Helm, and the manifest digest it came from. */
public record ChartPullResult(Path archive, String version, String digest) {}
