package dev.tagship.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;

/** How a command prints its result: one line for people and shell scripts, or JSON. */
enum OutputFormat {
  text,
  json;

  /** Created on first use: text output, the usual case, needs no JSON machinery. */
  private static final class Json {
    static final ObjectMapper MAPPER =
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  }

  void print(PrintStream out, String line, Record result) {
    if (this == text) {
      out.println(line);
      return;
    }
    try {
      out.println(Json.MAPPER.writeValueAsString(result));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write " + result + " as JSON", e);
    }
  }
}
