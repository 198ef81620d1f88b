package dev.tagship.sandbox.kube;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Records core/v1 Events about an object, as the controllers, the scheduler and kubelet do. */
final class EventRecorder {

  private final KubernetesClient client;
  private final Clock clock;
  private final AtomicLong counter;

  EventRecorder(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
    this.counter = new AtomicLong(clock.millis() * 1000);
  }

  /**
   * @param fieldPath the part of the object, such as {@code spec.containers{web}}, or null
   * @param component who reports it: {@code kubelet}, {@code deployment-controller}, ...
   * @param type {@code Normal} or {@code Warning}
   */
  void record(
      HasMetadata involved,
      String fieldPath,
      String component,
      String type,
      String reason,
      String message) {
    String now = Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    String namespace = involved.getMetadata().getNamespace();
    boolean onNode = component.equals("kubelet");
    client
        .v1()
        .events()
        .inNamespace(namespace)
        .resource(
            new EventBuilder()
                .withNewMetadata()
                .withName(
                    involved.getMetadata().getName()
                        + "."
                        + Long.toHexString(counter.incrementAndGet()))
                .withNamespace(namespace)
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(involved.getApiVersion())
                .withKind(involved.getKind())
                .withName(involved.getMetadata().getName())
                .withNamespace(namespace)
                .withUid(involved.getMetadata().getUid())
                .withResourceVersion(involved.getMetadata().getResourceVersion())
                .withFieldPath(fieldPath)
                .endInvolvedObject()
                .withType(type)
                .withReason(reason)
                .withMessage(message)
                .withNewSource()
                .withComponent(component)
                .withHost(onNode ? Kubelet.NODE : null)
                .endSource()
                .withReportingComponent(component)
                .withReportingInstance(onNode ? Kubelet.NODE : "")
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build())
        .create();
  }
}
