package dev.tagship.pipeline.dsl;

import groovy.lang.Closure;
import java.util.ArrayList;
import java.util.List;

/**
 * The inside of a block tagship does not interpret but must accept, such as the options of a {@code
 * kubernetes} or {@code docker} agent: every {@code key value} is recorded for the log.
 */
final class FreeFormBlock extends SectionBuilder {

  private final List<String> entries = new ArrayList<>();

  static FreeFormBlock read(Closure<?> body) {
    FreeFormBlock block = new FreeFormBlock();
    read(body, block);
    return block;
  }

  @Override
  public Object methodMissing(String name, Object args) {
    Object[] values = arguments(args);
    if (values.length == 1 && values[0] instanceof Closure<?> nested) {
      entries.add(name + " { " + read(nested).summary() + " }");
    } else {
      entries.add(name + (values.length == 0 ? "" : " …"));
    }
    return null;
  }

  String summary() {
    return String.join("; ", entries);
  }

  @Override
  String unknown(String name) {
    throw new AssertionError("every name is accepted");
  }
}
