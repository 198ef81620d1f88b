package dev.tagship.steps;

import groovy.lang.Closure;

/**
 * The keys of {@code rollbackOnFailure(...) { ... }}. {@code verify} is checked after the block: an
 * http(s) URL that must answer 2xx, or a shell command that must exit 0. {@code onRollback} is
 * called after a rollback with a map of what happened. {@code keepFailed: true} only reports.
 * Cluster access as for {@code helmUpgradeAks}.
 */
public record RollbackOnFailureParameters(
    @Required String release,
    String namespace,
    String verify,
    String rollbackTimeout,
    Boolean keepFailed,
    Closure<?> onRollback,
    String subscription,
    String resourceGroup,
    String cluster,
    String tenant,
    String kubeconfig,
    String server,
    String caFile,
    String credentialsId) {}
