package dev.tagship.pipeline.runtime;

import dev.tagship.pipeline.dsl.JenkinsMessages;
import dev.tagship.pipeline.model.Agent;
import dev.tagship.pipeline.model.InputDefinition;
import dev.tagship.pipeline.model.Matrix;
import dev.tagship.pipeline.model.Options;
import dev.tagship.pipeline.model.PipelineDefinition;
import dev.tagship.pipeline.model.Post;
import dev.tagship.pipeline.model.Stage;
import groovy.lang.Closure;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * Runs a declarative pipeline the way Jenkins' ModelInterpreter does: agent, environment and
 * options around the stages; a failed stage makes the following ones skip; {@code when}, {@code
 * input}, nested, parallel and matrix stages; post conditions per stage and for the build, in
 * Jenkins' order.
 */
final class DeclarativeInterpreter {

  private final PipelineRun run;
  private final PipelineScript script;
  private PipelineDefinition root;

  DeclarativeInterpreter(PipelineRun run, PipelineScript script) {
    this.run = run;
    this.script = script;
  }

  void run(PipelineDefinition definition) throws Exception {
    this.root = definition;
    run.bindParameters(definition.parameters());
    for (String library : definition.libraries()) {
      String line = run.libraries().load(library);
      if (line != null) {
        run.log().output(line);
      }
    }
    Options options = definition.options();
    run.log().timestamps(options.timestamps());
    for (String ignored : options.ignored()) {
      run.log().output("Option " + ignored + " has no effect in tagship run");
    }
    AutoCloseable exclusive = options.disableConcurrentBuilds() ? run.exclusive() : null;
    try {
      runHeld(definition, options);
    } finally {
      if (exclusive != null) {
        exclusive.close();
      }
    }
  }

  private void runHeld(PipelineDefinition definition, Options options) throws Exception {
    Throwable firstError = null;
    boolean[] postRun = {false};
    try {
      inAgent(
          definition.agent(),
          () -> {
            if (!options.skipDefaultCheckout() && definition.agent().kind() != Agent.Kind.NONE) {
              run.stage("Declarative: Checkout SCM", () -> checkout(options));
            }
            return withEnvironment(
                definition.environment(),
                () ->
                    inWrappers(
                        options,
                        () -> {
                          Throwable error = sequential(definition.stages(), null, null, null);
                          postRun[0] = true;
                          error = postBuild(definition.post(), error);
                          if (error != null) {
                            throw asException(error);
                          }
                          return null;
                        }));
          });
    } catch (Throwable e) {
      firstError = e;
    } finally {
      if (!postRun[0]) {
        firstError = postBuild(definition.post(), firstError);
      }
    }
    if (firstError != null) {
      throw asException(firstError);
    }
  }

  /**
   * A stage's own agent checks the sources out, without a stage of its own, unless the pipeline's
   * or the stage's options skip the default checkout (Jenkins' Agent and CheckoutScript).
   */
  private boolean checksOut(Stage stage) {
    return stage.agent() != null
        && stage.agent().kind() != Agent.Kind.NONE
        && !root.options().skipDefaultCheckout()
        && !stage.options().skipDefaultCheckout();
  }

  private String checkout(Options options) throws Exception {
    run.invokeStep("checkout", new Object[] {PipelineScript.Scm.INSTANCE});
    return null;
  }

  /** The build's post section; an error in it becomes the build's error if there was none. */
  private Throwable postBuild(Post post, Throwable error) {
    Throwable[] result = {error};
    if (satisfiedAny(post, error, null)) {
      try {
        run.stage(
            "Declarative: Post Actions",
            () -> {
              result[0] = runPost(post, result[0], null);
              return null;
            });
      } catch (Exception e) {
        if (result[0] == null) {
          result[0] = e;
        }
      }
    }
    return result[0];
  }

