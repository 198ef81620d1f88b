package dev.tagship.pipeline.store;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tagship.core.TempFolders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The runs of {@code tagship run}, kept in one SQLite file: each run's parameters (passwords
 * masked), result, stages and masked log. Several processes may use the file at once — a run writes
 * while the dashboard reads — which SQLite's write-ahead log allows.
 */
public final class RunStore implements AutoCloseable {

  /** Where SQLite's driver unpacks its native library (its own setting). */
  private static final String DRIVER_FOLDER_PROPERTY = "org.sqlite.tmpdir";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {};

  /** How long one statement waits for another process's write lock before retrying. */
  private static final Duration BUSY_TIMEOUT = Duration.ofSeconds(10);

  /** Retries of a write that still found the store locked: 50 busy writers must all get through. */
  private static final int BUSY_ATTEMPTS = 6;

  /** An owner on another host whose heartbeat is older than this is taken as gone. */
  static final Duration HEARTBEAT_EXPIRY = Duration.ofMinutes(5);

  private final Connection connection;
  private final Path file;

  private RunStore(Connection connection, Path file) {
    this.connection = connection;
    this.file = file;
  }

  /**
   * Opens (and creates when needed) the store in {@code file}, and marks the runs whose owner is
   * gone as aborted.
   *
   * @throws StoreUnusableException when the file is damaged, emptied, or not a store
   */
  public static RunStore open(Path file) {
    Path absolute = file.toAbsolutePath();
    StoreFile.prepare(absolute, RunStore::initialize);
    try {
      Connection connection = connect(absolute);
      try (Statement statement = connection.createStatement()) {
        createTables(statement);
      } catch (SQLException e) {
        connection.close();
        throw e;
      }
      RunStore store = new RunStore(connection, absolute);
      store.abortRunsOfGoneOwners();
      return store;
    } catch (SQLException e) {
      throw unusable(absolute, e);
    }
  }

  private static void initialize(Path file) throws java.io.IOException {
    try (Connection connection = connect(file);
        Statement statement = connection.createStatement()) {
      createTables(statement);
    } catch (SQLException e) {
      throw new java.io.IOException("cannot lay out a new run store: " + e.getMessage(), e);
    }
  }

