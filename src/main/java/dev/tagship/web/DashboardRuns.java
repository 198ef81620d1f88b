package dev.tagship.web;

import dev.tagship.core.DaemonThreads;
import dev.tagship.pipeline.PipelineDescription;
import dev.tagship.pipeline.SupervisedProcess;
import dev.tagship.pipeline.runtime.ParameterValues;
import dev.tagship.pipeline.store.RunStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts pipelines from the dashboard. A Jenkinsfile is trusted code, but not trusted with the
 * dashboard: each run goes on in a {@code tagship run} process of its own, with the environment the
 * dashboard was given for runs (never its sign-in tokens), as a Jenkins build runs on an agent.
 * Whatever the pipeline does to its process — exit, exhaust its memory, loop for ever — ends that
 * run, recorded, and never the dashboard. Parameters are checked before anything starts.
 */
final class DashboardRuns implements AutoCloseable {

  /** Runs killed elsewhere (a CLI run beside the dashboard) are looked for this often. */
  private static final long SWEEP_SECONDS = 15;

  /** Ample for a pipeline: tagship's steps stream images and charts rather than hold them. */
  private static final String RUN_HEAP = "1g";

  private final RunStore store;
  private final Path storeFile;
  private final PipelineCatalog catalog;
  private final PendingInputs inputs;
  private final Map<String, String> environment;
  private final Path credentialsFile;
  private final List<String> signInTokens;
  private final Map<Long, RunProcess> running = new ConcurrentHashMap<>();
  private final ScheduledExecutorService timers =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tagship-serve-runs"));

  /**
   * @param environment the whole environment of each run's process
   * @param credentialsFile the credentials file runs read, or null for none
   * @param tokenText the dashboard's sign-in token(s): runs never get them, but mask them, since a
   *     run's code could read them from their file
   */
  DashboardRuns(
      RunStore store,
      Path storeFile,
      PipelineCatalog catalog,
      PendingInputs inputs,
      Map<String, String> environment,
      Path credentialsFile,
      String tokenText) {
    this.store = store;
    this.storeFile = storeFile.toAbsolutePath();
    this.catalog = catalog;
    this.inputs = inputs;
    this.environment = Map.copyOf(environment);
    this.credentialsFile = credentialsFile;
    this.signInTokens = SignInTokens.values(tokenText);
    timers.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
  }

  /**
   * Starts pipeline {@code name} with {@code parameters}.
   *
   * @return the new run's id, once it is recorded
   * @throws ParameterValues.ParameterException when a value does not fit the pipeline's parameters;
   *     nothing is started then
   */
  long start(String name, Map<String, String> parameters) throws InterruptedException {
    PipelineDescription description = catalog.describe(name);
    ParameterValues.bind(description.parameters(), parameters);
    Process process;
    try {
      // A run that exhausts its memory ends rather than limping on, and the memory it may take is
      // bounded: the JVM's default, a quarter of the machine, times the runs at once, would not be.
      process =
          SupervisedProcess.start(
              List.of("-Xmx" + RUN_HEAP, "-XX:+ExitOnOutOfMemoryError"),
              false,
              arguments(name),
              Path.of("").toAbsolutePath(),
              environment);
    } catch (IOException e) {
      throw new IllegalStateException(
          "pipeline " + name + " could not start: " + e.getMessage(), e);
    }
    RunProcess run =
        RunProcess.follow(process, parameters, signInTokens, environment, inputs, store);
    try {
      long id = run.started().get(60, TimeUnit.SECONDS);
      running.put(id, run);
      run.ended().thenRun(() -> running.remove(id));
      return id;
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "pipeline " + name + " could not start: " + e.getCause().getMessage(), e.getCause());
    } catch (TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException("pipeline " + name + " was not recorded within a minute", e);
    }
  }

  /**
   * Aborts run {@code id}, as Jenkins' abort button does.
   *
   * @return false when the run is not one this dashboard is running
   */
  boolean abort(long id, String by) {
    RunProcess run = running.get(id);
    if (run == null) {
      return false;
    }
    run.abort(by, timers);
    return true;
  }

  private List<String> arguments(String name) {
    List<String> arguments = new ArrayList<>();
    arguments.addAll(
        List.of(
            "run",
            "--supervised",
            "--name",
            name,
            "--store",
            storeFile.toString(),
            "--workspace",
            catalog.workspace(name).toString()));
    catalog
        .libraries()
        .forEach((library, folder) -> arguments.add("--library=" + library + "=" + folder));
    if (credentialsFile != null) {
      arguments.add("--credentials=" + credentialsFile);
    }
    arguments.add(catalog.jenkinsfile(name).toString());
    return arguments;
  }

  private void sweep() {
    try {
      store.abortRunsOfGoneOwners();
    } catch (RuntimeException e) {
      // the next sweep tries again
    }
  }

  /** Aborts the runs still going and waits a little for them; what does not stop is killed. */
  @Override
  public void close() {
    List<RunProcess> still = new ArrayList<>(running.values());
    still.forEach(run -> run.abort("the dashboard stopping", timers));
    for (RunProcess run : still) {
      try {
        run.ended().get(SupervisedProcess.ABORT_GRACE.toSeconds() + 2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (ExecutionException | TimeoutException e) {
        // killed by its abort timer, or left to the next sweep
      }
    }
    timers.shutdownNow();
  }
}
