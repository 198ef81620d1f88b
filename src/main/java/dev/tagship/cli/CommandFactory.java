package dev.tagship.cli;

import picocli.CommandLine;

/** Gives every command the {@link CliContext} of this run instead of letting it read globals. */
final class CommandFactory implements CommandLine.IFactory {

  private final CliContext context;

  CommandFactory(CliContext context) {
    this.context = context;
  }

  @Override
  public <K> K create(Class<K> type) throws Exception {
    try {
      return type.getDeclaredConstructor(CliContext.class).newInstance(context);
    } catch (NoSuchMethodException noContextConstructor) {
      return CommandLine.defaultFactory().create(type);
    }
  }
}
