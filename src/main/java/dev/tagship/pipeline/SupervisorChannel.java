package dev.tagship.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tagship.pipeline.model.ParameterDefinition;
import dev.tagship.pipeline.runtime.InputHandler;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The messages between {@code tagship serve} and a run it started in a process of its own, one JSON
 * object a line over the child's standard input and output: the run's parameters go in (never on
 * the command line: passwords are among them), its id and waiting inputs come out, answers and an
 * abort go in. Everything else the run writes goes to the run store, as any run's log.
 */
public final class SupervisorChannel {

  public static final String RUN = "run";
  public static final String STARTED = "started";
  public static final String INPUT = "input";
  public static final String INPUT_CLOSED = "inputClosed";
  public static final String ANSWER = "answer";
  public static final String ABORT = "abort";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final PrintStream out;

  public SupervisorChannel(PrintStream out) {
    this.out = out;
  }

  /** Parses one line; a line that is not a message of the channel gives null. */
  public static JsonNode read(String line) {
    if (line == null || !line.startsWith("{")) {
      return null;
    }
    try {
      JsonNode message = JSON.readTree(line);
      return message.path("type").isTextual() ? message : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /**
   * @param masked values the run must mask in its log though it may not use them (the dashboard's
   *     own sign-in tokens)
   * @param environment the run's environment, secrets among it: it goes this way rather than as the
   *     process's own, which its steps could read from {@code /proc}
   */
  public void run(
      Map<String, String> parameters, List<String> masked, Map<String, String> environment) {
    run(parameters, masked, environment, false);
  }

  /**
   * @param console whether the run writes its console log to its standard error too, for a terminal
   *     to follow (the log always goes to the store)
   */
  public void run(
      Map<String, String> parameters,
      List<String> masked,
      Map<String, String> environment,
      boolean console) {
    ObjectNode message = message(RUN);
    message.set("parameters", JSON.valueToTree(parameters));
    message.set("masked", JSON.valueToTree(masked));
    message.set("environment", JSON.valueToTree(environment));
    message.put("console", console);
    send(message);
  }

  public static boolean console(JsonNode run) {
    return run.path("console").asBoolean(false);
  }

  /** The run's environment; null when the dashboard sent none (the process's own is the run's). */
  public static Map<String, String> environment(JsonNode run) {
    if (!run.path("environment").isObject()) {
      return null;
    }
    Map<String, String> environment = new LinkedHashMap<>();
    run.path("environment")
        .properties()
        .forEach(e -> environment.put(e.getKey(), e.getValue().asText()));
    return environment;
  }

  public void started(long runId) {
    send(message(STARTED).put("runId", runId));
  }

  public void input(InputHandler.Request request) {
    ObjectNode message = message(INPUT);
    message.set("request", JSON.valueToTree(request));
    send(message);
  }

  public void inputClosed(String id) {
    send(message(INPUT_CLOSED).put("id", id));
  }

  public void answer(String id, InputHandler.Answer answer) {
    ObjectNode message = message(ANSWER).put("id", id);
    message.put("proceed", answer.proceed()).put("by", answer.by());
    message.set("values", JSON.valueToTree(answer.values()));
    send(message);
  }

  public void abort(String by) {
    send(message(ABORT).put("by", by));
  }

  private static ObjectNode message(String type) {
    return JSON.createObjectNode().put("type", type);
  }

  private void send(ObjectNode message) {
    synchronized (out) {
      out.println(message.toString());
      out.flush();
    }
  }

  public static Map<String, String> parameters(JsonNode run) {
    Map<String, String> parameters = new LinkedHashMap<>();
    run.path("parameters")
        .properties()
        .forEach(e -> parameters.put(e.getKey(), e.getValue().asText()));
    return parameters;
  }

  public static List<String> masked(JsonNode run) {
    List<String> masked = new ArrayList<>();
    run.path("masked").forEach(value -> masked.add(value.asText()));
    return masked;
  }

  public static InputHandler.Request request(JsonNode input) {
    JsonNode request = input.path("request");
    List<ParameterDefinition> parameters = new ArrayList<>();
    for (JsonNode parameter : request.path("parameters")) {
      List<String> choices = new ArrayList<>();
      parameter.path("choices").forEach(choice -> choices.add(choice.asText()));
      JsonNode value = parameter.path("defaultValue");
      parameters.add(
          new ParameterDefinition(
              ParameterDefinition.Type.valueOf(parameter.path("type").asText()),
              parameter.path("name").asText(),
              value.isBoolean()
                  ? (Object) value.asBoolean()
                  : value.isNull() ? null : value.asText(),
              text(parameter, "description"),
              choices,
              parameter.path("trim").asBoolean()));
    }
    return new InputHandler.Request(
        request.path("id").asText(),
        text(request, "message"),
        text(request, "ok"),
        parameters,
        text(request, "submitter"),
        text(request, "stage"));
  }

  public static InputHandler.Answer answer(JsonNode answer) {
    Map<String, Object> values = new LinkedHashMap<>();
    answer
        .path("values")
        .properties()
        .forEach(
            e ->
                values.put(
                    e.getKey(),
                    e.getValue().isBoolean() ? e.getValue().asBoolean() : e.getValue().asText()));
    return new InputHandler.Answer(answer.path("proceed").asBoolean(), values, text(answer, "by"));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    return value.isNull() || value.isMissingNode() ? null : value.asText();
  }
}