  private Throwable sequential(
      List<Stage> stages, Throwable firstError, Stage parent, SkipReason skipped) throws Exception {
    Throwable error = firstError;
    try {
      for (Stage stage : stages) {
        try {
          stage(stage, error, skipped == null ? null : skipped.forStage(stage.name()), Map.of());
        } catch (Throwable e) {
          if (error == null) {
            error = e;
          }
        }
      }
    } finally {
      if (skipped == null && parent != null && satisfiedAny(parent.post(), error, parent.name())) {
        run.log().output(run.frame(), "Post stage");
        error = runPost(parent.post(), error, parent.name());
      }
    }
    return error;
  }

  /** Why a stage does not run; the message is Jenkins' own. */
  private record SkipReason(String kind, String stage) {
    SkipReason forStage(String name) {
      return new SkipReason(kind, name);
    }

    String message() {
      return switch (kind) {
        case "when" -> JenkinsMessages.stageSkippedForWhen(stage);
        case "unstable" -> JenkinsMessages.stageSkippedForUnstable(stage);
        default -> JenkinsMessages.stageSkippedForFailure(stage);
      };
    }
  }

  private void stage(
      Stage stage, Throwable firstError, SkipReason skipped, Map<String, String> cellVariables)
      throws Exception {
    Throwable[] error = {firstError};
    run.stage(
        stage.name(),
        () -> {
          SkipReason reason = skipped;
          String status = null;
          try {
            if (reason != null) {
              skip(stage, error[0], reason);
              status = "SKIPPED";
            } else if (error[0] != null) {
              reason = new SkipReason("failure", stage.name());
              skip(stage, error[0], reason);
              status = "SKIPPED";
            } else if (root.options().skipStagesAfterUnstable()
                && run.currentBuild().result() == Result.UNSTABLE) {
              reason = new SkipReason("unstable", stage.name());
              skip(stage, null, reason);
              status = "SKIPPED";
            } else {
              boolean ran =
                  run.inFrame(run.frame().withVariables(cellVariables), () -> evaluate(stage));
              if (!ran) {
                reason = new SkipReason("when", stage.name());
                skip(stage, null, reason);
                status = "SKIPPED";
              } else {
                status = run.stageWarning().map(Result::name).orElse(null);
              }
            }
          } catch (Throwable e) {
            if (error[0] == null) {
              error[0] = e;
            }
            status = e instanceof FlowInterruptedException f ? f.result().name() : "FAILURE";
          } finally {
            if (reason == null
                && (stage.parallel() != null || stage.matrix() != null)
                && satisfiedAny(stage.post(), error[0], stage.name())) {
              run.log().output(run.frame(), "Post stage");
              error[0] = runPost(stage.post(), error[0], stage.name());
            }
          }
          return status;
        });
    if (error[0] != null) {
      throw asException(error[0]);
    }
  }

  /**
   * @return false when {@code when} kept the stage from running
   */
  private boolean evaluate(Stage stage) throws Exception {
    WhenConditions when =
        stage.when() == null
            ? null
            : WhenConditions.read(rehydrate(stage.when().conditions()), run, run.changes());
    boolean[] passed = {when == null};
    Callable<Boolean> whenNow =
        () -> {
          if (!passed[0]) {
            passed[0] = when.passes();
          }
          return passed[0];
        };
    if (when != null && when.beforeOptions && !whenNow.call()) {
      return false;
    }
    inWrappers(
        stage.options(),
        () -> {
          if (when != null && when.beforeInput && !whenNow.call()) {
            return null;
          }
          return withInput(
              stage.input(),
              () -> {
                if (stage.parallel() != null || stage.matrix() != null) {
                  if (whenNow.call()) {
                    withEnvironment(stage.environment(), () -> parallel(stage));
                  }
                  return null;
                }
                if (when != null && when.beforeAgent && !whenNow.call()) {
                  return null;
                }
                return inAgent(
                    stage.agent(),
                    () -> {
                      if (checksOut(stage)) {
                        checkout(stage.options());
                      }
                      if (!whenNow.call()) {
                        return null;
                      }
                      return withEnvironment(
                          stage.environment(),
                          () -> {
                            if (stage.stages() != null) {
                              Throwable nested = sequential(stage.stages(), null, stage, null);
                              if (nested != null) {
                                throw asException(nested);
                              }
                            } else {
                              steps(stage);
                            }
                            return null;
                          });
                    });
              });
        });
    return passed[0];
  }

