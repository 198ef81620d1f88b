package dev.tagship.steps;

import java.util.List;

/**
 * The keys of {@code tagVersion(...)}: the options of {@code tagship version}, plus {@code
 * credentialsId} (a username/password credential for an https remote) and {@code dir} (the clone's
 * folder in the workspace). Unlike the command line, the step tags and pushes unless told not to,
 * because that is what a pipeline's versioning stage is for.
 */
public record TagVersionParameters(
    String bump,
    String component,
    List<String> path,
    String tagPrefix,
    String initial,
    String releaseBranch,
    Boolean tag,
    Boolean push,
    String remote,
    String credentialsId,
    String dir) {}
