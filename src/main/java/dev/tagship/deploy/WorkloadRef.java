package dev.tagship.deploy;

/**
 * A workload a revision's manifest names: its kind as the manifest spells it ({@code Deployment},
 * {@code Job}...), its namespace (the manifest's, else the release's) and its name.
 */
record WorkloadRef(String kind, String namespace, String name) {

  /** E.g. {@code deployment web}, or {@code deployment web in namespace monitoring} elsewhere. */
  String describe(String releaseNamespace) {
    return kind.toLowerCase(java.util.Locale.ROOT)
        + " "
        + name
        + (namespace.equals(releaseNamespace) ? "" : " in namespace " + namespace);
  }
}
