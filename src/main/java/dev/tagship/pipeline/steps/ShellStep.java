package dev.tagship.pipeline.steps;

import dev.tagship.core.TempFolders;
import dev.tagship.pipeline.runtime.AbortException;
import dev.tagship.pipeline.runtime.Frame;
import dev.tagship.pipeline.runtime.PipelineStep;
import dev.tagship.pipeline.runtime.RunLog;
import dev.tagship.pipeline.runtime.StepCall;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code sh}: runs the script as Jenkins does, with {@code sh -xe} (so each command is echoed with
 * a {@code +}), in the current directory and environment; a script starting with {@code #!} runs
 * with its own interpreter. Fails with "script returned exit code N" unless asked for the status;
 * {@code returnStdout} gives standard output untrimmed while standard error still reaches the log.
 */
final class ShellStep implements PipelineStep {

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  @Override
  public String name() {
    return "sh";
  }

  @Override
  public String defaultParameter() {
    return "script";
  }

  @Override
  public Set<String> parameters() {
    return Set.of("script", "returnStdout", "returnStatus", "label", "encoding");
  }

  @Override
  public Object call(StepCall call) throws Exception {
    String script = call.required("script");
    boolean returnStdout = call.flag("returnStdout", false);
    boolean returnStatus = call.flag("returnStatus", false);
    Path folder = TempFolders.create("sh-");
    Path file = folder.resolve("script.sh");
    try {
      Files.writeString(file, script, StandardCharsets.UTF_8);
      List<String> command = new ArrayList<>();
      if (Files.isExecutable(SETSID)) {
        // A session of its own: the terminal's Ctrl-C reaches tagship, which stops the step and
        // runs the post conditions, instead of killing the step behind its back.
        command.addAll(List.of(SETSID.toString(), "--wait"));
      }
      if (script.startsWith("#!")) {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        command.add(file.toString());
      } else {
        command.addAll(List.of("/bin/sh", "-xe", file.toString()));
      }
      ProcessBuilder builder = new ProcessBuilder(command).directory(call.directory().toFile());
      builder.environment().clear();
      builder.environment().putAll(call.run().env().effective());
      builder.environment().putAll(call.run().leftoverProcesses().processEnvironment());
      builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      builder.redirectErrorStream(!returnStdout);
      Process process = builder.start();
      Frame frame = call.frame();
      RunLog log = call.log();
      ByteArrayOutputStream stdout = new ByteArrayOutputStream();
      // Output is read on other threads so that this one waits interruptibly, for timeouts.
      Thread output =
          returnStdout
              ? capture(process.getInputStream(), stdout)
              : pump(process.getInputStream(), log, frame);
      Thread errors = returnStdout ? pump(process.getErrorStream(), log, frame) : null;
      try {
        int exit = process.waitFor();
        output.join();
        if (errors != null) {
          errors.join();
        }
        if (exit != 0 && !returnStatus) {
          throw new AbortException("script returned exit code " + exit);
        }
        if (returnStatus) {
          return exit;
        }
        return returnStdout ? stdout.toString(StandardCharsets.UTF_8) : null;
      } catch (InterruptedException e) {
        stop(process);
        throw e;
      } finally {
        if (process.isAlive()) {
          stop(process);
        }
      }
    } finally {
      TempFolders.deleteQuietly(folder);
    }
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread capture(InputStream stream, ByteArrayOutputStream into) {
    return daemon(
        () -> {
          try {
            stream.transferTo(into);
          } catch (IOException e) {
            // the process was stopped; what was read so far is all there is
          }
        });
  }

  private static Thread daemon(Runnable body) {
    Thread thread = new Thread(body, "tagship-sh-output");
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  private static Thread pump(InputStream stream, RunLog log, Frame frame) {
    return daemon(
        () -> {
          try {
            copyLines(stream, log, frame);
          } catch (IOException e) {
            log.output(frame, "(output lost: " + e.getMessage() + ")");
          }
        });
  }

  private static void copyLines(InputStream stream, RunLog log, Frame frame) throws IOException {
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        log.output(frame, line);
      }
    }
  }
}
