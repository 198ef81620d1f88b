package dev.tagship.deploy;

import dev.tagship.core.DaemonThreads;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import dev.tagship.core.LocalHost;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseList;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Which build owns a release while it deploys, verifies or rolls it back: a Lease
 * (coordination.k8s.io/v1) named {@code tagship-release-NAME} in the release's namespace. It is
 * taken with the API server's optimistic concurrency — a create that finds one answers 409, an
 * update with a stale resourceVersion answers 409 — so of two builds exactly one holds it; it is
 * renewed as a heartbeat while the work goes on and given back at the end, failed or not. A holder
 * that stops renewing (killed, cut off) loses it once {@code leaseDurationSeconds} have passed
 * since its last renewal: that, not the age of a pending revision, tells tagship a build is gone.
 *
 * <p>Expiry is judged with this machine's clock against the holder's {@code renewTime}, as
 * Kubernetes' own lease users do across nodes, so build agents' clocks must agree to well within
 * the lease duration (NTP does).
 */
final class ReleaseLease implements AutoCloseable {

  /**
   * How long a hold lasts without renewal, and how often it is renewed.
   *
   * @param duration written as the lease's {@code leaseDurationSeconds}: how long after a killed
   *     build's last heartbeat another build may take the release over
   */
  record Timing(Duration duration, Duration renewEvery) {

    static final Timing DEFAULT = new Timing(Duration.ofSeconds(30), Duration.ofSeconds(5));

    Timing {
      if (duration.toSeconds() < 1 || renewEvery.compareTo(duration.dividedBy(2)) > 0) {
        throw new IllegalArgumentException(
            "a lease lasts whole seconds (1 or more) and is renewed at least twice in that time");
      }
    }
  }

  /** The holder this build took the release from, after its heartbeat had stopped. */
  record Lapsed(String holder, Instant lastHeartbeat, Duration duration) {}

  private static final int ATTEMPTS = 5;

  private final KubernetesClient client;
  private final String release;
  private final String namespace;
  private final String holder;
  private final Timing timing;
  private final EventListener events;
  private final Optional<Lapsed> lapsed;
  private final ScheduledExecutorService heartbeat;
  private Lease current; // guarded by this
  private Instant lastRenewed; // guarded by this
  private String lost; // guarded by this: why this build no longer holds it, null while it does
  private boolean closed; // guarded by this

  private ReleaseLease(
      KubernetesClient client,
      String release,
      String namespace,
      String holder,
      Timing timing,
      EventListener events,
      Lease taken,
      Optional<Lapsed> lapsed) {
    this.client = client;
    this.release = release;
    this.namespace = namespace;
    this.holder = holder;
    this.timing = timing;
    this.events = events;
    this.current = taken;
    this.lastRenewed = Instant.now();
    this.lapsed = lapsed;
    this.heartbeat =
        Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("release-lease-" + release));
    long every = timing.renewEvery().toMillis();
    heartbeat.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  /** The Lease's name for {@code release}. */
  static String name(String release) {
    return "tagship-release-" + release;
  }

  /**
   * Who this build is, as the lease and the messages of other builds name it: what it does, its
   * build URL when known, its process and host, and a random part so that two deploys in one
   * process are two holders.
   */
  static String holder(String action, String buildUrl) {
    ProcessHandle self = ProcessHandle.current();
    return "tagship "
        + action
        + (buildUrl == null || buildUrl.isBlank() ? "" : ", build " + buildUrl)
        + ", pid "
        + self.pid()
        + " on "
        + LocalHost.name()
        + self.info()
            .startInstant()
            .map(start -> " started " + start.truncatedTo(ChronoUnit.SECONDS))
            .orElse("")
        + " ["
        + UUID.randomUUID().toString().substring(0, 8)
        + "]";
  }

