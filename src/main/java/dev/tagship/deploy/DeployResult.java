package dev.tagship.deploy;

import java.util.List;

/**
 * What a deployment did: the Helm revision it made and how its rollout ended.
 *
 * @param prunedRevisions the old revisions whose records were deleted to keep the history cap
 */
public record DeployResult(
    String release,
    String namespace,
    int revision,
    String status,
    long durationMillis,
    Verification verification,
    List<Integer> prunedRevisions) {

  public DeployResult {
    prunedRevisions = List.copyOf(prunedRevisions);
  }
}
