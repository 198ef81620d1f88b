package dev.tagship.deploy;

/** What a deployment did: the Helm revision it made and how its rollout ended. */
public record DeployResult(
    String release,
    String namespace,
    int revision,
    String status,
    long durationMillis,
    Verification verification) {}