  private void steps(Stage stage) throws Exception {
    Throwable error = null;
    try {
      run.call(rehydrate(stage.steps()));
    } catch (Throwable e) {
      error = e;
    } finally {
      if (satisfiedAny(stage.post(), error, stage.name())) {
        run.log().output(run.frame(), "Post stage");
        error = runPost(stage.post(), error, stage.name());
      }
    }
    if (error != null) {
      throw asException(error);
    }
  }

  private Object parallel(Stage stage) throws Exception {
    Map<String, Callable<?>> branches = new LinkedHashMap<>();
    boolean failFast = stage.failFast() || root.options().parallelsAlwaysFailFast();
    if (stage.parallel() != null) {
      for (Stage branch : stage.parallel()) {
        branches.put(
            branch.name(),
            () -> {
              stage(branch, null, null, Map.of());
              return null;
            });
      }
    } else {
      Matrix matrix = stage.matrix();
      for (Map<String, String> combination : matrix.combinations()) {
        Stage cell = cell(matrix.cell(), combination);
        branches.put(
            cell.name(),
            () -> {
              stage(cell, null, null, combination);
              return null;
            });
      }
      failFast = failFast || matrix.cell().failFast();
    }
    run.parallel(branches, failFast);
    return null;
  }

  private static Stage cell(Stage template, Map<String, String> combination) {
    String name =
        "Matrix - "
            + combination.entrySet().stream()
                .map(e -> e.getKey() + " = '" + e.getValue() + "'")
                .collect(Collectors.joining(", "));
    return new Stage(
        name,
        template.agent(),
        template.environment(),
        template.options(),
        template.when(),
        template.input(),
        null,
        template.stages(),
        null,
        null,
        false,
        template.post());
  }

  private void skip(Stage stage, Throwable error, SkipReason reason) throws Exception {
    run.log().output(run.frame(), reason.message());
    if (stage.parallel() != null) {
      Map<String, Callable<?>> branches = new LinkedHashMap<>();
      for (Stage branch : stage.parallel()) {
        branches.put(
            branch.name(),
            () -> {
              stage(branch, error, reason.forStage(branch.name()), Map.of());
              return null;
            });
      }
      try {
        run.parallel(branches, false);
      } catch (Exception expected) {
        // the skipped branches rethrow the earlier error, which the caller already holds
      }
    } else if (stage.stages() != null) {
      sequential(stage.stages(), error, stage, reason);
    }
  }

  private Object inAgent(Agent agent, Callable<Object> body) throws Exception {
    if (agent == null || agent.kind() == Agent.Kind.NONE) {
      return body.call();
    }
    run.log().pipeline("node");
    if (!agent.runsHere()) {
      run.log()
          .output(
              "agent "
                  + agent.description()
                  + " is not provided by tagship run: running on this machine instead");
    }
    run.log().output(run.frame(), "Running on tagship in " + run.frame().directory());
    return run.block("node", null, run.frame(), body);
  }

