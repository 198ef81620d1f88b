package dev.tagship.pipeline.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import groovy.lang.GroovyClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Compiled Jenkinsfiles kept in a cache folder shared by every run of the user. */
class CompiledScriptsTest {

  @TempDir Path cache;

  @Test
  void tenConcurrentFirstCompilesOfOneScriptIntoOneColdCacheAllSucceed() throws Exception {
    String text = "def greet() { 'hello' }\n[1, 2, 3].each { n -> { -> n * 2 }() }\ngreet()\n";
    int runs = 10;
    CountDownLatch ready = new CountDownLatch(runs);
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(runs);
    try {
      List<Future<Class<?>>> loads = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        loads.add(
            pool.submit(
                () -> {
                  CompilerConfiguration config = new CompilerConfiguration();
                  GroovyClassLoader parent =
                      new GroovyClassLoader(getClass().getClassLoader(), config);
                  CompiledScripts scripts = new CompiledScripts(cache);
                  ready.countDown();
                  go.await();
                  return scripts.load(text, "WorkflowScript", config, parent);
                }));
      }
      ready.await();
      go.countDown();
      for (Future<Class<?>> load : loads) {
        Class<?> script = load.get(60, TimeUnit.SECONDS);
        assertThat(script.getName()).isEqualTo("WorkflowScript");
        Object instance = script.getDeclaredConstructor().newInstance();
        assertThat(script.getMethod("run").invoke(instance)).isEqualTo("hello");
      }
    } finally {
      pool.shutdownNow();
    }
    try (Stream<Path> kept = Files.list(cache)) {
      // one folder of classes, and no staging folder left behind by the runs that lost the race
      assertThat(kept.map(path -> path.getFileName().toString()).toList())
          .hasSize(1)
          .noneMatch(name -> name.startsWith("compiling-"));
    }
  }

  @Test
  void classesOfDeeplyNestedClosuresAreKeptUnderShortFileNames() throws Exception {
    String text = "def f = " + "{ -> ".repeat(40) + "'deep'" + " }".repeat(40) + "\nf";
    CompilerConfiguration config = new CompilerConfiguration();
    GroovyClassLoader parent = new GroovyClassLoader(getClass().getClassLoader(), config);

    Class<?> script = new CompiledScripts(cache).load(text, "WorkflowScript", config, parent);
    // loaded again from the folder by a second run, as the next tagship run would
    Class<?> again = new CompiledScripts(cache).load(text, "WorkflowScript", config, parent);

    Object closure = script.getMethod("run").invoke(script.getDeclaredConstructor().newInstance());
    assertThat(closure).isInstanceOf(groovy.lang.Closure.class);
    assertThat(again).isNotSameAs(script);
    try (Stream<Path> files = Files.walk(cache)) {
      List<Path> classFiles = files.filter(Files::isRegularFile).toList();
      assertThat(classFiles).hasSizeGreaterThan(40);
      assertThat(classFiles).allMatch(file -> file.getFileName().toString().length() < 64);
    }
  }
}
