package dev.tagship.pipeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's file: private, never silently started again, and refused clearly when damaged. */
class RunStoreFileTest {

  @TempDir Path root;

  @Test
  void aNewStoreIsTheOwnersAloneInAFolderOfItsOwn() throws Exception {
    Path file = root.resolve("home").resolve("tagship").resolve("runs.db");
    try (RunStore store = RunStore.open(file);
        RunRecorder run = store.begin("shop", "2026-12-07T10:00:00Z", null)) {
      run.line("hello", null);
      run.finish("SUCCESS", Duration.ZERO, null);
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    try (var left = Files.list(file.getParent())) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("no partial store left beside it")
          .allMatch(name -> name.startsWith("runs.db"));
    }
  }

  @Test
  void aStoreOthersCouldReadIsMadePrivate() throws Exception {
    Path file = root.resolve("runs.db");
    RunStore.open(file).close();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

    RunStore.open(file).close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
  }

  /**
   * Issue 11: a store the operator made read-only (an archive, a store kept for an audit) must be
   * refused, never quietly made writable again: making a store private takes rights away from
   * others, and gives none to its owner. A 0400 store came out 0600 and was written to.
   */
  @Test
  void aReadOnlyStoreIsNeverMadeWritable() throws Exception {
    Path file = root.resolve("runs.db");
    RunStore.open(file).close();
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));

    try {
      RunStore.open(file).close();
    } catch (StoreUnusableException refused) {
      // refusing it is right too: the point is its mode
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("r--------");
  }

  @Test
  void aDamagedStoreIsRefusedNamingTheFileAndWhatToDoAndIsLeftAsItWas() throws Exception {
    Path file = root.resolve("runs.db");
    byte[] garbage =
        "this is not a database, but it is someone's file\n"
            .repeat(200)
            .getBytes(StandardCharsets.UTF_8);
    Files.write(file, garbage);

    assertThatThrownBy(() -> RunStore.open(file))
        .isInstanceOfSatisfying(
            StoreUnusableException.class,
            e -> assertThat(e.exitCode()).isEqualTo(StoreUnusableException.EXIT_CODE))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("damaged")
        .hasMessageContaining("mv " + file);
    assertThat(Files.readAllBytes(file)).isEqualTo(garbage);
  }

  @Test
  void aStoreTruncatedToNothingIsNotStartedAgainInPlace() throws Exception {
    Path file = root.resolve("runs.db");
    try (RunStore store = RunStore.open(file);
        RunRecorder run = store.begin("shop", "2026-12-07T10:00:00Z", null)) {
      run.finish("SUCCESS", Duration.ZERO, null);
    }
    Files.deleteIfExists(Path.of(file + "-wal"));
    Files.deleteIfExists(Path.of(file + "-shm"));
    Files.write(file, new byte[0]);

    assertThatThrownBy(() -> RunStore.open(file))
        .isInstanceOf(StoreUnusableException.class)
        .hasMessageContaining(file + " is empty (0 bytes)");
    assertThat(Files.size(file)).isZero();
  }

  @Test
  void aFolderWhereTheStoreShouldBeIsRefusedSayingWhatToGive() throws Exception {
    Path folder = Files.createDirectories(root.resolve("runs.db"));

    assertThatThrownBy(() -> RunStore.open(folder))
        .isInstanceOf(StoreUnusableException.class)
        .hasMessageContaining(folder + " is a folder")
        .hasMessageContaining(folder.resolve("runs.db").toString());
  }
}
