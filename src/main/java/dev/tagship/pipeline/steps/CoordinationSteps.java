package dev.tagship.pipeline.steps;

import dev.tagship.pipeline.runtime.AbortException;
import dev.tagship.pipeline.runtime.Durations;
import dev.tagship.pipeline.runtime.PipelineRun;
import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.pipeline.runtime.StepCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Steps that wait: {@code waitUntil} (workflow-basic-steps) polls its block until it returns true,
 * and {@code lock} (the Lockable Resources plugin) runs its block while no other run holds the same
 * resource — across processes on this machine, as {@code disableConcurrentBuilds()} does.
 */
final class CoordinationSteps {

  /** Jenkins' first pause between two tries, its growth per try, and its longest pause. */
  private static final long FIRST_PAUSE_MILLIS = 250;

  private static final float PAUSE_GROWTH = 1.2f;
  private static final long LONGEST_PAUSE_MILLIS = 15_000;

  private CoordinationSteps() {}

  static List<PipelineStep> all() {
    return List.of(
        SimpleStep.block(
            "waitUntil",
            null,
            Set.of("initialRecurrencePeriod", "quiet"),
            CoordinationSteps::waitUntil),
        SimpleStep.block(
            "lock",
            "resource",
            Set.of(
                "resource",
                "label",
                "quantity",
                "variable",
                "inversePrecedence",
                "skipIfLocked",
                "priority",
                "resourceSelectStrategy"),
            CoordinationSteps::lock),
        SimpleStep.of(
            "milestone",
            "ordinal",
            Set.of("ordinal", "label", "unsafe"),
            call -> {
              long ordinal =
                  call.run()
                      .passMilestone(call.has("ordinal") ? (Long) call.number("ordinal", 0) : null);
              // Jenkins cancels older builds that have not passed it yet; one local run passes
              call.print("Trying to pass milestone " + ordinal);
              return null;
            }),
        SimpleStep.of(
            "mail",
            null,
            Set.of("to", "cc", "bcc", "from", "replyTo", "subject", "body", "charset", "mimeType"),
            call -> {
              call.print(
                  "mail: not sent, tagship run sends no mail: to "
                      + call.string("to")
                      + (call.has("cc") ? ", cc " + call.string("cc") : "")
                      + ", subject '"
                      + call.string("subject")
                      + "'");
              return null;
            }));
  }

  private static Object waitUntil(StepCall call) throws Exception {
    long pause = call.number("initialRecurrencePeriod", FIRST_PAUSE_MILLIS);
    if (pause < 1) {
      throw new AbortException(
          "waitUntil: initialRecurrencePeriod must be at least 1 (milliseconds), not " + pause);
    }
    boolean quiet = call.flag("quiet", false);
    while (true) {
      Object done = call.runBody();
      if (!(done instanceof Boolean)) {
        throw new AbortException(
            "waitUntil: the block returned "
                + done
                + ", which is not true or false; end it with a condition, e.g. return"
                + " fileExists('ready')");
      }
      if ((Boolean) done) {
        return null;
      }
      if (!quiet) {
        call.print("Will try again after " + Durations.describe(Duration.ofMillis(pause)));
      }
      Thread.sleep(pause);
      pause = Math.min((long) (pause * PAUSE_GROWTH), LONGEST_PAUSE_MILLIS);
    }
  }

  private static Object lock(StepCall call) throws Exception {
    String resource = call.has("resource") ? call.string("resource") : null;
    String label = call.has("label") ? call.string("label") : null;
    if (resource != null && label != null) {
      throw new AbortException("lock: Label and resource name cannot be specified simultaneously.");
    }
    String name = resource != null ? resource : label;
    if (name == null || name.isBlank()) {
      throw new AbortException(
          "lock: Either resource label or resource name must be specified, e.g. lock('deploy')");
    }
    // A label names a pool of resources on Jenkins; here it is one resource of that name.
    String described = (resource != null ? "Resource: " : "Label: ") + name;
    PipelineRun run = call.run();
    call.print("Trying to acquire lock on [" + described + "]");
    boolean skipIfLocked = call.flag("skipIfLocked", false);
    AutoCloseable held;
    try {
      held =
          run.lockResource(
              (resource != null ? "resource " : "label ") + name,
              () -> {
                if (skipIfLocked) {
                  throw new LockedElsewhere();
                }
                call.print("[" + described + "] is locked, waiting...");
              });
    } catch (LockedElsewhere skipped) {
      call.print("[" + described + "] is locked, skipping execution...");
      return null;
    }
    try (held) {
      call.print("Lock acquired on [" + described + "]");
      try {
        String variable = call.has("variable") ? call.string("variable") : null;
        return variable == null || variable.isBlank()
            ? call.runBody()
            : call.runBody(
                call.frame().withVariables(Map.of(variable, name, variable + "0", name)));
      } finally {
        call.print("Lock released on resource [" + described + "]");
      }
    }
  }

  /** Another run holds the resource and the step asked not to wait for it. */
  private static final class LockedElsewhere extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LockedElsewhere() {
      super(null, null, false, false);
    }
  }
}