  /**
   * Takes the release for {@code holder}, or fails at once saying which build holds it.
   *
   * @throws DeployException when another build holds it and renews it
   */
  static ReleaseLease take(
      KubernetesClient client,
      String release,
      String namespace,
      String holder,
      Timing timing,
      EventListener events) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Instant now = Instant.now();
      try {
        Lease existing = leases(client, namespace, release).get();
        if (existing == null) {
          Lease created =
              leases(client, namespace)
                  .resource(
                      new LeaseBuilder()
                          .withNewMetadata()
                          .withName(name(release))
                          .withNamespace(namespace)
                          .addToLabels("app.kubernetes.io/managed-by", "tagship")
                          .addToLabels("tagship.dev/release", release)
                          .endMetadata()
                          .withSpec(held(holder, timing, now, 0))
                          .build())
                  .create();
          return new ReleaseLease(
              client, release, namespace, holder, timing, events, created, Optional.empty());
        }
        LeaseSpec spec = existing.getSpec() == null ? new LeaseSpec() : existing.getSpec();
        String other = spec.getHolderIdentity();
        boolean released = other == null || other.isBlank();
        if (!released && !lapsed(spec, now)) {
          throw heldByAnother(release, spec, now);
        }
        existing.setSpec(
            held(
                holder,
                timing,
                now,
                (spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions())
                    + (released ? 0 : 1)));
        Lease updated = leases(client, namespace).resource(existing).update();
        return new ReleaseLease(
            client,
            release,
            namespace,
            holder,
            timing,
            events,
            updated,
            released
                ? Optional.empty()
                : Optional.of(new Lapsed(other, lastHeartbeat(spec), duration(spec))));
      } catch (KubernetesClientException e) {
        if (e.getCode() != 409) {
          throw refused(release, namespace, e);
        }
        // another build created or took it between our read and our write: read again
      }
    }
    throw DeployException.failure(
        "could not take release "
            + release
            + " in "
            + namespace
            + ": its Lease "
            + name(release)
            + " changed under each of "
            + ATTEMPTS
            + " attempts; other builds are deploying it at the same moment. Deploy again",
        null);
  }

  /** The holder whose heartbeat had stopped when this build took the release, if any. */
  Optional<Lapsed> lapsed() {
    return lapsed;
  }

  String holder() {
    return holder;
  }

  /**
   * Fails when this build no longer holds the release (its heartbeat lapsed and another build may
   * have taken it): a build that is not the owner judges and marks nothing.
   *
   * @param what what this build was about to do, for the message
   */
  synchronized void confirmHeld(String what) {
    if (lost == null && Instant.now().isAfter(lastRenewed.plus(timing.duration()))) {
      lost =
          "its heartbeat was last renewed at "
              + lastRenewed
              + ", more than "
              + timing.duration().toSeconds()
              + " s ago";
    }
    if (lost != null) {
      throw DeployException.failure(
          "this build no longer owns release "
              + release
              + " in "
              + namespace
              + " ("
              + lost
              + "), so it did not "
              + what
              + "; check tagship history before deploying again",
          null);
    }
  }

  /** One heartbeat. It never throws: an exception would end the schedule without a word. */
  private synchronized void renew() {
    if (closed || lost != null) {
      return;
    }
    Instant now = Instant.now();
    try {
      current = update(current, held(holder, timing, now, transitions(current)), now);
      lastRenewed = now;
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        conflicted();
      } else {
        lapseUnlessRenewed(now, e);
      }
    } catch (RuntimeException e) {
      lapseUnlessRenewed(now, e);
    }
  }

  /** Someone else wrote the lease: still ours (a label changed), or taken. */
  private void conflicted() {
    try {
      Lease seen = leases(client, namespace, release).get();
      String other =
          seen == null || seen.getSpec() == null ? null : seen.getSpec().getHolderIdentity();
      if (holder.equals(other)) {
        current = seen; // renewed on the next beat
        return;
      }
      lost = other == null ? "its Lease was deleted or given back" : "it was taken by " + other;
      events.on(Event.warn("Lost release " + release + ": " + lost));
    } catch (RuntimeException e) {
      lapseUnlessRenewed(Instant.now(), e);
    }
  }

  /** A failed beat: a passing one is retried by the next beat, well within the lease's time. */
  private void lapseUnlessRenewed(Instant now, RuntimeException e) {
    if (now.isAfter(lastRenewed.plus(timing.duration()))) {
      lost = "its heartbeat could not be renewed since " + lastRenewed + ": " + e.getMessage();
      events.on(Event.warn("Lost release " + release + ": " + lost));
    }
  }

  /** Stops the heartbeat and gives the release back, so the next build need not wait. */
  @Override
  public void close() {
    heartbeat.shutdownNow();
    try {
      heartbeat.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      closed = true;
      if (lost != null) {
        return;
      }
      Instant now = Instant.now();
      LeaseSpec released = held(null, timing, now, transitions(current));
      released.setAcquireTime(null);
      try {
        current = update(current, released, now);
      } catch (KubernetesClientException e) {
        events.on(
            Event.warn(
                "Could not give release "
                    + release
                    + " back ("
                    + e.getMessage()
                    + "); another build can take it "
                    + timing.duration().toSeconds()
                    + " s after this build's last heartbeat"));
      }
    }
  }

  private Lease update(Lease lease, LeaseSpec spec, Instant now) {
    LeaseSpec next = spec;
    if (next.getHolderIdentity() != null && lease.getSpec() != null) {
      next.setAcquireTime(lease.getSpec().getAcquireTime());
    }
    next.setRenewTime(micro(now));
    return leases(client, namespace)
        .resource(new LeaseBuilder(lease).withSpec(next).build())
        .update();
  }

  private static LeaseSpec held(String holder, Timing timing, Instant now, int transitions) {
    LeaseSpec spec = new LeaseSpec();
    spec.setHolderIdentity(holder);
    spec.setLeaseDurationSeconds((int) timing.duration().toSeconds());
    spec.setAcquireTime(micro(now));
    spec.setRenewTime(micro(now));
    spec.setLeaseTransitions(transitions);
    return spec;
  }

  private static int transitions(Lease lease) {
    Integer count = lease.getSpec() == null ? null : lease.getSpec().getLeaseTransitions();
    return count == null ? 0 : count;
  }

  private static boolean lapsed(LeaseSpec spec, Instant now) {
    Instant last = lastHeartbeat(spec);
    return last == null || now.isAfter(last.plus(duration(spec)));
  }

  private static Instant lastHeartbeat(LeaseSpec spec) {
    ZonedDateTime time = spec.getRenewTime() != null ? spec.getRenewTime() : spec.getAcquireTime();
    return time == null ? null : time.toInstant();
  }

  private static Duration duration(LeaseSpec spec) {
    Integer seconds = spec.getLeaseDurationSeconds();
    return Duration.ofSeconds(seconds == null ? 0 : seconds);
  }

  private static ZonedDateTime micro(Instant instant) {
    return instant.truncatedTo(ChronoUnit.MICROS).atZone(ZoneOffset.UTC);
  }

  private static DeployException heldByAnother(String release, LeaseSpec spec, Instant now) {
    Instant last = lastHeartbeat(spec);
    return DeployException.failure(
        "release "
            + release
            + " is being deployed by another build: "
            + spec.getHolderIdentity()
            + (spec.getAcquireTime() == null
                ? ""
                : " since " + spec.getAcquireTime().toInstant().truncatedTo(ChronoUnit.SECONDS))
            + " (last heartbeat "
            + Duration.between(last, now).toMillis() / 1000
            + " s ago). Wait for it to finish and deploy again, or stop that build: its hold"
            + " lapses "
            + duration(spec).toSeconds()
            + " s after its last heartbeat",
        null);
  }

  private static DeployException refused(
      String release, String namespace, KubernetesClientException e) {
    if (e.getCode() == 404) {
      return DeployException.failure(
          "namespace "
              + namespace
              + " does not exist: create it, or deploy with --create-namespace"
              + " (createNamespace: true)",
          e);
    }
    if (e.getCode() == 403) {
      return DeployException.failure(
          "the cluster refused tagship the Lease "
              + name(release)
              + " in "
              + namespace
              + " ("
              + e.getMessage()
              + "): a build holds it while it deploys release "
              + release
              + ", so that two builds never deploy it at once. Grant get, create and update on"
              + " leases.coordination.k8s.io in "
              + namespace
              + " to the identity tagship deploys with",
          e);
    }
    throw e;
  }

  private static NonNamespaceOperation<Lease, LeaseList, Resource<Lease>> leases(
      KubernetesClient client, String namespace) {
    return client.resources(Lease.class, LeaseList.class).inNamespace(namespace);
  }

  private static Resource<Lease> leases(KubernetesClient client, String namespace, String release) {
    return leases(client, namespace).withName(name(release));
  }
}
