package dev.tagship.pipeline.steps;

import dev.tagship.pipeline.dsl.DeclarativeException;
import dev.tagship.pipeline.model.InputDefinition;
import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.runtime.AbortException;
import dev.tagship.pipeline.runtime.CredentialBinding;
import dev.tagship.pipeline.runtime.Describable;
import dev.tagship.pipeline.runtime.Durations;
import dev.tagship.pipeline.runtime.Failures;
import dev.tagship.pipeline.runtime.FlowInterruptedException;
import dev.tagship.pipeline.runtime.Inputs;
import dev.tagship.pipeline.runtime.PipelineRun;
import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.pipeline.runtime.Result;
import dev.tagship.pipeline.runtime.StepCall;
import groovy.lang.Closure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The basic steps of Jenkins' workflow-basic-steps and pipeline-input-step, with their log lines:
 * echo, error, unstable, sleep, script, dir, withEnv, withCredentials, timeout, retry, catchError,
 * warnError, input, and scripted node/stage/parallel.
 */
final class BasicSteps {

  private BasicSteps() {}

  static List<PipelineStep> all() {
    return List.of(
        SimpleStep.of(
            "echo",
            "message",
            Set.of("message"),
            call -> {
              call.print(String.valueOf(call.value("message")));
              return null;
            }),
        SimpleStep.of(
            "error",
            "message",
            Set.of("message"),
            call -> {
              throw new AbortException(call.string("message"));
            }),
        SimpleStep.of("unstable", "message", Set.of("message"), BasicSteps::unstable),
        SimpleStep.of("sleep", "time", Set.of("time", "unit"), BasicSteps::sleep),
        SimpleStep.of("pwd", null, Set.of("tmp"), call -> call.directory().toString()),
        SimpleStep.of("isUnix", null, Set.of(), call -> !isWindows()),
        SimpleStep.block("script", null, Set.of(), call -> call.runBody()),
        SimpleStep.block("dir", "path", Set.of("path"), BasicSteps::dir),
        SimpleStep.block("withEnv", "overrides", Set.of("overrides"), BasicSteps::withEnv),
        SimpleStep.block(
            "withCredentials", "bindings", Set.of("bindings"), BasicSteps::withCredentials),
        SimpleStep.block(
            "timeout", "time", Set.of("time", "unit", "activity"), BasicSteps::timeout),
        SimpleStep.block("retry", "count", Set.of("count", "conditions"), BasicSteps::retry),
        SimpleStep.block(
            "catchError",
            null,
            Set.of("buildResult", "stageResult", "message", "catchInterruptions"),
            call -> catchError(call, "FAILURE", "SUCCESS")),
        SimpleStep.block(
            "warnError",
            "message",
            Set.of("message", "catchInterruptions"),
            call -> catchError(call, "UNSTABLE", "UNSTABLE")),
        SimpleStep.of(
            "input",
            "message",
            Set.of("message", "id", "ok", "parameters", "submitter", "submitterParameter"),
            BasicSteps::input),
        SimpleStep.block("node", "label", Set.of("label"), BasicSteps::node),
        new SimpleStep("stage", "name", Set.of("name"), true, false, false, BasicSteps::stage),
        new SimpleStep("parallel", null, Set.of(), false, false, true, BasicSteps::parallel));
  }

  private static boolean isWindows() {
    return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("win");
  }

  private static Object unstable(StepCall call) {
    call.print("WARNING: " + call.string("message"));
    call.run().currentBuild().setResult("UNSTABLE");
    call.run().markStage(Result.UNSTABLE);
    return null;
  }

  private static Object sleep(StepCall call) throws InterruptedException {
    Duration duration = duration(call, "SECONDS");
    call.print("Sleeping for " + Durations.describe(duration));
    Thread.sleep(duration.toMillis());
    return null;
  }

  static Duration duration(StepCall call, String defaultUnit) {
    long amount = call.number("time", -1);
    if (amount < 0) {
      throw new AbortException(call.name() + ": missing required parameter \"time\"");
    }
    String unit = call.has("unit") ? call.string("unit") : defaultUnit;
    try {
      return Duration.of(amount, TimeUnit.valueOf(unit.toUpperCase(Locale.ROOT)).toChronoUnit());
    } catch (IllegalArgumentException e) {
      throw new AbortException(
          call.name()
              + ": unknown unit '"
              + unit
              + "'; use NANOSECONDS, MICROSECONDS, MILLISECONDS, SECONDS, MINUTES, HOURS or DAYS");
    }
  }

  private static Object dir(StepCall call) throws Exception {
    Path path = call.directory().resolve(call.required("path")).normalize();
    Files.createDirectories(path);
    call.print("Running in " + path);
    return call.runBody(call.frame().inDirectory(path));
  }

  private static Object withEnv(StepCall call) throws Exception {
    Map<String, String> variables = new LinkedHashMap<>();
    for (Object entry : call.list("overrides")) {
      String text = String.valueOf(entry);
      int equals = text.indexOf('=');
      if (equals <= 0) {
        throw new AbortException(
            "withEnv: '" + text + "' is not NAME=VALUE; write withEnv(['NAME=value']) { ... }");
      }
      variables.put(text.substring(0, equals), text.substring(equals + 1));
    }
    return call.runBody(call.frame().withVariables(variables));
  }

