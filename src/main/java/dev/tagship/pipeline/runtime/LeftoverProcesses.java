package dev.tagship.pipeline.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

/**
 * Kills what a run's processes leave behind, as Jenkins' process tree killer does: every process a
 * step starts carries {@code JENKINS_NODE_COOKIE} with the run's own value, and the processes that
 * still carry it when the run ends are killed (a daemon started with {@code
 * JENKINS_NODE_COOKIE=dontKillMe}, Jenkins' documented way out, is left alone).
 *
 * <p>A killed tagship cannot clean up, so the first step that starts a process also starts a small
 * watcher process: it waits for its standard input to close, which happens only when tagship is
 * gone, then kills the processes with the run's cookie. Both read {@code /proc}; where there is
 * none, steps are still stopped with their process tree while tagship runs.
 */
public final class LeftoverProcesses implements AutoCloseable {

  /** The variable Jenkins marks a build's processes with; Jenkinsfiles already know its name. */
  public static final String COOKIE = "JENKINS_NODE_COOKIE";

  private static final Path PROC = Path.of("/proc");

  private static final String WATCHER =
      String.join(
          "\n",
          "trap '' INT TERM HUP",
          "cat >/dev/null",
          "for p in /proc/[0-9]*; do",
          "  [ \"$p\" = /proc/$$ ] && continue",
          "  if grep -qsxzF \"" + COOKIE + "=$1\" \"$p/environ\"; then",
          "    kill -9 \"${p#/proc/}\" 2>/dev/null",
          "  fi",
          "done");

  private final String cookie = UUID.randomUUID().toString();
  private Process watcher;
  private boolean closed;

  /** The variables a process started for the run must carry; the first call starts the watcher. */
  public synchronized Map<String, String> processEnvironment() {
    if (watcher == null && !closed && Files.isDirectory(PROC.resolve("self"))) {
      watcher = startWatcher();
    }
    return Map.of(COOKIE, cookie);
  }

  private Process startWatcher() {
    ProcessBuilder builder =
        new ProcessBuilder("/bin/sh", "-c", WATCHER, "tagship-process-watcher", cookie);
    // The watcher must carry no cookie, not even that of a Jenkins running tagship, or it would
    // be killed along with the processes it is there to kill.
    builder.environment().clear();
    builder.environment().put("PATH", "/usr/bin:/bin");
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(ProcessBuilder.Redirect.DISCARD);
    try {
      return builder.start();
    } catch (IOException e) {
      return null;
    }
  }

  /** Kills the run's leftover processes, then the watcher, which is not needed any more. */
  @Override
  public synchronized void close() {
    closed = true;
    if (watcher == null) {
      return;
    }
    killCarriers();
    watcher.descendants().forEach(ProcessHandle::destroyForcibly);
    watcher.destroyForcibly();
    try {
      watcher.getOutputStream().close();
    } catch (IOException e) {
      // the watcher is gone already
    }
  }

  private void killCarriers() {
    byte[] marker = (COOKIE + "=" + cookie + "\0").getBytes(StandardCharsets.UTF_8);
    long self = ProcessHandle.current().pid();
    ProcessHandle.allProcesses()
        .filter(process -> process.pid() != self && carries(process.pid(), marker))
        .forEach(ProcessHandle::destroyForcibly);
  }

  private static boolean carries(long pid, byte[] marker) {
    byte[] environment;
    try {
      environment = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("environ"));
    } catch (IOException | SecurityException notOurs) {
      return false;
    }
    for (int at = 0; at + marker.length <= environment.length; at++) {
      boolean variableStart = at == 0 || environment[at - 1] == 0;
      if (variableStart
          && Arrays.equals(environment, at, at + marker.length, marker, 0, marker.length)) {
        return true;
      }
    }
    return false;
  }
}
