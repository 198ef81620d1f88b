package dev.tagship.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tagship serve} has no default password: without a token it does not start. */
class ServeCommandTest {

  @TempDir Path home;

  private int serve(Map<String, String> env, ByteArrayOutputStream err, String... args) {
    CliContext context =
        new CliContext(
            env,
            home,
            InputStream.nullInputStream(),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    String[] command = new String[args.length + 1];
    command[0] = "serve";
    System.arraycopy(args, 0, command, 1, args.length);
    return Main.run(context, command);
  }

  @Test
  void refusesToStartWithoutATokenAndSaysHowToGiveOne() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = serve(Map.of("HOME", home.toString()), err, "--port", "0");

    assertThat(exit).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("TAGSHIP_UI_TOKEN")
        .contains("--token-file");
  }

  @Test
  void refusesAShortTokenFromAFileWithoutEverPrintingIt() throws Exception {
    Path token = Files.writeString(home.resolve("token"), "tiny-secret\n");
    ByteArrayOutputStream err = new ByteArrayOutputStream();

    int exit = serve(Map.of("HOME", home.toString()), err, "--port", "0", "--token-file", "token");

    assertThat(exit).isEqualTo(Main.USAGE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("too short")
        .doesNotContain("tiny-secret");
    assertThat(token).exists();
  }
}
