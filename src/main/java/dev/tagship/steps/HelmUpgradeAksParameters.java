package dev.tagship.steps;

import java.util.List;

/**
 * The keys of {@code helmUpgradeAks(...)}: the options of {@code tagship deploy}. Cluster access:
 * {@code kubeconfig} (a file in the workspace), or {@code server} and {@code caFile} with {@code
 * credentialsId} naming a secret-text credential holding the token; else {@code KUBECONFIG}.
 */
public record HelmUpgradeAksParameters(
    @Required String release,
    @Required String chart,
    String version,
    String namespace,
    Boolean createNamespace,
    String imageTag,
    String imageRepository,
    String imageDigest,
    List<String> values,
    List<String> set,
    String timeout,
    Boolean repairPending,
    Integer historyMax,
    String kubeconfig,
    String server,
    String caFile,
    String credentialsId) {}
