package dev.tagship.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagship.core.DaemonThreads;
import dev.tagship.core.Event;
import dev.tagship.core.EventListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * {@code helm rollback RELEASE REVISION}: Helm's own rollback action, run by {@code tagship-helm}
 * (see {@link HelmHelperBinary}) — the stored manifest of the target revision applied again, {@code
 * pre-rollback}/{@code post-rollback} hooks and only those, a new revision recorded. The kubeconfig
 * goes over the program's standard input; its environment is PATH and HOME only.
 */
final class HelmRollback {

  /** Beyond Helm's own timeout (which bounds hooks), how long the program may take to finish. */
  private static final Duration EXIT_GRACE = Duration.ofSeconds(30);

  private static final int LOG_LINES_KEPT = 20;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventListener events;

  HelmRollback(EventListener events) {
    this.events = events;
  }

  /** What Helm recorded as the rollback's revision. */
  record Outcome(int revision, String status, String description) {}

  /**
   * Rolls {@code release} back to {@code revision}; a {@link DeployException} carrying Helm's error
   * when Helm could not, after which the new revision (if Helm made one) is recorded failed.
   */
  Outcome run(
      ClusterAccess cluster,
      String namespace,
      String release,
      int revision,
      Duration timeout,
      String description) {
    ObjectNode request = JSON.createObjectNode();
    request.put("kubeconfig", cluster.kubeconfig());
    request.put("namespace", namespace);
    request.put("release", release);
    request.put("revision", revision);
    request.put("timeoutSeconds", Math.max(1, timeout.toSeconds()));
    if (description != null) {
      request.put("description", description);
    }
    ProcessBuilder builder = new ProcessBuilder(HelmHelperBinary.path().toString(), "rollback");
    builder.environment().keySet().retainAll(List.of("PATH", "HOME", "TMPDIR"));
    ExecutorService readers = Executors.newFixedThreadPool(2, DaemonThreads.named("helm-rollback"));
    Process process = null;
    try {
      process = builder.start();
      Process started = process;
      Future<String> output =
          readers.submit(
              () -> new String(started.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
      Future<Deque<String>> log = readers.submit(() -> relayLog(started));
      try (OutputStream in = process.getOutputStream()) {
        JSON.writeValue(in, request);
      }
      if (!process.waitFor(timeout.plus(EXIT_GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw DeployException.failure(
            "Helm's rollback of "
                + release
                + " did not end within "
                + timeout.plus(EXIT_GRACE).toSeconds()
                + " s"
                + "; it was stopped. Last lines of its log: "
                + String.join(" | ", log.get(5, TimeUnit.SECONDS)),
            null);
      }
      return outcome(release, output.get(5, TimeUnit.SECONDS), log.get(5, TimeUnit.SECONDS));
    } catch (IOException e) {
      throw DeployException.failure("cannot run Helm's rollback: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw DeployException.failure("interrupted while Helm rolled " + release + " back", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw DeployException.failure("cannot read Helm's rollback result: " + e, e);
    } finally {
      if (process != null && process.isAlive()) {
        process.destroyForcibly();
      }
      readers.shutdownNow();
    }
  }

  /** Relays Helm's log lines as debug events, keeping the last ones for an error message. */
  private Deque<String> relayLog(Process process) throws IOException {
    Deque<String> last = new ArrayDeque<>();
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        events.on(Event.debug("helm: " + line));
        last.addLast(line);
        if (last.size() > LOG_LINES_KEPT) {
          last.removeFirst();
        }
      }
    }
    return last;
  }

  private static Outcome outcome(String release, String output, Deque<String> log)
      throws IOException {
    JsonNode result;
    try {
      result = JSON.readTree(output);
    } catch (IOException e) {
      result = null;
    }
    if (result == null || !result.isObject()) {
      throw DeployException.failure(
          "Helm's rollback of "
              + release
              + " ended without a result; last lines of its log: "
              + String.join(" | ", log),
          null);
    }
    String error = result.path("error").asText("");
    if (!error.isEmpty()) {
      throw DeployException.failure(
          "helm could not roll " + release + " back: " + HelmErrors.oneLine(error), null);
    }
    return new Outcome(
        result.path("revision").asInt(),
        result.path("status").asText(),
        result.path("description").asText());
  }
}
