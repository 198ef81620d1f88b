package dev.tagship.sandbox.kube;

import dev.tagship.core.DaemonThreads;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Plays the Kubernetes controllers and the kubelet for a {@link KubeApiStandIn}: a Deployment whose
 * pod template changed gets a new ReplicaSet (owned by the Deployment, with the {@code
 * pod-template-hash} label and a revision annotation) and Pods owned by that ReplicaSet, whose
 * status and core/v1 Events follow a {@link PodBehaviour}. It works only through the API, as the
 * real ones do, so everything it does can be watched.
 *
 * <p>Automatic by default: it watches Deployments and rolls each changed template out with the
 * behaviour its images ask for ({@link #whenImageTagContains}), or one set per Deployment ({@link
 * #onDeployment}). The built-in rules: an image tag containing {@code crash} crash-loops, {@code
 * imagepull} cannot be pulled, {@code configerror} lacks its Secret, {@code stuck} never gets ready
 * and exceeds its progress deadline; anything else becomes Ready. A failing rollout leaves the old
 * pods running, as the rolling update strategy does, so only the new ReplicaSet's pods show the
 * failure. StatefulSets and DaemonSets are played the same way by {@link PodSetController}; Jobs
 * complete at once ({@link JobController}).
 */
public final class KubeController implements AutoCloseable {

  static final String TEMPLATE_HASH = "pod-template-hash";
  static final String REVISION = "deployment.kubernetes.io/revision";

  /** Where the kubelet's container logs go: namespace, pod, text. */
  interface PodLogs {
    void set(String namespace, String pod, String text);
  }

  private record Rule(java.util.function.Predicate<String> image, PodBehaviour behaviour) {
    static Rule tagContains(String fragment, PodBehaviour behaviour) {
      return new Rule(image -> tagOf(image).contains(fragment), behaviour);
    }
  }

  private final KubernetesClient client;
  private final Clock clock = Clock.systemUTC();
  private final ScheduledExecutorService executor =
      Executors.newSingleThreadScheduledExecutor(
          DaemonThreads.named("kube-api-fixture-controller"));
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, PodBehaviour> perDeployment = new ConcurrentHashMap<>();
  private final Map<String, ScheduledFuture<?>> restarts = new ConcurrentHashMap<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final AtomicLong podNames = new AtomicLong();
  private final EventRecorder events;
  private final Kubelet kubelet;
  private volatile boolean automatic = true;
  private volatile Duration restartInterval = Duration.ofMillis(100);
  private volatile int maxRestarts = 4;
  private volatile boolean closed;
  private final List<Watch> watches = new CopyOnWriteArrayList<>();
  private final PodSetController podSets;
  private final JobController jobs;

  KubeController(KubernetesClient client, PodLogs podLogs) {
    this.client = client;
    this.events = new EventRecorder(client, clock);
    this.kubelet = new Kubelet(client, events, podLogs, clock);
    this.podSets = new PodSetController(client, events, kubelet, this);
    this.jobs = new JobController(client, events, clock);
    rules.add(Rule.tagContains("crash", PodBehaviour.CRASH_LOOP));
    rules.add(Rule.tagContains("imagepull", PodBehaviour.IMAGE_PULL_BACKOFF));
    rules.add(Rule.tagContains("configerror", PodBehaviour.CREATE_CONTAINER_CONFIG_ERROR));
    rules.add(Rule.tagContains("stuck", PodBehaviour.PROGRESS_DEADLINE_EXCEEDED));
  }

  void start() {
    watches.add(
        client
            .apps()
            .deployments()
            .inAnyNamespace()
            .watch(reconciling((namespace, name) -> reconcile(namespace, name, null, false))));
    watches.add(
        client
            .apps()
            .statefulSets()
            .inAnyNamespace()
            .watch(
                reconciling(
                    (namespace, name) ->
                        podSets.reconcileStatefulSet(namespace, name, null, false))));
    watches.add(
        client
            .apps()
            .daemonSets()
            .inAnyNamespace()
            .watch(
                reconciling(
                    (namespace, name) ->
                        podSets.reconcileDaemonSet(namespace, name, null, false))));
    watches.add(client.batch().v1().jobs().inAnyNamespace().watch(reconciling(jobs::reconcile)));
  }

  /** A watcher that hands each changed workload to {@code reconcile} on the controller thread. */
  private <T extends HasMetadata> Watcher<T> reconciling(BiConsumer<String, String> reconcile) {
    return new Watcher<>() {
      @Override
      public void eventReceived(Action action, T workload) {
        if (automatic && action != Action.DELETED && action != Action.ERROR) {
          String namespace = workload.getMetadata().getNamespace();
          String name = workload.getMetadata().getName();
          submit(() -> reconcile.accept(namespace, name));
        }
      }

      @Override
      public void onClose(WatcherException cause) {
        if (!closed) {
          failures.add(cause);
        }
      }
    };
  }

  // ---------------------------------------------------------------- configuration

  /**
   * Rolls out images whose tag contains {@code fragment} with {@code behaviour}. Rules added later
   * are asked first, before the built-in ones.
   */
  public KubeController whenImageTagContains(String fragment, PodBehaviour behaviour) {
    rules.add(0, Rule.tagContains(fragment, behaviour));
    return this;
  }

  /**
   * Rolls out images that {@code match} accepts with {@code behaviour}, asked before every other
   * rule: the sandbox uses it to fail pulls of images its registry does not have.
   */
  public KubeController whenImage(
      java.util.function.Predicate<String> match, PodBehaviour behaviour) {
    rules.add(0, new Rule(match, behaviour));
    return this;
  }

  /** Rolls out every template of this Deployment with {@code behaviour}, whatever its images. */
  public KubeController onDeployment(String namespace, String name, PodBehaviour behaviour) {
    return onWorkload(namespace, name, behaviour);
  }

  /**
   * Rolls out every template of the Deployment, StatefulSet or DaemonSet {@code name} with {@code
   * behaviour}, whatever its images.
   */
  public KubeController onWorkload(String namespace, String name, PodBehaviour behaviour) {
    perDeployment.put(namespace + "/" + name, behaviour);
    return this;
  }

  /**
   * With {@code false}, Deployments wait for {@link #rollOut}; with {@code true} (the default),
   * they roll out as they change, and those that changed meanwhile roll out now.
   */
  public KubeController automatic(boolean automatic) {
    boolean resume = automatic && !this.automatic;
    this.automatic = automatic;
    if (resume) {
      submit(
          () ->
              client
                  .apps()
                  .deployments()
                  .inAnyNamespace()
                  .list()
                  .getItems()
                  .forEach(
                      d ->
                          reconcile(
                              d.getMetadata().getNamespace(),
                              d.getMetadata().getName(),
                              null,
                              false)));
      submit(
          () -> {
            for (var set : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
              podSets.reconcileStatefulSet(
                  set.getMetadata().getNamespace(), set.getMetadata().getName(), null, false);
            }
            for (var set : client.apps().daemonSets().inAnyNamespace().list().getItems()) {
              podSets.reconcileDaemonSet(
                  set.getMetadata().getNamespace(), set.getMetadata().getName(), null, false);
            }
            for (var job : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
              jobs.reconcile(job.getMetadata().getNamespace(), job.getMetadata().getName());
            }
          });
    }
    return this;
  }

  /** How often a crash-looping container restarts, and how many times at most. */
  public KubeController restarts(Duration interval, int max) {
    this.restartInterval = interval;
    this.maxRestarts = max;
    return this;
  }

  /** The behaviour the rules give {@code image}. */
  public PodBehaviour behaviourFor(String image) {
    for (Rule rule : rules) {
      if (rule.image().test(image)) {
        return rule.behaviour();
      }
    }
    return PodBehaviour.READY;
  }

  /**
   * Rolls the Deployment's current template out now with {@code behaviour}; pods of that template
   * that exist already are replaced. Returns when the pods, ReplicaSets and the Deployment's status
   * are written.
   */
  public void rollOut(String namespace, String deployment, PodBehaviour behaviour) {
    try {
      executor
          .submit(() -> reconcile(namespace, deployment, behaviour, true))
          .get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "the rollout of " + namespace + "/" + deployment + " failed", e);
    }
  }

  /** What went wrong on the controller's thread; a test can assert this is empty. */
  public List<Throwable> failures() {
    return List.copyOf(failures);
  }

  private void submit(Runnable task) {
    if (closed) {
      return;
    }
    executor.execute(
        () -> {
          try {
            task.run();
          } catch (KubernetesClientException e) {
            // An object deleted while it was being worked on (helm uninstall) is not a failure:
            // the real controllers drop such work too.
            if (!closed && e.getCode() != 404) {
              failures.add(e);
            }
          } catch (RuntimeException e) {
            if (!closed) {
              failures.add(e);
            }
          }
        });
  }

  // ---------------------------------------------------------------- the deployment controller

  private void reconcile(String namespace, String name, PodBehaviour forced, boolean replay) {
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    if (deployment == null || deployment.getMetadata().getDeletionTimestamp() != null) {
      return;
    }
    PodTemplateSpec template = deployment.getSpec().getTemplate();
    String hash = templateHash(template);
    String newName = name + "-" + hash;
    List<ReplicaSet> owned = ownedReplicaSets(deployment);
    ReplicaSet newSet =
        owned.stream()
            .filter(rs -> rs.getMetadata().getName().equals(newName))
            .findFirst()
            .orElse(null);
    long maxRevision = owned.stream().mapToLong(KubeController::revision).max().orElse(0);
    boolean latest = newSet != null && revision(newSet) == maxRevision;
    boolean observed =
        deployment.getStatus() != null
            && Objects.equals(
                deployment.getMetadata().getGeneration(),
                deployment.getStatus().getObservedGeneration());
    if (!replay && latest && observed) {
      return;
    }
    PodBehaviour behaviour = forced != null ? forced : behaviourOf(namespace, name, template);
    long revision = latest ? maxRevision : maxRevision + 1;
    int desired = replicas(deployment);
    boolean recreate =
        deployment.getSpec().getStrategy() != null
            && "Recreate".equals(deployment.getSpec().getStrategy().getType());
    List<ReplicaSet> oldSets = new ArrayList<>(owned);
    oldSets.removeIf(rs -> rs.getMetadata().getName().equals(newName));

    if (recreate) {
      oldSets.forEach(rs -> scaleDown(deployment, rs));
    }
    int wanted =
        behaviour == PodBehaviour.READY || recreate ? desired : Math.min(desired, surge(desired));
    newSet = upsertReplicaSet(deployment, newSet, newName, hash, revision, wanted);
    cancelRestarts(namespace + "/" + newName);
    if (replay) {
      podsOf(newSet).forEach(p -> client.pods().resource(p).delete());
    }
    List<Pod> pods = new ArrayList<>(podsOf(newSet));
    while (pods.size() > wanted) {
      client.pods().resource(pods.remove(pods.size() - 1)).delete();
    }
    while (pods.size() < wanted) {
      pods.add(createPod(deployment, newSet, pods.size(), behaviour));
    }
    if (behaviour == PodBehaviour.READY && !recreate) {
      oldSets.forEach(rs -> scaleDown(deployment, rs));
    }
    if (behaviour == PodBehaviour.CRASH_LOOP || behaviour == PodBehaviour.IMAGE_PULL_BACKOFF) {
      scheduleRestarts(namespace, newSet.getMetadata().getName(), behaviour);
    }
    writeReplicaSetStatus(newSet);
    oldSets.forEach(this::writeReplicaSetStatus);
    writeDeploymentStatus(deployment, newSet, revision, behaviour);
  }

  private List<ReplicaSet> ownedReplicaSets(Deployment deployment) {
    return client
        .apps()
        .replicaSets()
        .inNamespace(deployment.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(rs -> ownedBy(rs, deployment))
        .toList();
  }

  private List<Pod> podsOf(ReplicaSet replicaSet) {
    return client
        .pods()
        .inNamespace(replicaSet.getMetadata().getNamespace())
        .withLabel(TEMPLATE_HASH, replicaSet.getMetadata().getLabels().get(TEMPLATE_HASH))
        .list()
        .getItems()
        .stream()
        .filter(p -> ownedBy(p, replicaSet))
        .sorted(Comparator.comparing(p -> p.getMetadata().getName()))
        .toList();
  }

  private ReplicaSet upsertReplicaSet(
      Deployment deployment,
      ReplicaSet existing,
      String name,
      String hash,
      long revision,
      int replicas) {
    String namespace = deployment.getMetadata().getNamespace();
    if (existing != null) {
      String patch =
          "{\"metadata\":{\"annotations\":{\""
              + REVISION
              + "\":\""
              + revision
              + "\"}},\"spec\":{\"replicas\":"
              + replicas
              + "}}";
      return client
          .apps()
          .replicaSets()
          .inNamespace(namespace)
          .withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }
    PodTemplateSpec template =
        new PodTemplateSpecBuilder(deployment.getSpec().getTemplate())
            .editOrNewMetadata()
            .addToLabels(TEMPLATE_HASH, hash)
            .endMetadata()
            .build();
    LabelSelector selector =
        new LabelSelectorBuilder(deployment.getSpec().getSelector())
            .addToMatchLabels(TEMPLATE_HASH, hash)
            .build();
    ReplicaSet created =
        client
            .apps()
            .replicaSets()
            .inNamespace(namespace)
            .resource(
                new ReplicaSetBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(template.getMetadata().getLabels())
                    .addToAnnotations(REVISION, Long.toString(revision))
                    .addToAnnotations(
                        "deployment.kubernetes.io/desired-replicas",
                        Integer.toString(replicas(deployment)))
                    .withOwnerReferences(controllerReference(deployment))
                    .endMetadata()
                    .withNewSpec()
                    .withReplicas(replicas)
                    .withSelector(selector)
                    .withTemplate(template)
                    .endSpec()
                    .build())
            .create();
    events.record(
        deployment,
        null,
        "deployment-controller",
        "Normal",
        "ScalingReplicaSet",
        "Scaled up replica set " + name + " from 0 to " + replicas);
    return created;
  }

  private void scaleDown(Deployment deployment, ReplicaSet replicaSet) {
    List<Pod> pods = podsOf(replicaSet);
    Integer before = replicaSet.getSpec().getReplicas();
    if ((before == null || before == 0) && pods.isEmpty()) {
      return;
    }
    client
        .apps()
        .replicaSets()
        .inNamespace(replicaSet.getMetadata().getNamespace())
        .withName(replicaSet.getMetadata().getName())
        .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":0}}");
    pods.forEach(p -> client.pods().resource(p).delete());
    events.record(
        deployment,
        null,
        "deployment-controller",
        "Normal",
        "ScalingReplicaSet",
        "Scaled down replica set "
            + replicaSet.getMetadata().getName()
            + " from "
            + (before == null ? pods.size() : before)
            + " to 0");
  }

  private void writeReplicaSetStatus(ReplicaSet replicaSet) {
    ReplicaSet fresh =
        client
            .apps()
            .replicaSets()
            .inNamespace(replicaSet.getMetadata().getNamespace())
            .withName(replicaSet.getMetadata().getName())
            .get();
    if (fresh == null) {
      return;
    }
    List<Pod> pods = podsOf(fresh);
    int ready = (int) pods.stream().filter(KubeController::isReady).count();
    fresh.getMetadata().setResourceVersion(null);
    fresh.setStatus(
        new ReplicaSetStatusBuilder()
            .withReplicas(pods.size())
            .withFullyLabeledReplicas(pods.size())
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withObservedGeneration(fresh.getMetadata().getGeneration())
            .build());
    client.apps().replicaSets().resource(fresh).patchStatus();
  }

  private void writeDeploymentStatus(
      Deployment stale, ReplicaSet newSet, long revision, PodBehaviour behaviour) {
    String namespace = stale.getMetadata().getNamespace();
    String name = stale.getMetadata().getName();
    client
        .apps()
        .deployments()
        .inNamespace(namespace)
        .withName(name)
        .patch(
            PatchContext.of(PatchType.JSON_MERGE),
            "{\"metadata\":{\"annotations\":{\"" + REVISION + "\":\"" + revision + "\"}}}");
    Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
    int desired = replicas(deployment);
    int total = 0;
    int ready = 0;
    int specified = 0;
    int updated = 0;
    for (ReplicaSet rs : ownedReplicaSets(deployment)) {
      List<Pod> pods = podsOf(rs);
      total += pods.size();
      ready += (int) pods.stream().filter(KubeController::isReady).count();
      specified += rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
      if (rs.getMetadata().getName().equals(newSet.getMetadata().getName())) {
        updated = pods.size();
      }
    }
    int maxUnavailable = desired / 4;
    String now = now();
    String setName = newSet.getMetadata().getName();
    boolean complete = updated == desired && ready >= desired && total == desired;
    DeploymentCondition available =
        new DeploymentConditionBuilder()
            .withType("Available")
            .withStatus(ready >= desired - maxUnavailable ? "True" : "False")
            .withReason(
                ready >= desired - maxUnavailable
                    ? "MinimumReplicasAvailable"
                    : "MinimumReplicasUnavailable")
            .withMessage(
                ready >= desired - maxUnavailable
                    ? "Deployment has minimum availability."
                    : "Deployment does not have minimum availability.")
            .withLastTransitionTime(now)
            .withLastUpdateTime(now)
            .build();
    DeploymentConditionBuilder progressing =
        new DeploymentConditionBuilder()
            .withType("Progressing")
            .withLastTransitionTime(now)
            .withLastUpdateTime(now);
    if (complete) {
      progressing
          .withStatus("True")
          .withReason("NewReplicaSetAvailable")
          .withMessage("ReplicaSet \"" + setName + "\" has successfully progressed.");
    } else if (behaviour == PodBehaviour.PROGRESS_DEADLINE_EXCEEDED) {
      progressing
          .withStatus("False")
          .withReason("ProgressDeadlineExceeded")
          .withMessage("ReplicaSet \"" + setName + "\" has timed out progressing.");
    } else {
      progressing
          .withStatus("True")
          .withReason("ReplicaSetUpdated")
          .withMessage("ReplicaSet \"" + setName + "\" is progressing.");
    }
    deployment.getMetadata().setResourceVersion(null);
    deployment.setStatus(
        new DeploymentStatusBuilder()
            .withObservedGeneration(deployment.getMetadata().getGeneration())
            .withReplicas(total)
            .withUpdatedReplicas(updated)
            .withReadyReplicas(ready)
            .withAvailableReplicas(ready)
            .withUnavailableReplicas(Math.max(0, specified - ready))
            .withConditions(available, progressing.build())
            .build());
    client.apps().deployments().resource(deployment).patchStatus();
  }

  // ---------------------------------------------------------------- the kubelet

  private Pod createPod(
      Deployment deployment, ReplicaSet replicaSet, int index, PodBehaviour behaviour) {
    String namespace = replicaSet.getMetadata().getNamespace();
    String setName = replicaSet.getMetadata().getName();
    String name =
        setName + "-" + Fnv.safe(setName + "/" + index + "/" + podNames.incrementAndGet(), 5);
    PodTemplateSpec template = replicaSet.getSpec().getTemplate();
    Pod pod =
        client
            .pods()
            .inNamespace(namespace)
            .resource(
                new PodBuilder()
                    .withNewMetadata()
                    .withName(name)
                    .withNamespace(namespace)
                    .withLabels(template.getMetadata().getLabels())
                    .withAnnotations(template.getMetadata().getAnnotations())
                    .withOwnerReferences(controllerReference(replicaSet))
                    .endMetadata()
                    .withSpec(template.getSpec())
                    .editSpec()
                    .withNodeName(Kubelet.NODE)
                    .endSpec()
                    .build())
            .create();
    events.record(
        replicaSet,
        null,
        "replicaset-controller",
        "Normal",
        "SuccessfulCreate",
        "Created pod: " + name);
    events.record(
        pod,
        null,
        "default-scheduler",
        "Normal",
        "Scheduled",
        "Successfully assigned " + namespace + "/" + name + " to " + Kubelet.NODE);
    return kubelet.start(pod, behaviour);
  }

  /** Crash-looping containers restart, and unpullable images go from ErrImagePull to back-off. */
  private void scheduleRestarts(String namespace, String replicaSetName, PodBehaviour behaviour) {
    restartPods(
        namespace,
        replicaSetName,
        () -> {
          ReplicaSet replicaSet =
              client.apps().replicaSets().inNamespace(namespace).withName(replicaSetName).get();
          return replicaSet == null ? List.<Pod>of() : podsOf(replicaSet);
        },
        behaviour);
  }

  /**
   * Restarts the failing {@code pods} (read again at each tick) every restart interval, until they
   * stop trying; {@code key} names them, so a later rollout of the same owner replaces the timer.
   */
  void restartPods(String namespace, String key, Supplier<List<Pod>> pods, PodBehaviour behaviour) {
    String fullKey = namespace + "/" + key;
    cancelRestarts(fullKey);
    long interval = restartInterval.toMillis();
    restarts.put(
        fullKey,
        executor.scheduleWithFixedDelay(
            () -> {
              try {
                restartTick(fullKey, pods, behaviour);
              } catch (KubernetesClientException e) {
                if (!closed && e.getCode() != 404) {
                  failures.add(e);
                }
              } catch (RuntimeException e) {
                if (!closed) {
                  failures.add(e);
                }
              }
            },
            interval,
            interval,
            TimeUnit.MILLISECONDS));
  }

  private void restartTick(String key, Supplier<List<Pod>> pods, PodBehaviour behaviour) {
    boolean again = false;
    for (Pod pod : pods.get()) {
      again |= kubelet.retry(pod, behaviour, maxRestarts);
    }
    if (!again) {
      cancelRestarts(key);
    }
  }

  private void cancelRestarts(String key) {
    ScheduledFuture<?> restarting = restarts.remove(key);
    if (restarting != null) {
      restarting.cancel(false);
    }
  }

  // ---------------------------------------------------------------- helpers

  /** The behaviour set for workload {@code name}, else the one its images' tags ask for. */
  PodBehaviour behaviourOf(String namespace, String name, PodTemplateSpec template) {
    PodBehaviour chosen = perDeployment.get(namespace + "/" + name);
    return chosen != null ? chosen : behaviourOf(template);
  }

  private PodBehaviour behaviourOf(PodTemplateSpec template) {
    for (var container : template.getSpec().getContainers()) {
      PodBehaviour behaviour = behaviourFor(container.getImage());
      if (behaviour != PodBehaviour.READY) {
        return behaviour;
      }
    }
    return PodBehaviour.READY;
  }

  static String tagOf(String image) {
    if (image == null) {
      return "";
    }
    String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash ? withoutDigest.substring(colon + 1) : "latest";
  }

  private static int replicas(Deployment deployment) {
    Integer replicas = deployment.getSpec().getReplicas();
    return replicas == null ? 1 : replicas;
  }

  /** The rolling update's default maxSurge of 25%, rounded up. */
  private static int surge(int desired) {
    return Math.max(1, (desired + 3) / 4);
  }

  private static long revision(ReplicaSet replicaSet) {
    Map<String, String> annotations = replicaSet.getMetadata().getAnnotations();
    String value = annotations == null ? null : annotations.get(REVISION);
    return value == null ? 0 : Long.parseLong(value);
  }

  static boolean ownedBy(HasMetadata child, HasMetadata owner) {
    return child.getMetadata().getOwnerReferences().stream()
        .anyMatch(ref -> Objects.equals(ref.getUid(), owner.getMetadata().getUid()));
  }

  static boolean isReady(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
  }

  static OwnerReference controllerReference(HasMetadata owner) {
    return new OwnerReferenceBuilder()
        .withApiVersion(owner.getApiVersion())
        .withKind(owner.getKind())
        .withName(owner.getMetadata().getName())
        .withUid(owner.getMetadata().getUid())
        .withController(true)
        .withBlockOwnerDeletion(true)
        .build();
  }

  /** Like the deployment controller's hash: FNV-32a of the template, in a vowel-free alphabet. */
  static String templateHash(PodTemplateSpec template) {
    return Fnv.safe(Serialization.asJson(template), 10);
  }

  private String now() {
    return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
  }

  @Override
  public void close() {
    closed = true;
    watches.forEach(Watch::close);
    restarts.values().forEach(f -> f.cancel(false));
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
