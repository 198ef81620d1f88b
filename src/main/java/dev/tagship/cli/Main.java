package dev.tagship.cli;

import dev.tagship.core.SecretMasker;
import dev.tagship.core.TagshipException;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code tagship} command. Exit codes: 0 success, 1 failure, 2 bad usage, 5 the run store
 * cannot be used.
 */
public final class Main {

  public static final int FAILURE = 1;
  public static final int USAGE = 2;

  private Main() {}

  public static void main(String[] args) {
    // picocli looks for Groovy closures in annotations when Groovy is on the class path (it is,
    // for the pipeline engine); tagship's commands use none, and the look costs ~300 classes.
    System.setProperty("picocli.disable.closures", "true");
    // Nor do they take java.time or java.sql types, whose converters picocli would otherwise look
    // up by reflection at every start.
    System.setProperty("picocli.converters.excludes", "java.sql.*,java.time.*");
    System.exit(run(CliContext.fromProcess(), args));
  }

  /** Runs one command line in {@code context} and returns its exit code. */
  public static int run(CliContext context, String... args) {
    CommandFactory factory = new CommandFactory(context);
    CommandLine commandLine = new CommandLine(new TagshipCommand(), factory);
    Class<?> named = args.length == 0 ? null : TagshipCommand.SUBCOMMANDS.get(args[0]);
    if (named != null && named != picocli.CommandLine.HelpCommand.class) {
      commandLine.addSubcommand(args[0], new CommandLine(named, factory));
    } else {
      TagshipCommand.SUBCOMMANDS.forEach(
          (name, command) -> commandLine.addSubcommand(name, new CommandLine(command, factory)));
    }
    commandLine.setOut(new java.io.PrintWriter(context.out(), true));
    commandLine.setErr(new java.io.PrintWriter(context.err(), true));
    commandLine.setExecutionExceptionHandler(
        (exception, cmd, parseResult) -> {
          SecretMasker masker = SecretMasker.of(secretsIn(context));
          if (exception instanceof TagshipException tagship) {
            cmd.getErr().println("tagship: error: " + masker.mask(tagship.getMessage()));
            return tagship.exitCode();
          }
          cmd.getErr()
              .println(
                  "tagship: unexpected error: "
                      + masker.mask(String.valueOf(exception))
                      + " (please report this with the command you ran)");
          return FAILURE;
        });
    commandLine.setParameterExceptionHandler(
        (exception, args1) -> {
          CommandLine cmd = exception.getCommandLine();
          cmd.getErr().println("tagship: error: " + exception.getMessage());
          cmd.getErr()
              .println("Run '" + cmd.getCommandSpec().qualifiedName() + " --help' for usage.");
          return USAGE;
        });
    return commandLine.execute(args);
  }

  /** Values in the environment that look like secrets, masked in any error we print. */
  private static List<String> secretsIn(CliContext context) {
    return context.env().entrySet().stream()
        .filter(e -> e.getKey().matches(".*(PASSWORD|SECRET|TOKEN|_PSW|KEY).*"))
        .map(java.util.Map.Entry::getValue)
        .toList();
  }
}
