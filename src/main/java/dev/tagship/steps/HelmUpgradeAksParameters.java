package dev.tagship.steps;

import java.util.List;

/**
 * The keys of {@code helmUpgradeAks(...)}: the options of {@code tagship deploy}. Cluster access:
 * AKS by {@code subscription}, {@code resourceGroup}, {@code cluster} (and {@code tenant}), with
 * the build's Entra ID identity; or {@code kubeconfig} (a file in the workspace), or {@code server}
 * and {@code caFile} with {@code credentialsId} naming a secret-text credential holding the token;
 * else {@code KUBECONFIG}. An {@code oci://} chart (with {@code version}) is pulled with {@code
 * plainHttp}, {@code registryCaFile} and {@code registryCredentialsId} (a username/password
 * credential), else the registry sign-in {@code pushToAcr} uses.
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
    Boolean skipCrds,
    String subscription,
    String resourceGroup,
    String cluster,
    String tenant,
    String kubeconfig,
    String server,
    String caFile,
    String credentialsId,
    Boolean plainHttp,
    String registryCaFile,
    String registryCredentialsId) {}
