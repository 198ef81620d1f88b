package dev.tagship.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level command: a list of subcommands, {@code --help} and {@code --version}. */
@Command(
    name = "tagship",
    mixinStandardHelpOptions = true,
    versionProvider = TagshipCommand.Version.class,
    description = "Ship git-tag-versioned releases to Azure from Jenkins pipelines.")
final class TagshipCommand implements Runnable {

  /**
   * The subcommands in the order help lists them. Registered by {@link Main}: only the one named on
   * the command line when there is one, since reading every command's annotations costs a short
   * command like {@code tagship push} a tenth of its run.
   */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    commands.put("version", VersionCommand.class);
    commands.put("push", PushCommand.class);
    commands.put("deploy", DeployCommand.class);
    commands.put("rollback", RollbackCommand.class);
    commands.put("history", HistoryCommand.class);
    commands.put("chart", ChartCommand.class);
    commands.put("run", RunCommand.class);
    commands.put("runs", RunsCommand.class);
    commands.put("mark", MarkCommand.class);
    commands.put("serve", ServeCommand.class);
    commands.put("help", picocli.CommandLine.HelpCommand.class);
    return Collections.unmodifiableMap(commands);
  }

  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Reads the version Maven wrote into the jar. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties properties = new Properties();
      try (InputStream in =
          TagshipCommand.class.getResourceAsStream("/tagship-version.properties")) {
        if (in != null) {
          properties.load(in);
        }
      }
      return new String[] {"tagship " + properties.getProperty("tagship.version", "unknown")};
    }
  }
}
