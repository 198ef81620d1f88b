package dev.tagship.pipeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Log lines keep the stage that wrote them, in new stores and in stores written before that. */
class RunStoreLogTest {

  @TempDir Path root;

  @Test
  void linesComeBackWithTheirStages() {
    try (RunStore store = RunStore.open(root.resolve("runs.db"))) {
      long id;
      try (RunRecorder run = store.begin("shop", "2026-12-05T06:00:00Z", null)) {
        id = run.id();
        run.line("Started by user tagship", null);
        run.line("building", "1");
        run.line("[Unit] unit", "3");
        run.finish("SUCCESS", Duration.ofMillis(10), null);
      }

      assertThat(store.log(id, 1))
          .containsExactly(new LogLine("building", "1"), new LogLine("[Unit] unit", "3"));
    }
  }

  @Test
  void aStoreWrittenBeforeLinesHadStagesStillOpensAndItsLinesHaveNone() throws Exception {
    Path file = root.resolve("old.db");
    try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement sql = old.createStatement()) {
      sql.execute(
          "CREATE TABLE log (run_id INTEGER NOT NULL, line INTEGER NOT NULL, text TEXT NOT NULL,"
              + " PRIMARY KEY (run_id, line))");
      sql.execute("INSERT INTO log (run_id, line, text) VALUES (1, 0, 'from before')");
    }

    try (RunStore store = RunStore.open(file)) {
      assertThat(store.log(1, 0)).containsExactly(new LogLine("from before", null));
    }
  }
}
