package dev.tagship.cli;

import dev.tagship.core.TempFolders;
import dev.tagship.image.CacheDirectory;
import dev.tagship.pipeline.CasCCredentialsFile;
import dev.tagship.pipeline.JenkinsGrammar;
import dev.tagship.pipeline.JenkinsfileText;
import dev.tagship.pipeline.RecordedRuns;
import dev.tagship.pipeline.RunRequest;
import dev.tagship.pipeline.RunResult;
import dev.tagship.pipeline.WorkspaceFacts;
import dev.tagship.pipeline.runtime.GroovyRuntime;
import dev.tagship.pipeline.runtime.InputHandler;
import dev.tagship.pipeline.runtime.ParameterValueLimits;
import dev.tagship.pipeline.runtime.ParameterValues;
import dev.tagship.pipeline.runtime.RunListener;
import dev.tagship.pipeline.store.PipelineLocks;
import dev.tagship.pipeline.store.RunStore;
import dev.tagship.pipeline.store.StoreLocation;
import dev.tagship.sandbox.Sandbox;
import dev.tagship.steps.Credentials;
import dev.tagship.steps.StepRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tagship run}: runs a declarative Jenkinsfile on this machine with Jenkins' semantics and
 * console log; the exit code follows the result (SUCCESS 0, FAILURE 1, UNSTABLE 3, ABORTED 4),
 * except that a Jenkinsfile that is not text or does not compile exits with 2, as bad input.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a declarative Jenkinsfile here, with Jenkins' semantics and console log.",
      "Exit code: 0 SUCCESS, 1 FAILURE, 2 bad usage or a Jenkinsfile that cannot be read or"
          + " compiled (a syntax error; the run is recorded as a FAILURE), 3 UNSTABLE, 4 ABORTED."
    })
final class RunCommand implements Callable<Integer> {

