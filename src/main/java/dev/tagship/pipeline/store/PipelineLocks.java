package dev.tagship.pipeline.store;

import dev.tagship.pipeline.ContentKey;
import dev.tagship.pipeline.runtime.ConcurrencyGuard;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * {@code disableConcurrentBuilds()} and {@code lock} across processes: one lock file per pipeline
 * or resource next to the run store, locked by the operating system, so a crashed run never leaves
 * a stale lock behind.
 */
public final class PipelineLocks implements ConcurrencyGuard {

  /** The operating system's locks are per process; runs inside one process wait on these. */
  private static final Map<Path, Semaphore> IN_PROCESS = new ConcurrentHashMap<>();

  private final Path folder;

  public PipelineLocks(Path folder) {
    this.folder = folder;
  }

  @Override
  public AutoCloseable exclusive(String key, Runnable whenWaiting)
      throws IOException, InterruptedException {
    Files.createDirectories(folder);
    Path file = folder.resolve(ContentKey.of(key) + ".lock").toAbsolutePath();
    Runnable tell =
        new Runnable() {
          private boolean told;

          @Override
          public void run() {
            if (!told) {
              told = true;
              whenWaiting.run();
            }
          }
        };
    Semaphore local = IN_PROCESS.computeIfAbsent(file, f -> new Semaphore(1));
    if (!local.tryAcquire()) {
      tell.run();
      local.acquire();
    }
    FileChannel channel = null;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      FileLock lock = channel.tryLock();
      if (lock == null) {
        tell.run();
        lock = channel.lock();
      }
      return release(lock, channel, local);
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        channel.close();
      }
      local.release();
      throw e;
    }
  }

  private static AutoCloseable release(FileLock lock, FileChannel channel, Semaphore local) {
    return () -> {
      try {
        lock.release();
        channel.close();
      } finally {
        local.release();
      }
    };
  }
}
