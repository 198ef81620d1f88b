package dev.tagship.steps;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tagship.core.Event;
import dev.tagship.core.SecretMasker;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepLogTest {

  private String render(boolean terminal, Event... events) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StepLog log =
        new StepLog(
            new PrintStream(bytes, true, StandardCharsets.UTF_8),
            SecretMasker.of(List.of("s3cret-value")),
            false,
            terminal);
    for (Event event : events) {
      log.on(event);
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void buildLogsGetWholeLinesOnlyAndNoProgress() {
    String log =
        render(
            false,
            Event.info("Uploading sha256:abc (10 MB)"),
            Event.progress("Uploading sha256:abc 5 MB / 10 MB"),
            Event.debug("details"),
            Event.warn("slow registry"));

    assertThat(log)
        .isEqualTo(
            "Uploading sha256:abc (10 MB)"
                + System.lineSeparator()
                + "WARNING: slow registry"
                + System.lineSeparator());
  }

  @Test
  void terminalsDrawProgressInPlaceAndClearItBeforeTheNextLine() {
    String log =
        render(true, Event.progress("Uploading 5 MB / 10 MB"), Event.info("Uploaded sha256:abc"));

    assertThat(log)
        .isEqualTo(
            "\r\033[KUploading 5 MB / 10 MB\r\033[KUploaded sha256:abc" + System.lineSeparator());
  }

  @Test
  void secretsAreMaskedInEveryKindOfLine() {
    String log = render(true, Event.progress("token s3cret-value"), Event.warn("bad s3cret-value"));

    assertThat(log).doesNotContain("s3cret-value").contains("token ****").contains("bad ****");
  }
}
