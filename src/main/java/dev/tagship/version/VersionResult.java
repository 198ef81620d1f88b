package dev.tagship.version;

/**
 * The version of HEAD and what was done about it.
 *
 * @param version the semantic version, e.g. {@code 1.4.2} or {@code 1.4.3-feature-x.2}
 * @param tag the tag that carries (or would carry) it, e.g. {@code web/v1.4.2}
 * @param previousTag the highest version tag reachable from HEAD before this one; null if none
 * @param commit full id of HEAD
 * @param branch the branch the version was computed for; null for a tagged detached HEAD
 * @param release whether the branch is a release branch (else the version is a pre-release)
 * @param changed whether the component changed since {@code previousTag} (always true without
 *     paths)
 * @param created whether this run created the tag
 * @param pushed whether this run pushed the tag
 * @param commitsSinceTag commits from {@code previousTag} (or the root) to HEAD
 */
public record VersionResult(
    String version,
    String tag,
    String previousTag,
    String commit,
    String branch,
    boolean release,
    boolean changed,
    boolean created,
    boolean pushed,
    int commitsSinceTag) {}