  /** Replaced, in a supervised run, by one whose environment the dashboard handed over. */
  private CliContext context;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "JENKINSFILE",
      description = "The Jenkinsfile to run (default: Jenkinsfile in the workspace).")
  Path jenkinsfile;

  @Option(
      names = {"-p", "--parameter"},
      paramLabel = "NAME=VALUE",
      description = "A value for one of the pipeline's parameters; repeatable.")
  Map<String, String> parameters = new LinkedHashMap<>();

  @Option(
      names = "--library",
      paramLabel = "[NAME=]DIR",
      description =
          "A shared library folder (vars/, src/, resources/) for @Library('NAME'); NAME"
              + " defaults to the folder's name. Repeatable.")
  List<String> libraries = List.of();

  @Option(
      names = "--credentials",
      paramLabel = "FILE",
      description =
          "Credentials for credentials('id') and withCredentials: a Jenkins Configuration as"
              + " Code YAML file (default: $TAGSHIP_CREDENTIALS).")
  Path credentials;

  @Option(
      names = "--workspace",
      paramLabel = "DIR",
      description = "Where steps run (default: the current directory).")
  Path workspace;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "The pipeline's name, as a job name (default: the workspace folder's name).")
  String name;

  @Option(
      names = "--store",
      paramLabel = "FILE",
      description =
          "The run history to record this run in (default: $TAGSHIP_HOME/runs.db, else"
              + " ~/.local/share/tagship/runs.db); tagship runs and tagship serve read it.")
  Path store;

  @Option(
      names = "--sandbox",
      description =
          "Run against a sandbox: a sample project, an in-memory registry for ACR and an"
              + " in-process Kubernetes API for AKS, with shop 0.1.0 already released. No Azure"
              + " account needed; nothing outside a temporary folder changes.")
  boolean sandbox;

  @Option(
      names = "--supervised",
      hidden = true,
      description =
          "Run for tagship serve: parameters, inputs and aborts come over standard input and"
              + " output (see SupervisorChannel); the console log goes to the store only.")
  boolean supervised;

  private SupervisedRun supervisor;

  RunCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() throws Exception {
    if (supervised) {
      supervisor = SupervisedRun.begin(context.in(), context.out());
      // The run's environment comes over the channel, never through this process's own, where a
      // step could read it from /proc/PID/environ and pipeline code from System.getenv.
      context =
          new CliContext(
              supervisor.environment() == null ? context.env() : supervisor.environment(),
              context.workingDirectory(),
              context.in(),
              context.out(),
              context.err());
    }
    if (!supervised && !sandbox && (credentials != null || IsolatedRun.wanted(context.env()))) {
      return isolated();
    }
    if (!sandbox) {
      return run(context.resolve(workspace), Map.of(), Map.of());
    }
    if (workspace != null) {
      throw new UsageException("--sandbox brings its own workspace; leave out --workspace");
    }
    PrintStream say = context.out();
    say.println(
        "SANDBOX: preparing a sandbox: no Azure account is used and nothing is sent anywhere");
    try (Sandbox box = Sandbox.start(line -> say.println("SANDBOX: " + line))) {
      say.println(
          "SANDBOX: registry "
              + box.registryAddress()
              + " (in memory) stands in for ACR; an in-process Kubernetes API stands in for AKS:"
              + " its pods become ready, unless their image was never pushed");
      Map<String, String> pointedAtTheSandbox = box.environment(context.env().get("PATH"));
      int exit = run(box.workspace(), pointedAtTheSandbox, box.tagshipSettings());
      say.println("SANDBOX: the release's history in the sandbox cluster:");
      Map<String, String> historyEnvironment = new LinkedHashMap<>(pointedAtTheSandbox);
      historyEnvironment.putAll(box.tagshipSettings());
      CliContext inSandbox =
          new CliContext(
              historyEnvironment, box.workspace(), context.in(), context.out(), context.err());
      Main.run(inSandbox, "history", "--release", "shop", "--namespace", Sandbox.NAMESPACE);
      say.println("SANDBOX: done; the sandbox (" + box.root() + ") is removed now");
      return exit;
    }
  }

  /**
   * This run, in a process of its own that is handed the environment over a channel (see {@link
   * IsolatedRun}): tagship was given secrets, which the pipeline's code and steps must not find in
   * this process.
   */
  private int isolated() throws IOException, InterruptedException {
    Path root = context.resolve(workspace);
    Path storeFile = storeFile();
    List<String> arguments =
        new ArrayList<>(
            List.of(
                "run",
                "--supervised",
                "--name",
                pipelineName(root),
                "--workspace",
                root.toString(),
                "--store",
                storeFile.toString()));
    for (String library : libraries) {
      arguments.add("--library=" + library);
    }
    if (credentials != null) {
      arguments.add("--credentials=" + context.resolve(credentials));
    }
    if (jenkinsfile != null) {
      arguments.add(context.workingDirectory().resolve(jenkinsfile).normalize().toString());
    }
    return IsolatedRun.run(context, arguments, parameters, storeFile);
  }

  /**
   * @param overrides variables that replace the host's for this run
   * @param tagshipSettings settings for tagship's own steps that the run must not see
   */
  private int run(Path root, Map<String, String> overrides, Map<String, String> tagshipSettings)
      throws IOException {
    Path file =
        jenkinsfile == null
            ? root.resolve("Jenkinsfile")
            : context.workingDirectory().resolve(jenkinsfile).normalize();
    String text;
    try {
      text = JenkinsfileText.read(file);
    } catch (NoSuchFileException e) {
      throw new UsageException(
          "no Jenkinsfile at " + file + "; give its path: tagship run path/to/Jenkinsfile");
    } catch (IOException e) {
      throw new UsageException("cannot read the Jenkinsfile " + file + ": " + e.getMessage());
    }
    // Start-up work that does not depend on each other runs at once: a cold start is mostly this.
    Path storeFile = storeFile();
    CompletableFuture<RunStore> opening =
        CompletableFuture.supplyAsync(() -> RunStore.open(storeFile));
    CompletableFuture.runAsync(GroovyRuntime::warmUp);
    CompletableFuture.runAsync(TempFolders::sweepGoneProcesses);
    WorkspaceFacts facts = WorkspaceFacts.read(root, null);
    // The whole host environment: the run withholds tagship's secret variables and those the
    // credentials file reads from its steps and code, and gives the sign-in ones to tagship's own
    // steps only (RunEnvironment).
    Map<String, String> environment = new LinkedHashMap<>(facts.variables());
    environment.putAll(context.env());
    environment.putAll(overrides);
    // A setting given for tagship's steps replaces the host's variable of that name, which the run
    // must not see either: the sandbox's cluster, never the user's real one.
    environment.keySet().removeAll(tagshipSettings.keySet());
    // A detached checkout (Jenkins, Bitbucket) knows its branch only from the CI's variables.
    for (String ci : List.of("GIT_BRANCH", "BITBUCKET_BRANCH")) {
      if (!environment.containsKey("BRANCH_NAME") && environment.get(ci) != null) {
        environment.put("BRANCH_NAME", environment.get(ci).replaceFirst("^origin/", ""));
      }
    }
    if (environment.get("BITBUCKET_TAG") != null) {
      environment.putIfAbsent("TAG_NAME", environment.get("BITBUCKET_TAG"));
    }
    Map<String, String> given = supervisor == null ? parameters : supervisor.parameters();
    try {
      given.forEach(ParameterValueLimits::check);
    } catch (IllegalArgumentException e) {
      throw new UsageException(e.getMessage());
    }
    PrintStream out =
        supervisor == null
            ? context.out()
            : supervisor.console()
                ? context.err()
                : new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
    InputHandler input =
        supervisor != null
            ? supervisor
            : new ConsoleInput(
                new BufferedReader(new InputStreamReader(context.in(), StandardCharsets.UTF_8)),
                context.err(),
                environment.getOrDefault("USER", "tagship"));
    if (supervisor != null) {
      supervisor.listen(Thread.currentThread());
    }
    try (JenkinsGrammar grammar = JenkinsGrammar.forEnvironment(context.env());
        RunStore runs = opened(opening)) {
      RunResult result =
          new RecordedRuns(runs)
              .run(
                  new RunRequest(
                      pipelineName(root),
                      1,
                      file,
                      text,
                      root,
                      given,
                      libraryFolders(),
                      supervisor == null
                          ? credentials()
                          : credentials().alsoMasking(supervisor.masked()),
                      environment,
                      input,
                      out,
                      RunListener.NONE,
                      null,
                      facts.changes(),
                      StepRegistry.tagship(),
                      grammar,
                      CacheDirectory.of(context.env()) == null
                          ? null
                          : CacheDirectory.of(context.env()).resolve("compiled-jenkinsfiles"),
                      new PipelineLocks(storeFile.resolveSibling("locks")),
                      Clock.systemUTC(),
                      tagshipSettings),
                  id -> {
                    if (supervisor != null) {
                      supervisor.started(id);
                    }
                  });
      return result.exitCode();
    } catch (ParameterValues.ParameterException e) {
      throw new UsageException(e.getMessage());
    } finally {
      if (supervisor != null) {
        supervisor.finished();
      }
    }
  }

  private Path storeFile() {
    return store == null ? StoreLocation.of(context.env()) : context.resolve(store);
  }

  private static RunStore opened(CompletableFuture<RunStore> opening) {
    try {
      return opening.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException cause ? cause : e;
    }
  }

  private String pipelineName(Path root) {
    if (name != null) {
      return name;
    }
    return sandbox ? "sandbox" : root.getFileName().toString();
  }

  private Credentials credentials() {
    return credentials(context, credentials);
  }

  /**
   * The credentials in {@code file}, else in the file $TAGSHIP_CREDENTIALS names, else none;
   * warnings (a file others can read) go to standard error.
   */
  static Credentials credentials(CliContext context, Path file) {
    Path chosen = file;
    if (chosen == null && context.env().get("TAGSHIP_CREDENTIALS") != null) {
      chosen = Path.of(context.env().get("TAGSHIP_CREDENTIALS"));
    }
    if (chosen == null) {
      return Credentials.none();
    }
    return CasCCredentialsFile.read(
        context.resolve(chosen),
        context.env(),
        warning -> context.err().println("WARNING: " + warning));
  }

  private Map<String, Path> libraryFolders() {
    return libraryFolders(context, libraries);
  }

  /** {@code --library [NAME=]DIR} options as library folders by name. */
  static Map<String, Path> libraryFolders(CliContext context, List<String> libraries) {
    Map<String, Path> folders = new LinkedHashMap<>();
    for (String library : libraries) {
      int equals = library.indexOf('=');
      Path folder = context.resolve(Path.of(equals < 0 ? library : library.substring(equals + 1)));
      if (!Files.isDirectory(folder)) {
        throw new UsageException("--library " + library + ": " + folder + " is not a folder");
      }
      String libraryName =
          equals < 0 ? folder.getFileName().toString() : library.substring(0, equals);
      folders.put(libraryName, folder);
    }
    return folders;
  }
}
