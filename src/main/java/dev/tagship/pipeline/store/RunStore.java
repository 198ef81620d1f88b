package dev.tagship.pipeline.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of {@code tagship run}, kept in one SQLite file: each run's parameters (passwords
 * masked), result, stages and masked log. Several processes may use the file at once — a run writes
 * while the dashboard reads — which SQLite's write-ahead log allows.
 */
public final class RunStore implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  private final Connection connection;

  private RunStore(Connection connection) {
    this.connection = connection;
  }

  /** Opens (and creates when needed) the store in {@code file}. */
  public static RunStore open(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement statement = connection.createStatement()) {
        statement.execute("PRAGMA journal_mode=WAL");
        statement.execute("PRAGMA synchronous=NORMAL");
        statement.execute("PRAGMA busy_timeout=10000");
        statement.execute(
            "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, pipeline TEXT"
                + " NOT NULL, number INTEGER NOT NULL, result TEXT, started_at TEXT NOT NULL,"
                + " duration_ms INTEGER, parameters TEXT NOT NULL DEFAULT '{}', git_commit TEXT,"
                + " error TEXT, UNIQUE (pipeline, number))");
        statement.execute(
            "CREATE TABLE IF NOT EXISTS stages (run_id INTEGER NOT NULL, stage_id TEXT NOT NULL,"
                + " parent_id TEXT, name TEXT NOT NULL, status TEXT, started_at TEXT NOT NULL,"
                + " duration_ms INTEGER, PRIMARY KEY (run_id, stage_id))");
        statement.execute(
            "CREATE TABLE IF NOT EXISTS log (run_id INTEGER NOT NULL, line INTEGER NOT NULL, text"
                + " TEXT NOT NULL, stage_id TEXT, PRIMARY KEY (run_id, line))");
        addStageOfLogLines(statement);
      }
      return new RunStore(connection);
    } catch (SQLException | IOException e) {
      throw new IllegalStateException(
          "cannot open the run store " + file + ": " + e.getMessage(), e);
    }
  }

  /** Stores written before lines knew their stage get the column; their lines have none. */
  private static void addStageOfLogLines(Statement statement) throws SQLException {
    boolean present = false;
    try (ResultSet columns = statement.executeQuery("PRAGMA table_info(log)")) {
      while (columns.next()) {
        present |= "stage_id".equals(columns.getString("name"));
      }
    }
    if (!present) {
      try {
        statement.execute("ALTER TABLE log ADD COLUMN stage_id TEXT");
      } catch (SQLException e) {
        // another process opening the same store added it first
        if (!String.valueOf(e.getMessage()).contains("duplicate column")) {
          throw e;
        }
      }
    }
  }

  /**
   * Starts recording a run of {@code pipeline}: it gets the next number of that pipeline.
   *
   * @return the recorder, which is also the run's listener
   */
  public synchronized RunRecorder begin(String pipeline, String startedAt, String commit) {
    try {
      connection.setAutoCommit(false);
      int number;
      try (PreparedStatement next =
          connection.prepareStatement(
              "SELECT COALESCE(MAX(number), 0) + 1 FROM runs WHERE pipeline = ?")) {
        next.setString(1, pipeline);
        try (ResultSet rows = next.executeQuery()) {
          rows.next();
          number = rows.getInt(1);
        }
      }
      long id;
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO runs (pipeline, number, started_at, git_commit) VALUES (?, ?, ?, ?)",
              Statement.RETURN_GENERATED_KEYS)) {
        insert.setString(1, pipeline);
        insert.setInt(2, number);
        insert.setString(3, startedAt);
        insert.setString(4, commit);
        insert.executeUpdate();
        try (ResultSet keys = insert.getGeneratedKeys()) {
          keys.next();
          id = keys.getLong(1);
        }
      }
      connection.commit();
      return new RunRecorder(this, id, number);
    } catch (SQLException e) {
      rollbackQuietly();
      throw failure(e);
    } finally {
      autoCommit();
    }
  }

  /** The last finished run of {@code pipeline}, for post conditions such as {@code fixed}. */
  public synchronized Optional<RunSummary> previous(String pipeline, long before) {
    return query(
            "SELECT * FROM runs WHERE pipeline = ? AND result IS NOT NULL AND id < ? ORDER BY id"
                + " DESC LIMIT 1",
            pipeline,
            before)
        .stream()
        .findFirst();
  }

  /** The newest runs first; all pipelines when {@code pipeline} is null. */
  public synchronized List<RunSummary> list(String pipeline, int limit) {
    return pipeline == null
        ? query("SELECT * FROM runs ORDER BY id DESC LIMIT ?", limit)
        : query("SELECT * FROM runs WHERE pipeline = ? ORDER BY id DESC LIMIT ?", pipeline, limit);
  }

  /** Every run counted by pipeline and result, counted in the store rather than read out. */
  public synchronized List<RunTotals> totals() {
    List<RunTotals> totals = new ArrayList<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT pipeline, result, COUNT(*), COALESCE(SUM(duration_ms), 0) FROM runs"
                    + " GROUP BY pipeline, result ORDER BY pipeline, result");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        totals.add(
            new RunTotals(rows.getString(1), rows.getString(2), rows.getLong(3), rows.getLong(4)));
      }
      return totals;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  public synchronized Optional<RunSummary> run(long id) {
    return query("SELECT * FROM runs WHERE id = ?", id).stream().findFirst();
  }

  /** The run's stages in the order they started. */
  public synchronized List<StageRecord> stages(long runId) {
    List<StageRecord> stages = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT * FROM stages WHERE run_id = ? ORDER BY CAST(stage_id AS INTEGER)")) {
      select.setLong(1, runId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long duration = rows.getLong("duration_ms");
          stages.add(
              new StageRecord(
                  rows.getString("stage_id"),
                  rows.getString("parent_id"),
                  rows.getString("name"),
                  rows.getString("status"),
                  rows.getString("started_at"),
                  rows.wasNull() ? null : duration));
        }
      }
      return stages;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  /** The run's log from line {@code from} (0-based) on, masked as it was written. */
  public synchronized List<LogLine> log(long runId, int from) {
    List<LogLine> lines = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT text, stage_id FROM log WHERE run_id = ? AND line >= ? ORDER BY line")) {
      select.setLong(1, runId);
      select.setInt(2, from);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          lines.add(new LogLine(rows.getString(1), rows.getString(2)));
        }
      }
      return lines;
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  synchronized void writeLines(long runId, int firstLine, List<LogLine> lines) {
    try {
      connection.setAutoCommit(false);
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO log (run_id, line, text, stage_id) VALUES (?, ?, ?, ?)")) {
        for (int i = 0; i < lines.size(); i++) {
          insert.setLong(1, runId);
          insert.setInt(2, firstLine + i);
          insert.setString(3, lines.get(i).text());
          insert.setString(4, lines.get(i).stageId());
          insert.addBatch();
        }
        insert.executeBatch();
      }
      connection.commit();
    } catch (SQLException e) {
      rollbackQuietly();
      throw failure(e);
    } finally {
      autoCommit();
    }
  }

  synchronized void stageStarted(long runId, String id, String parentId, String name, String at) {
    update(
        "INSERT OR REPLACE INTO stages (run_id, stage_id, parent_id, name, started_at) VALUES (?,"
            + " ?, ?, ?, ?)",
        runId,
        id,
        parentId,
        name,
        at);
  }

  synchronized void stageFinished(long runId, String id, String status, long durationMillis) {
    update(
        "UPDATE stages SET status = ?, duration_ms = ? WHERE run_id = ? AND stage_id = ?",
        status,
        durationMillis,
        runId,
        id);
  }

  synchronized void parameters(long runId, Map<String, String> shown) {
    try {
      update("UPDATE runs SET parameters = ? WHERE id = ?", JSON.writeValueAsString(shown), runId);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  synchronized void finish(long runId, String result, long durationMillis, String error) {
    update(
        "UPDATE runs SET result = ?, duration_ms = ?, error = ? WHERE id = ?",
        result,
        durationMillis,
        error,
        runId);
  }

  private void update(String sql, Object... values) {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, values);
      statement.executeUpdate();
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private List<RunSummary> query(String sql, Object... values) {
    List<RunSummary> runs = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, values);
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          long duration = rows.getLong("duration_ms");
          boolean running = rows.wasNull();
          runs.add(
              new RunSummary(
                  rows.getLong("id"),
                  rows.getString("pipeline"),
                  rows.getInt("number"),
                  rows.getString("result"),
                  rows.getString("started_at"),
                  running ? null : duration,
                  JSON.readValue(rows.getString("parameters"), STRINGS),
                  rows.getString("git_commit"),
                  rows.getString("error")));
        }
      }
      return runs;
    } catch (SQLException e) {
      throw failure(e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void bind(PreparedStatement statement, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      statement.setObject(i + 1, values[i]);
    }
  }

  private void rollbackQuietly() {
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the failure being reported matters more than this one
    }
  }

  private void autoCommit() {
    try {
      connection.setAutoCommit(true);
    } catch (SQLException e) {
      throw failure(e);
    }
  }

  private static IllegalStateException failure(SQLException e) {
    return new IllegalStateException("run store: " + e.getMessage(), e);
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw failure(e);
    }
  }
}
