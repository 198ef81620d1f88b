package dev.tagship.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The top-level command: a list of subcommands, {@code --help} and {@code --version}. */
@Command(
    name = "tagship",
    mixinStandardHelpOptions = true,
    versionProvider = TagshipCommand.Version.class,
    description = "Ship git-tag-versioned releases to Azure from Jenkins pipelines.",
    subcommands = {
      VersionCommand.class,
      PushCommand.class,
      DeployCommand.class,
      RollbackCommand.class,
      HistoryCommand.class,
      ChartCommand.class,
      RunCommand.class,
      RunsCommand.class,
      MarkCommand.class,
      ServeCommand.class,
      picocli.CommandLine.HelpCommand.class
    })
final class TagshipCommand implements Runnable {

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
