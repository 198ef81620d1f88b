package dev.tagship.cli;

import dev.tagship.pipeline.store.LogLine;
import dev.tagship.pipeline.store.RunStore;
import dev.tagship.pipeline.store.RunSummary;
import dev.tagship.pipeline.store.StageRecord;
import dev.tagship.pipeline.store.StoreLocation;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tagship runs}: the recorded runs of {@code tagship run}, or one run's stages and log. */
@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "Lists recorded runs of tagship run, newest first, or shows one run.")
final class RunsCommand implements Callable<Integer> {

  private final CliContext context;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "ID",
      description = "Show this run: its parameters, stages and (with --log) its log.")
  Long id;

  @Option(names = "--pipeline", paramLabel = "NAME", description = "Only this pipeline's runs.")
  String pipeline;

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "20",
      description = "At most N runs (default 20).")
  int limit;

  @Option(names = "--log", description = "With ID: print the run's (masked) log too.")
  boolean log;

  @Option(
      names = "--stage",
      paramLabel = "NAME",
      description =
          "With ID and --log: only the log of the stage(s) of this name and the stages inside"
              + " them, as Jenkins' stage view shows it.")
  String stage;

  @Option(
      names = "--store",
      paramLabel = "FILE",
      description = "The run history (default: as tagship run records it).")
  Path store;

  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "A table (text) or JSON.")
  OutputFormat output;

  RunsCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    Path file = store == null ? StoreLocation.of(context.env()) : context.resolve(store);
    try (RunStore runs = RunStore.open(file)) {
      if (id == null) {
        List<RunSummary> list = runs.list(pipeline, limit);
        if (output == OutputFormat.json) {
          output.print(context.out(), "", new Runs(list));
        } else {
          table(list);
        }
        return 0;
      }
      RunSummary run =
          runs.run(id)
              .orElseThrow(
                  () ->
                      new UsageException(
                          "no run " + id + " in " + file + "; tagship runs lists them"));
      List<StageRecord> stages = runs.stages(id);
      Set<String> shown = stage == null ? null : stageAndInner(stages, stage);
      List<String> lines =
          log
              ? runs.log(id, 0).stream()
                  .filter(line -> shown == null || shown.contains(line.stageId()))
                  .map(LogLine::text)
                  .toList()
              : List.<String>of();
      if (output == OutputFormat.json) {
        output.print(context.out(), "", new Run(run, stages, lines));
        return 0;
      }
      table(List.of(run));
      context.out().println("parameters: " + run.parameters());
      if (run.error() != null) {
        context.out().println("error: " + run.error());
      }
      for (StageRecord stage : stages) {
        context
            .out()
            .printf(
                "  %-40s %-9s %s%n",
                (stage.parentId() == null ? "" : "  ") + stage.name(),
                stage.status() == null ? "RUNNING" : stage.status(),
                stage.durationMillis() == null ? "" : stage.durationMillis() + " ms");
      }
      lines.forEach(context.out()::println);
      return 0;
    }
  }

  /** The ids of the stages named {@code name} and of every stage inside them. */
  private Set<String> stageAndInner(List<StageRecord> stages, String name) {
    Set<String> ids = new HashSet<>();
    for (StageRecord record : stages) {
      if (record.name().equals(name)) {
        ids.add(record.id());
      }
    }
    if (ids.isEmpty()) {
      throw new UsageException(
          "run "
              + id
              + " has no stage named "
              + name
              + "; its stages are "
              + stages.stream().map(StageRecord::name).distinct().toList());
    }
    for (boolean grew = true; grew; ) {
      grew = false;
      for (StageRecord record : stages) {
        if (record.parentId() != null && ids.contains(record.parentId())) {
          grew |= ids.add(record.id());
        }
      }
    }
    return ids;
  }

  private void table(List<RunSummary> list) {
    String format = "%-6s %-24s %-6s %-10s %-25s %s%n";
    context.out().printf(format, "ID", "PIPELINE", "#", "RESULT", "STARTED", "DURATION");
    for (RunSummary run : list) {
      context
          .out()
          .printf(
              format,
              run.id(),
              run.pipeline(),
              run.number(),
              run.result() == null ? "RUNNING" : run.result(),
              run.startedAt(),
              run.durationMillis() == null ? "-" : run.durationMillis() + " ms");
    }
  }

  /** The JSON shape of a list: {@code {"runs": [...]}}. */
  record Runs(List<RunSummary> runs) {}

  /** The JSON shape of one run. */
  record Run(RunSummary run, List<StageRecord> stages, List<String> log) {}
}