  private <T> T withEnvironment(Closure<?> block, Callable<T> body) throws Exception {
    if (block == null) {
      return body.call();
    }
    Map<String, Object> values = EnvironmentBlock.evaluate(rehydrate(block), run);
    Map<String, String> plain = new LinkedHashMap<>();
    Map<String, String> secret = new LinkedHashMap<>();
    java.util.Set<String> sensitive = new java.util.HashSet<>();
    List<CredentialBinding.Bound> bindings = new java.util.ArrayList<>();
    CredentialBinding binding = new CredentialBinding(run.credentials());
    try {
      for (Map.Entry<String, Object> entry : values.entrySet()) {
        if (entry.getValue() instanceof EnvironmentBlock.CredentialReference reference) {
          CredentialBinding.Bound bound = binding.environment(entry.getKey(), reference.id());
          bindings.add(bound);
          run.log().mask(bound.secrets());
          secret.putAll(bound.variables());
          sensitive.addAll(bound.sensitiveVariables());
        } else {
          plain.put(entry.getKey(), (String) entry.getValue());
        }
      }
      Callable<T> withEnv =
          plain.isEmpty()
              ? body
              : () -> {
                run.log().pipeline("withEnv");
                return run.block("withEnv", null, run.frame().withVariables(plain), body);
              };
      if (secret.isEmpty()) {
        return withEnv.call();
      }
      run.log().pipeline("withCredentials");
      run.log()
          .output(
              "Masking supported pattern matches of "
                  + secret.keySet().stream().map(k -> "$" + k).collect(Collectors.joining(" or ")));
      return run.block(
          "withCredentials", null, run.frame().withSecretVariables(secret, sensitive), withEnv);
    } finally {
      for (CredentialBinding.Bound bound : bindings) {
        bound.delete();
      }
    }
  }

  private <T> T inWrappers(Options options, Callable<T> body) throws Exception {
    Callable<T> wrapped = body;
    if (options.retry() > 1) {
      Callable<T> inner = wrapped;
      wrapped =
          () -> {
            run.log().pipeline("retry");
            return run.block(
                "retry", null, run.frame(), () -> Retry.run(run, options.retry(), inner));
          };
    }
    if (options.timeout() != null) {
      Callable<T> inner = wrapped;
      wrapped =
          () -> {
            run.log().pipeline("timeout");
            run.log()
                .output(
                    run.frame(),
                    "Timeout set to expire in " + Durations.describe(options.timeout()));
            return run.block(
                "timeout", null, run.frame(), () -> run.withTimeout(options.timeout(), inner));
          };
    }
    return wrapped.call();
  }

  private Object withInput(InputDefinition input, Callable<Object> body) throws Exception {
    if (input == null) {
      return body.call();
    }
    run.log().pipeline("input");
    Map<String, Object> answer = Inputs.ask(run, input);
    if (answer.isEmpty()) {
      return body.call();
    }
    Map<String, String> variables = new LinkedHashMap<>();
    answer.forEach((k, v) -> variables.put(k, String.valueOf(v)));
    run.log().pipeline("withEnv");
    return run.block("withEnv", null, run.frame().withVariables(variables), body);
  }

  private boolean satisfiedAny(Post post, Throwable error, String stage) {
    if (post == null || post.isEmpty()) {
      return false;
    }
    return post.blocks().keySet().stream().anyMatch(c -> run.satisfies(c, error, stage != null));
  }

  private Throwable runPost(Post post, Throwable stageError, String stage) {
    Throwable error = stageError;
    for (String condition : Post.CONDITIONS) {
      Closure<?> block = post.blocks().get(condition);
      if (block == null) {
        continue;
      }
      if (!run.satisfies(condition, error, stage != null)) {
        continue;
      }
      Result logical = run.combinedResult(error, stage != null);
      try {
        run.withLogicalResult(logical, () -> run.call(rehydrate(block)));
      } catch (Throwable e) {
        run.log().output(run.frame(), "Error when executing " + condition + " post condition:");
        run.log().output(run.frame(), Failures.describe(e));
        if (error == null) {
          error = e;
        }
      }
    }
    return error;
  }

  /** A block from the Jenkinsfile, detached from the section readers it was read with. */
  private Closure<?> rehydrate(Closure<?> block) {
    Closure<?> copy = block.rehydrate(script, script, script);
    copy.setResolveStrategy(Closure.DELEGATE_FIRST);
    return copy;
  }

  static Exception asException(Throwable error) {
    if (error instanceof Exception exception) {
      return exception;
    }
    if (error instanceof Error fatal) {
      throw fatal;
    }
    return new RuntimeException(error);
  }
}