  private static Object withCredentials(StepCall call) throws Exception {
    CredentialBinding binder = new CredentialBinding(call.run().credentials());
    Map<String, String> variables = new LinkedHashMap<>();
    java.util.Set<String> sensitive = new java.util.HashSet<>();
    List<CredentialBinding.Bound> bound = new ArrayList<>();
    try {
      for (Object entry : call.list("bindings")) {
        if (!(entry instanceof Describable binding)) {
          throw new AbortException(
              "withCredentials takes a list of bindings such as usernamePassword(...) or"
                  + " string(...), not "
                  + entry);
        }
        CredentialBinding.Bound one = binder.binding(binding);
        bound.add(one);
        variables.putAll(one.variables());
        sensitive.addAll(one.sensitiveVariables());
        call.run().log().mask(one.secrets());
      }
      call.print(
          "Masking supported pattern matches of "
              + variables.keySet().stream().map(k -> "$" + k).collect(Collectors.joining(" or ")));
      return call.runBody(call.frame().withSecretVariables(variables, sensitive));
    } finally {
      for (CredentialBinding.Bound one : bound) {
        one.delete();
      }
    }
  }

  private static Object timeout(StepCall call) throws Exception {
    Duration limit = duration(call, "MINUTES");
    call.print("Timeout set to expire in " + Durations.describe(limit));
    PipelineRun run = call.run();
    return run.block(
        "timeout", null, call.frame(), () -> run.withTimeout(limit, () -> run.call(call.body())));
  }

  private static Object retry(StepCall call) throws Exception {
    int count = (int) call.number("count", 1);
    PipelineRun run = call.run();
    return run.block(
        "retry", null, call.frame(), () -> run.retry(count, () -> run.call(call.body())));
  }

  private static Object catchError(StepCall call, String buildDefault, String stageDefault)
      throws Exception {
    Result build =
        Result.parse(call.has("buildResult") ? call.string("buildResult") : buildDefault);
    Result stage =
        Result.parse(call.has("stageResult") ? call.string("stageResult") : stageDefault);
    boolean interruptions = call.flag("catchInterruptions", true);
    try {
      return call.runBody();
    } catch (FlowInterruptedException e) {
      if (!interruptions) {
        throw e;
      }
      report(call, e, build, stage);
      return null;
    } catch (Exception e) {
      report(call, e, build, stage);
      return null;
    }
  }

  private static void report(StepCall call, Exception error, Result build, Result stage) {
    if (call.has("message")) {
      call.print(call.string("message"));
    }
    call.print("ERROR: " + Failures.describe(error));
    if (build != Result.SUCCESS) {
      call.run().currentBuild().setResult(build.name());
    }
    if (stage != Result.SUCCESS) {
      call.run().markStage(stage);
    }
  }

  private static Object input(StepCall call) throws Exception {
    List<ParameterDefinition> parameters = new ArrayList<>();
    for (Object entry : call.list("parameters")) {
      if (!(entry instanceof Describable parameter)) {
        throw new AbortException("input parameters are string(...), booleanParam(...), ...");
      }
      parameters.add(InputParameters.definition(parameter));
    }
    InputDefinition input =
        new InputDefinition(
            call.required("message"),
            call.string("id"),
            call.string("ok"),
            call.string("submitter"),
            call.string("submitterParameter"),
            parameters);
    Map<String, Object> values = Inputs.ask(call.run(), input);
    if (values.isEmpty()) {
      return null;
    }
    if (values.size() == 1) {
      return values.values().iterator().next();
    }
    return values;
  }

  private static Object node(StepCall call) throws Exception {
    call.print("Running on tagship in " + call.directory());
    return call.runBody();
  }

  private static Object stage(StepCall call) throws Exception {
    Object[] value = new Object[1];
    call.run()
        .stage(
            call.required("name"),
            () -> {
              value[0] = call.run().call(call.body());
              return call.run().stageWarning().map(Result::name).orElse(null);
            });
    return value[0];
  }

  private static Object parallel(StepCall call) throws Exception {
    Object[] raw = call.raw();
    if (raw.length != 1 || !(raw[0] instanceof Map<?, ?> map)) {
      throw new AbortException(
          "parallel takes a map of branch names to blocks: parallel(a: { ... }, b: { ... })");
    }
    Map<String, Callable<?>> branches = new LinkedHashMap<>();
    boolean failFast = false;
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      String name = String.valueOf(entry.getKey());
      if ("failFast".equals(name)) {
        failFast = Boolean.TRUE.equals(entry.getValue());
      } else if (entry.getValue() instanceof Closure<?> body) {
        branches.put(name, () -> call.run().call(body));
      } else {
        throw new DeclarativeException("Expected closure or failFast");
      }
    }
    call.run().parallel(branches, failFast);
    return null;
  }
}
