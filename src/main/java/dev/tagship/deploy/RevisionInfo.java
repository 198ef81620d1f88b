package dev.tagship.deploy;

/**
 * One revision of a release, as {@code tagship history} shows it.
 *
 * @param version the version tag deployed (from tagship's description, else {@code image.tag})
 * @param good true when its rollout was verified and nothing after failed it, false when it failed,
 *     null when tagship never checked it
 */
public record RevisionInfo(
    int revision,
    String status,
    String chart,
    String version,
    String image,
    Boolean good,
    String deployedAt,
    String build,
    String description) {}