  /**
   * Waiting for a lock is set before the first statement: switching to the write-ahead log takes
   * one. (Write transactions take the write lock when they begin: see {@link #write}.)
   */
  private static Connection connect(Path file) throws SQLException {
    unpackDriverIntoProcessFolder();
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) BUSY_TIMEOUT.toMillis());
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    return DriverManager.getConnection("jdbc:sqlite:" + file, config.toProperties());
  }

  /**
   * The driver unpacks its native library into java.io.tmpdir and deletes it only at a normal exit
   * (or, later, when its .lck is gone): every kill -9 left 1 MB there for good. Unpacked into this
   * process's own temporary folder, it goes with that folder, swept when the process is killed.
   */
  private static synchronized void unpackDriverIntoProcessFolder() {
    if (System.getProperty(DRIVER_FOLDER_PROPERTY) == null) {
      System.setProperty(DRIVER_FOLDER_PROPERTY, TempFolders.create("sqlite-driver-").toString());
    }
  }

  private static void createTables(Statement statement) throws SQLException {
    statement.execute(
        "CREATE TABLE IF NOT EXISTS runs (id INTEGER PRIMARY KEY AUTOINCREMENT, pipeline TEXT"
            + " NOT NULL, number INTEGER NOT NULL, result TEXT, started_at TEXT NOT NULL,"
            + " duration_ms INTEGER, parameters TEXT NOT NULL DEFAULT '{}', git_commit TEXT,"
            + " error TEXT, owner_host TEXT, owner_pid INTEGER, owner_started TEXT,"
            + " heartbeat_at TEXT, UNIQUE (pipeline, number))");
    statement.execute(
        "CREATE TABLE IF NOT EXISTS stages (run_id INTEGER NOT NULL, stage_id TEXT NOT NULL,"
            + " parent_id TEXT, name TEXT NOT NULL, status TEXT, started_at TEXT NOT NULL,"
            + " duration_ms INTEGER, PRIMARY KEY (run_id, stage_id))");
    statement.execute(
        "CREATE TABLE IF NOT EXISTS log (run_id INTEGER NOT NULL, line INTEGER NOT NULL, text"
            + " TEXT NOT NULL, stage_id TEXT, PRIMARY KEY (run_id, line))");
    statement.execute("CREATE INDEX IF NOT EXISTS running ON runs (result) WHERE result IS NULL");
    addColumn(statement, "log", "stage_id", "TEXT");
    addColumn(statement, "runs", "owner_host", "TEXT");
    addColumn(statement, "runs", "owner_pid", "INTEGER");
    addColumn(statement, "runs", "owner_started", "TEXT");
    addColumn(statement, "runs", "heartbeat_at", "TEXT");
  }

  /** Stores written by an earlier tagship get the columns it did not know; their rows have none. */
  private static void addColumn(Statement statement, String table, String column, String type)
      throws SQLException {
    boolean present = false;
    try (ResultSet columns = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
      while (columns.next()) {
        present |= column.equals(columns.getString("name"));
      }
    }
    if (!present) {
      try {
        statement.execute("ALTER TABLE " + table + " ADD COLUMN " + column + " " + type);
      } catch (SQLException e) {
        // another process opening the same store added it first
        if (!String.valueOf(e.getMessage()).contains("duplicate column")) {
          throw e;
        }
      }
    }
  }

  /**
   * Starts recording a run of {@code pipeline} by this process: it gets the next number of that
   * pipeline.
   *
   * @return the recorder, which is also the run's listener
   */
  public RunRecorder begin(String pipeline, String startedAt, String commit) {
    return begin(pipeline, startedAt, commit, RunOwner.current());
  }

  synchronized RunRecorder begin(String pipeline, String startedAt, String commit, RunOwner owner) {
    long[] created =
        write(
            () -> {
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
              try (PreparedStatement insert =
                  connection.prepareStatement(
                      "INSERT INTO runs (pipeline, number, started_at, git_commit, owner_host,"
                          + " owner_pid, owner_started, heartbeat_at) VALUES (?, ?, ?, ?, ?, ?,"
                          + " ?, ?)",
                      Statement.RETURN_GENERATED_KEYS)) {
                bind(
                    insert,
                    pipeline,
                    number,
                    startedAt,
                    commit,
                    owner.host(),
                    owner.pid(),
                    owner.startedAt().toString(),
                    Instant.now().toString());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                  keys.next();
                  return new long[] {keys.getLong(1), number};
                }
              }
            });
    return new RunRecorder(this, created[0], (int) created[1]);
  }

  /**
   * Marks every run still going whose owner is gone as ABORTED, with a last log line saying so: a
   * run whose process was killed would otherwise stay RUNNING for ever. Owners on this host are
   * looked up by process id and start time; owners elsewhere are gone when their heartbeat is older
   * than {@link #HEARTBEAT_EXPIRY}.
   *
   * @return how many runs were marked
   */
  public synchronized int abortRunsOfGoneOwners() {
    record Running(long id, RunOwner owner, Instant startedAt, Instant heartbeat) {}
    List<Running> running = new ArrayList<>();
    read(
        () -> {
          running.clear();
          try (PreparedStatement select =
                  connection.prepareStatement(
                      "SELECT id, owner_host, owner_pid, owner_started, started_at, heartbeat_at"
                          + " FROM runs WHERE result IS NULL AND owner_pid IS NOT NULL");
              ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
              running.add(
                  new Running(
                      rows.getLong(1),
                      new RunOwner(
                          rows.getString(2), rows.getLong(3), Instant.parse(rows.getString(4))),
                      Instant.parse(rows.getString(5)),
                      rows.getString(6) == null ? null : Instant.parse(rows.getString(6))));
            }
          }
          return null;
        });
    Instant now = Instant.now();
    int marked = 0;
    for (Running run : running) {
      boolean gone =
          run.owner().onThisHost()
              ? run.owner().isGoneFromThisHost()
              : run.heartbeat() == null || run.heartbeat().plus(HEARTBEAT_EXPIRY).isBefore(now);
      if (gone && markAbandoned(run.id(), run.owner(), run.startedAt(), now)) {
        marked++;
      }
    }
    return marked;
  }

  private boolean markAbandoned(long id, RunOwner owner, Instant startedAt, Instant now) {
    return end(
        id,
        "ABORTED",
        "the "
            + owner
            + " that ran this build is gone (killed or crashed); marked ABORTED by "
            + RunOwner.current(),
        startedAt,
        now);
  }

  /**
   * Records the end of run {@code id} for a process that ended without recording it, with {@code
   * why} as its error and last log line; nothing when the run has an end already.
   *
   * @return whether the run was ended here
   */
  public synchronized boolean endUnfinished(long id, String result, String why) {
    Optional<RunSummary> run = run(id);
    return run.isPresent()
        && end(id, result, why, Instant.parse(run.get().startedAt()), Instant.now());
  }

  private boolean end(long id, String result, String why, Instant startedAt, Instant now) {
    return write(
        () -> {
          int changed =
              execute(
                  "UPDATE runs SET result = ?, duration_ms = ?, error = ? WHERE id = ? AND result"
                      + " IS NULL",
                  result,
                  Math.max(0, Duration.between(startedAt, now).toMillis()),
                  why,
                  id);
          if (changed == 0) {
            return false;
          }
          execute("UPDATE stages SET status = ? WHERE run_id = ? AND status IS NULL", result, id);
          execute(
              "INSERT INTO log (run_id, line, text) SELECT ?, COALESCE(MAX(line), -1) + 1, ? FROM"
                  + " log WHERE run_id = ?",
              id,
              "tagship: " + why,
              id);
          execute(
              "INSERT INTO log (run_id, line, text) SELECT ?, MAX(line) + 1, ? FROM log WHERE"
                  + " run_id = ?",
              id,
              "Finished: " + result,
              id);
          return true;
        });
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
    write(
        () -> {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT OR REPLACE INTO log (run_id, line, text, stage_id) VALUES (?, ?, ?, ?)")) {
            for (int i = 0; i < lines.size(); i++) {
              bind(insert, runId, firstLine + i, lines.get(i).text(), lines.get(i).stageId());
              insert.addBatch();
            }
            insert.executeBatch();
          }
          return null;
        });
  }

  /** Tells readers the run's owner is still at work, for owners on other hosts. */
  synchronized void heartbeat(long runId) {
    update("UPDATE runs SET heartbeat_at = ? WHERE id = ?", Instant.now().toString(), runId);
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
    write(() -> execute(sql, values));
  }

  private int execute(String sql, Object... values) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      bind(statement, values);
      return statement.executeUpdate();
    }
  }

  /**
   * Runs {@code work} in one write transaction, begun IMMEDIATE (so it holds the write lock from
   * its first statement: one that reads first and writes later would fail at once when another
   * process writes), again when another process held the store longer than the busy timeout.
   */
  private <T> T write(Work<T> work) {
    return retryingWhenBusy(
        () -> {
          try (Statement begin = connection.createStatement()) {
            begin.execute("BEGIN IMMEDIATE");
          }
          try {
            T result = work.run();
            try (Statement commit = connection.createStatement()) {
              commit.execute("COMMIT");
            }
            return result;
          } catch (SQLException | RuntimeException e) {
            rollbackQuietly();
            throw e;
          }
        });
  }

  private <T> T read(Work<T> work) {
    return retryingWhenBusy(work);
  }

  private <T> T retryingWhenBusy(Work<T> work) {
    for (int attempt = 1; ; attempt++) {
      try {
        return work.run();
      } catch (SQLException e) {
        if (!busy(e) || attempt == BUSY_ATTEMPTS) {
          throw failure(e);
        }
        pause(attempt);
      }
    }
  }

  private static boolean busy(SQLException e) {
    int primary = primaryCode(e);
    return primary == SQLiteErrorCode.SQLITE_BUSY.code
        || primary == SQLiteErrorCode.SQLITE_LOCKED.code;
  }

  /** SQLite's primary result code (extended codes carry it in their low byte); -1 for others. */
  private static int primaryCode(SQLException e) {
    return e instanceof SQLiteException sqlite ? sqlite.getResultCode().code & 0xff : -1;
  }

  /** Random pauses, growing, so that writers that collided do not collide again in step. */
  private static void pause(int attempt) {
    try {
      Thread.sleep(50L * attempt + ThreadLocalRandom.current().nextLong(100));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while the run store was busy", e);
    }
  }

  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
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
    try (Statement rollback = connection.createStatement()) {
      rollback.execute("ROLLBACK");
    } catch (SQLException ignored) {
      // the failure being reported matters more than this one (often: nothing to roll back)
    }
  }

  private RuntimeException failure(SQLException e) {
    if (damaged(e)) {
      return unusable(file, e);
    }
    return new IllegalStateException("run store " + file + ": " + e.getMessage(), e);
  }

  private static boolean damaged(SQLException e) {
    int primary = primaryCode(e);
    return primary == SQLiteErrorCode.SQLITE_NOTADB.code
        || primary == SQLiteErrorCode.SQLITE_CORRUPT.code;
  }

  private static StoreUnusableException unusable(Path file, SQLException e) {
    if (!damaged(e)) {
      return new StoreUnusableException(
          "cannot open the run store " + file + ": " + e.getMessage(), e);
    }
    return new StoreUnusableException(
        "the run store "
            + file
            + " is damaged ("
            + e.getMessage()
            + "); tagship does not touch it. Restore it from a backup, or move it aside (mv "
            + file
            + " "
            + file
            + ".damaged) and run again to begin a new history",
        e);
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
