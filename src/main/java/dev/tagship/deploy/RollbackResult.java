package dev.tagship.deploy;

/**
 * What a rollback did.
 *
 * @param fromRevision the revision that was current (the failed one)
 * @param restoredRevision the revision whose chart and values were deployed again
 * @param newRevision the Helm revision the rollback made
 */
public record RollbackResult(
    String release,
    String namespace,
    int fromRevision,
    int restoredRevision,
    int newRevision,
    Verification verification) {}
