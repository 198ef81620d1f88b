package dev.tagship.pipeline.runtime;

import dev.tagship.core.DaemonThreads;
import dev.tagship.steps.Credentials;
import dev.tagship.steps.DeployedRevisions;
import groovy.lang.Closure;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state of one run of a pipeline and the mechanics every part of it shares: the frame the
 * current thread runs in, the log, name resolution for calls (binding, then library globals, then
 * steps — Jenkins' order), block and stage framing, parallel branches and timeouts.
 */
public final class PipelineRun implements AutoCloseable {

  private final RunLog log;
  private final EnvVars env;
  private final Map<String, String> tagshipSettings;
  private final Params params = new Params();
  private final Map<String, String> requestedParameters;
  private final ChangeSet changes;
  private final Map<String, Result> stageWarnings = new java.util.concurrent.ConcurrentHashMap<>();
  private final CurrentBuild currentBuild;
  private final Credentials credentials;
  private final InputHandler input;
  private final Map<String, PipelineStep> steps;
  private final Libraries libraries;
  private final RunListener listener;
  private final Clock clock;
  private final Path workspace;
  private final RunStorage storage;
  private final ConcurrencyGuard concurrency;
  private final String pipelineName;
  private final ThreadLocal<Frame> frames = new ThreadLocal<>();
  private final ThreadLocal<String> stageIds = new ThreadLocal<>();
  private final AtomicInteger stageCounter = new AtomicInteger();
  private long lastMilestone = -1;
  private AutoCloseable heldUntilEnd;
  private final ExecutorService branches =
      Executors.newCachedThreadPool(DaemonThreads.named("tagship-branch"));
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tagship-timer"));
  private final LeftoverProcesses leftoverProcesses = new LeftoverProcesses();
  private final DeployedRevisions deployedRevisions = new DeployedRevisions();

  /**
   * @param environment the environment tagship was started with: the run sees it less tagship's
   *     secret variables and those the credentials were read from (see {@link RunEnvironment})
   * @param tagshipSettings settings for tagship's own steps only, given apart from the environment
   */
  public PipelineRun(
      RunLog log,
      Map<String, String> environment,
      Map<String, String> tagshipSettings,
      Map<String, String> requestedParameters,
      ChangeSet changes,
      CurrentBuild currentBuild,
      Credentials credentials,
      InputHandler input,
      Map<String, PipelineStep> steps,
      Libraries libraries,
      RunListener listener,
      Clock clock,
      Path workspace,
      RunStorage storage,
      ConcurrencyGuard concurrency,
      String pipelineName) {
    this.log = log;
    log.stagesFrom(stageIds::get);
    // Every value a credential can yield is masked from the first line, bound or not: a tool may
    // print a secret it found elsewhere (a config file, its own environment).
    log.mask(credentials.allSecrets());
    log.mask(RunEnvironment.secretValues(environment));
    RunEnvironment split =
        RunEnvironment.split(environment, credentials.sourceVariables(), tagshipSettings);
    this.env = new EnvVars(split.pipeline(), frames::get);
    this.tagshipSettings = split.tagshipSettings();
    this.requestedParameters = Map.copyOf(requestedParameters);
    this.changes = changes;
    this.currentBuild = currentBuild;
    this.credentials = credentials;
    this.input = input;
    this.steps = steps;
    this.libraries = libraries;
    this.listener = listener;
    this.clock = clock;
    this.workspace = workspace;
    this.storage = storage;
    this.concurrency = concurrency;
    this.pipelineName = pipelineName;
    frames.set(new Frame(Map.of(), workspace, null, null, java.util.Set.of()));
  }

  public RunLog log() {
    return log;
  }

  public EnvVars env() {
    return env;
  }

  /**
   * What tagship's own steps (tagVersion, pushToAcr...) read, in this process: the host's sign-in
   * settings, which the run never sees, under what the run would see now — so a {@code
   * withCredentials} binding of the same name wins, as it did when both were one environment.
   */
  public Map<String, String> tagshipEnvironment() {
    Map<String, String> all = new LinkedHashMap<>(tagshipSettings);
    all.putAll(env.effective());
    return all;
  }

  public Map<String, Object> params() {
    return params;
  }

  public ChangeSet changes() {
    return changes;
  }

  /** What marks the run's processes, so that none outlives the run. */
  public LeftoverProcesses leftoverProcesses() {
    return leftoverProcesses;
  }

  /**
   * Gives the pipeline's parameters their values: those asked for on the command line, checked
   * against the definitions, else the defaults. Parameters are also environment variables, and
   * password values are masked from then on. Declarative pipelines bind their {@code parameters}
   * block; scripted ones what {@code properties([parameters([...])])} declares.
   */
  public void bindParameters(List<dev.tagship.pipeline.model.ParameterDefinition> definitions) {
    Map<String, Object> values = ParameterValues.bind(definitions, requestedParameters);
    params.define(values);
    List<String> secrets = new ArrayList<>();
    Map<String, String> shown = new LinkedHashMap<>();
    for (dev.tagship.pipeline.model.ParameterDefinition definition : definitions) {
      Object value = values.get(definition.name());
      env.set(definition.name(), value);
      shown.put(
          definition.name(),
          definition.secret() ? dev.tagship.core.SecretMasker.MASK : String.valueOf(value));
      if (definition.secret() && value != null) {
        secrets.add(value.toString());
      }
    }
    log.mask(secrets);
    listener.parametersBound(shown);
  }

  /** Runs {@code body} up to {@code count} times while it fails, logging each failure. */
  public <T> T retry(int count, Callable<T> body) throws Exception {
    return Retry.run(this, count, body);
  }

  /** Calls a step by name, as the Jenkinsfile would. */
  public Object invokeStep(String name, Object[] args) throws Exception {
    PipelineStep step = steps.get(name);
    if (step == null) {
      throw new NoSuchStepException("No such step: " + name);
    }
    return invoke(step, args);
  }

  /** Marks the current stage with a result, as {@code unstable} and {@code catchError} do. */
  public void markStage(Result result) {
    String id = stageIds.get();
    if (id != null) {
      stageWarnings.merge(id, result, Result::combine);
    }
  }

  /** The result the current stage was marked with, if any. */
  public java.util.Optional<Result> stageWarning() {
    String id = stageIds.get();
    return id == null
        ? java.util.Optional.empty()
        : java.util.Optional.ofNullable(stageWarnings.get(id));
  }

  /** The result post conditions judge: the build's, the error's and (in a stage) the stage's. */
  Result combinedResult(Throwable error, boolean inStage) {
    Result result = currentBuild.result();
    if (error != null) {
      result =
          result.combine(
              error instanceof FlowInterruptedException interrupted
                  ? interrupted.result()
                  : Result.FAILURE);
    }
    if (inStage) {
      result = result.combine(stageWarning().orElse(null));
    }
    return result;
  }

  /**
   * Whether post condition {@code condition} holds. As in Jenkins, {@code changed}, {@code fixed}
   * and {@code regression} compare the build's result with the previous build's, even in a stage's
   * post; the others judge the stage's result there.
   */
  boolean satisfies(String condition, Throwable error, boolean inStage) {
    boolean buildLevel = List.of("changed", "fixed", "regression").contains(condition);
    return satisfies(condition, combinedResult(error, inStage && !buildLevel));
  }

  /** Whether post condition {@code condition} holds for a build whose result is {@code logical}. */
  boolean satisfies(String condition, Result logical) {
    CurrentBuild.PreviousBuild previous = currentBuild.getPreviousBuild();
    Result before = previous == null ? null : Result.parse(previous.result());
    return switch (condition) {
      case "always", "cleanup" -> true;
      case "changed" -> before == null || before != logical;
      case "fixed" ->
          before != null
              && logical == Result.SUCCESS
              && (before == Result.FAILURE || before == Result.UNSTABLE);
      case "regression" -> before != null && logical.isWorseThan(before);
      case "aborted" -> logical == Result.ABORTED;
      case "success" -> logical == Result.SUCCESS;
      case "unsuccessful" -> logical != Result.SUCCESS;
      case "unstable" -> logical == Result.UNSTABLE;
      case "failure" -> logical == Result.FAILURE;
      case "notBuilt" -> logical == Result.NOT_BUILT;
      default -> false;
    };
  }

  /**
   * Runs a post block with {@code currentBuild.result} showing the logical result, then puts the
   * result back unless the block itself changed it — what Jenkins does.
   */
  void withLogicalResult(Result logical, Runnable body) {
    currentBuild.runShowing(logical, body);
  }

  public CurrentBuild currentBuild() {
    return currentBuild;
  }

  public Credentials credentials() {
    return credentials;
  }

  /** The Helm revisions this run's steps made, for {@code rollbackOnFailure}. */
  public DeployedRevisions deployedRevisions() {
    return deployedRevisions;
  }

  public InputHandler input() {
    return input;
  }

  public Libraries libraries() {
    return libraries;
  }

  public Path workspace() {
    return workspace;
  }

  /** Holds this pipeline exclusively until closed: {@code disableConcurrentBuilds()}. */
  AutoCloseable exclusive() throws Exception {
    Frame frame = frame();
    return concurrency.exclusive(
        "pipeline " + pipelineName,
        () ->
            log.output(
                frame,
                "Waiting for the running build of "
                    + pipelineName
                    + " to finish (disableConcurrentBuilds)"));
  }

  /**
   * Passes a {@code milestone}: its ordinal, or the one after the last when none is given (0 for
   * the first), as Jenkins numbers them; an ordinal that does not grow fails as on Jenkins.
   */
  public synchronized long passMilestone(Long ordinal) {
    long passed = ordinal == null ? lastMilestone + 1 : ordinal;
    if (passed <= lastMilestone) {
      throw new AbortException(
          "Invalid ordinal " + passed + ", as the previous one was " + lastMilestone);
    }
    lastMilestone = passed;
    return passed;
  }

  /**
   * Holds {@code resource} until closed, across runs and processes: the {@code lock} step.
   *
   * @param resource what to hold, e.g. {@code resource deploy} or {@code label prod}
   * @param whenWaiting called once when another run holds it
   */
  public AutoCloseable lockResource(String resource, Runnable whenWaiting) throws Exception {
    return concurrency.exclusive("lock " + resource, whenWaiting);
  }

  public RunStorage storage() {
    return storage;
  }

  /** Compiles a Jenkinsfile into a script bound to this run. */
  public PipelineScript load(String jenkinsfile) throws ReflectiveOperationException {
    PipelineScript script = libraries.compile(jenkinsfile);
    script.setBinding(new groovy.lang.Binding());
    script.attach(this);
    return script;
  }

  public Clock clock() {
    return clock;
  }

  public Frame frame() {
    return frames.get();
  }

  /** Runs {@code body} in {@code frame}, then restores the current frame. */
  public <T> T inFrame(Frame frame, Callable<T> body) throws Exception {
    Frame before = frames.get();
    frames.set(frame);
    try {
      return body.call();
    } finally {
      frames.set(before);
    }
  }

  /** Calls a closure, in the current frame. */
  public Object call(Closure<?> closure) {
    return closure.call();
  }

  /**
   * A block step's body: {@code [Pipeline] {} (with {@code label} when given), the body in {@code
   * frame}, {@code [Pipeline] }} and {@code [Pipeline] // step}.
   */
  public <T> T block(String step, String label, Frame frame, Callable<T> body) throws Exception {
    log.pipeline(label == null ? "{" : "{ (" + label + ")");
    try {
      return inFrame(frame, body);
    } finally {
      log.pipeline("}");
      log.pipeline("// " + step);
    }
  }

  /**
   * A stage as Jenkins logs it, reported to the listener with the status {@code body} returns
   * (SUCCESS when it returns null) or FAILURE/ABORTED when it throws.
   */
  public void stage(String name, Callable<String> body) throws Exception {
    String id = Integer.toString(stageCounter.incrementAndGet());
    String parent = stageIds.get();
    listener.stageStarted(id, parent, name, false, clock.instant());
    log.pipeline("stage");
    String status = "FAILURE";
    stageIds.set(id);
    try {
      String outcome = block("stage", name, frame().inStage(name), body);
      status = outcome == null ? "SUCCESS" : outcome;
    } catch (FlowInterruptedException e) {
      status = e.result().name();
      throw e;
    } finally {
      stageIds.set(parent);
      listener.stageFinished(id, status, clock.instant());
    }
  }

  /**
   * Runs branches at once, each with its name as the prefix of its output; with {@code failFast}
   * the first failure stops the others. Throws the first failure after every branch has ended.
   */
  public void parallel(Map<String, Callable<?>> named, boolean failFast) throws Exception {
    log.pipeline("parallel");
    Frame parent = frame();
    String parentStage = stageIds.get();
    Map<String, Future<?>> running = new LinkedHashMap<>();
    List<Throwable> failures = new ArrayList<>();
    AtomicBoolean stopping = new AtomicBoolean();
    // a branch that fails at once must find its siblings' futures to cancel them
    java.util.concurrent.CountDownLatch allSubmitted = new java.util.concurrent.CountDownLatch(1);
    for (Map.Entry<String, Callable<?>> branch : named.entrySet()) {
      log.pipeline("{ (Branch: " + branch.getKey() + ")");
    }
    for (Map.Entry<String, Callable<?>> branch : named.entrySet()) {
      String name = branch.getKey();
      running.put(
          name,
          branches.submit(
              () -> {
                frames.set(parent.inBranch(name));
                stageIds.set(parentStage);
                try {
                  allSubmitted.await();
                  return branch.getValue().call();
                } catch (Throwable e) {
                  if (failFast && stopping.compareAndSet(false, true)) {
                    log.output(parent, "Failed in branch " + name);
                    running.forEach(
                        (other, future) -> {
                          if (!other.equals(name)) {
                            future.cancel(true);
                          }
                        });
                  }
                  throw e;
                } finally {
                  log.pipeline("}");
                }
              }));
    }
    allSubmitted.countDown();
    try {
      for (Map.Entry<String, Future<?>> branch : running.entrySet()) {
        try {
          branch.getValue().get();
        } catch (ExecutionException e) {
          failures.add(e.getCause());
        } catch (java.util.concurrent.CancellationException e) {
          failures.add(new FlowInterruptedException(Result.ABORTED, "Terminated by failFast"));
        }
      }
    } catch (InterruptedException e) {
      running.values().forEach(future -> future.cancel(true));
      throw e;
    } finally {
      log.pipeline("// parallel");
    }
    if (!failures.isEmpty()) {
      Throwable first =
          failures.stream()
              .filter(f -> !(f instanceof FlowInterruptedException))
              .findFirst()
              .orElse(failures.get(0));
      if (first instanceof Exception exception) {
        throw exception;
      }
      throw (Error) first;
    }
  }

  /**
   * Runs {@code body}, interrupting it when {@code limit} passes; then fails with ABORTED and
   * Jenkins' "Timeout has been exceeded".
   */
  public <T> T withTimeout(Duration limit, Callable<T> body) throws Exception {
    Thread runner = Thread.currentThread();
    Frame frame = frame();
    AtomicBoolean fired = new AtomicBoolean();
    ScheduledFuture<?> timer =
        timers.schedule(
            () -> {
              fired.set(true);
              log.output(frame, "Cancelling nested steps due to timeout");
              runner.interrupt();
            },
            limit.toMillis(),
            TimeUnit.MILLISECONDS);
    try {
      return body.call();
    } catch (Exception e) {
      if (fired.get()) {
        throw new FlowInterruptedException(Result.ABORTED, Retry.TIMEOUT);
      }
      throw e;
    } finally {
      timer.cancel(false);
      if (fired.get()) {
        Thread.interrupted();
      }
    }
  }

  /**
   * Resolves a name a Jenkinsfile calls that is neither a method of its script nor a closure in its
   * binding: a library global ({@code vars/name.groovy}'s {@code call}), then a step.
   */
  Object dispatch(String name, Object[] args) throws Exception {
    Object global = libraries.global(name, this);
    if (global != null) {
      return org.codehaus.groovy.runtime.InvokerHelper.invokeMethod(global, "call", args);
    }
    PipelineStep step = steps.get(name);
    if (step == null) {
      throw new NoSuchStepException(
          "No such DSL method '"
              + name
              + "' found among steps "
              + new TreeSet<>(steps.keySet())
              + " or globals "
              + globals());
    }
    return invoke(step, args);
  }

  /** The names a Jenkinsfile can read without defining them. */
  public TreeSet<String> globals() {
    TreeSet<String> names = new TreeSet<>(List.of("currentBuild", "env", "params", "scm"));
    names.addAll(libraries.globalNames());
    return names;
  }

  public boolean isStep(String name) {
    return steps.containsKey(name);
  }

  Object invoke(PipelineStep step, Object[] args) throws Exception {
    Object[] values = args == null ? new Object[0] : args;
    Closure<?> body = null;
    if (step.takesBody()) {
      if (values.length == 0 || !(values[values.length - 1] instanceof Closure<?> last)) {
        throw new AbortException(
            step.name() + " is a block step: call it as " + step.name() + "(...) { ... }");
      }
      body = last;
      values = java.util.Arrays.copyOf(values, values.length - 1);
    }
    Map<String, Object> named = step.rawArguments() ? Map.of() : bind(step, values);
    if (step.logged()) {
      log.pipeline(step.name());
    }
    InterpolatedSecrets.warn(step.name(), values, frame(), env, log);
    try {
      return step.call(new StepCall(this, step.name(), named, values, body));
    } catch (InterruptedException e) {
      // As in Jenkins, an interrupted step aborts: what interrupted it (a timeout, failFast, an
      // abort of the run) decides from here, and post conditions see ABORTED.
      throw new FlowInterruptedException(Result.ABORTED, "Aborted");
    }
  }

  private static Map<String, Object> bind(PipelineStep step, Object[] values) {
    Map<String, Object> named = new LinkedHashMap<>();
    if (values.length == 1 && values[0] instanceof Map<?, ?> map && !map.isEmpty()) {
      map.forEach((key, value) -> named.put(String.valueOf(key), value));
    } else if (values.length == 1 && step.defaultParameter() != null) {
      named.put(step.defaultParameter(), values[0]);
    } else if (values.length > 0 && !(values.length == 1 && values[0] instanceof Map<?, ?>)) {
      throw new AbortException("Arguments to \"" + step.name() + "\" must be explicitly named.");
    }
    for (String key : named.keySet()) {
      if (!step.parameters().contains(key)) {
        throw new AbortException(
            "Invalid parameter \""
                + key
                + "\" for step \""
                + step.name()
                + "\"; valid parameters: "
                + new TreeSet<>(step.parameters()));
      }
    }
    return named;
  }

  /** Unknown names fail with the known ones, as Jenkins' NoSuchMethodError does. */
  public static final class NoSuchStepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoSuchStepException(String message) {
      super(message);
    }
  }

  @Override
  public void close() {
    branches.shutdownNow();
    timers.shutdownNow();
    leftoverProcesses.close();
    AutoCloseable held = heldUntilEnd;
    if (held != null) {
      try {
        held.close();
      } catch (Exception e) {
        log.output("WARNING: could not release this pipeline's lock: " + e.getMessage());
      }
    }
  }

  /**
   * A scripted pipeline's {@code properties([disableConcurrentBuilds()])}: from here to the end of
   * the run, no other run of this pipeline goes on (the declarative option holds it from the
   * start).
   */
  public synchronized void disableConcurrentBuilds() throws Exception {
    if (heldUntilEnd == null) {
      heldUntilEnd = exclusive();
    }
  }
}
