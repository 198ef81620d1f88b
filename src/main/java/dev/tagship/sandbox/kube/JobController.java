package dev.tagship.sandbox.kube;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Plays the job controller for the stand-in: a Job that is not suspended completes at once, with
 * the status and {@code Completed} event Kubernetes gives it ({@code SuccessCriteriaMet}, then
 * {@code Complete}; {@code succeeded} = its completions). Its pods are not played. Without it a
 * Helm hook Job would hold {@code helm upgrade} until Helm's timeout, which no real cluster does.
 */
final class JobController {

  private final KubernetesClient client;
  private final EventRecorder events;
  private final Clock clock;

  JobController(KubernetesClient client, EventRecorder events, Clock clock) {
    this.client = client;
    this.events = events;
    this.clock = clock;
  }

  void reconcile(String namespace, String name) {
    Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
    if (job == null
        || job.getMetadata().getDeletionTimestamp() != null
        || Boolean.TRUE.equals(job.getSpec().getSuspend())
        || (job.getStatus() != null && job.getStatus().getCompletionTime() != null)) {
      return;
    }
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
    job.setStatus(
        new JobStatusBuilder()
            .withStartTime(now)
            .withCompletionTime(now)
            .withSucceeded(completions)
            .withActive(0)
            .withReady(0)
            .withTerminating(0)
            .withConditions(
                new JobConditionBuilder()
                    .withType("SuccessCriteriaMet")
                    .withStatus("True")
                    .withReason("CompletionsReached")
                    .withMessage("Reached expected number of succeeded pods")
                    .withLastProbeTime(now)
                    .withLastTransitionTime(now)
                    .build(),
                new JobConditionBuilder()
                    .withType("Complete")
                    .withStatus("True")
                    .withReason("CompletionsReached")
                    .withMessage("Reached expected number of succeeded pods")
                    .withLastProbeTime(now)
                    .withLastTransitionTime(now)
                    .build())
            .build());
    client.batch().v1().jobs().resource(job).patchStatus();
    events.record(job, null, "job-controller", "Normal", "Completed", "Job completed");
  }
}
