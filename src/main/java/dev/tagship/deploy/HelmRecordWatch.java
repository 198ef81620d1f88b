package dev.tagship.deploy;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Watches Helm's records of a release while one revision is verified: a newer revision (another
 * deploy, a rollback) wakes the verifier at once, even when it changes no pod template.
 */
final class HelmRecordWatch implements AutoCloseable {

  private final AtomicInteger newest = new AtomicInteger();
  private final Watch watch;

  HelmRecordWatch(KubernetesClient client, String release, String namespace, Runnable wake) {
    watch =
        client
            .secrets()
            .inNamespace(namespace)
            .withLabel("owner", "helm")
            .withLabel("name", release)
            .watch(
                new Watcher<Secret>() {
                  @Override
                  public void eventReceived(Action action, Secret record) {
                    if (action != Action.DELETED && action != Action.ERROR) {
                      newest.accumulateAndGet(ReleaseRecords.revisionLabel(record), Math::max);
                    }
                    wake.run();
                  }

                  @Override
                  public void onClose(WatcherException cause) {
                    wake.run();
                  }
                });
  }

  /** The newest revision whose record this watch saw written; 0 before any. */
  int newestSeen() {
    return newest.get();
  }

  @Override
  public void close() {
    watch.close();
  }
}
