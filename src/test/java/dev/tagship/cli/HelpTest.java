package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every command answers --help, whatever options it requires. */
class HelpTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "version",
        "push",
        "deploy",
        "rollback",
        "history",
        "chart",
        "chart push",
        "run",
        "mark",
        "serve"
      })
  void everyCommandShowsItsHelp(String command) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CliContext context =
        new CliContext(
            Map.of(),
            Path.of("."),
            InputStream.nullInputStream(),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

    String[] args = (command + " --help").split(" ");
    assertThat(Main.run(context, args)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: tagship " + command);
  }
}
