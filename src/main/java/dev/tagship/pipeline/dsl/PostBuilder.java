package dev.tagship.pipeline.dsl;

import dev.tagship.pipeline.model.Post;
import groovy.lang.Closure;
import java.util.LinkedHashMap;
import java.util.Map;

/** The block of {@code post { ... }}: a block per build condition. */
final class PostBuilder extends SectionBuilder {

  private final Map<String, Closure<?>> blocks = new LinkedHashMap<>();

  static Post read(Object[] args) {
    PostBuilder builder = new PostBuilder();
    read(closureArgument("post", args), builder);
    if (builder.blocks.isEmpty()) {
      throw new DeclarativeException("post can not be empty");
    }
    return new Post(builder.blocks);
  }

  @Override
  public Object methodMissing(String name, Object args) {
    if (!Post.CONDITIONS.contains(name)) {
      throw new DeclarativeException(unknown(name));
    }
    Object[] values = arguments(args);
    if (values.length != 1 || !(values[0] instanceof Closure<?> block)) {
      throw new DeclarativeException(
          "The \u2018post\u2019 section can only contain build condition names with code blocks."
              + " Valid condition names are "
              + Post.CONDITIONS);
    }
    if (blocks.put(name, block) != null) {
      throw new DeclarativeException("Duplicate build condition name: \"" + name + "\"");
    }
    return null;
  }

  @Override
  String unknown(String name) {
    return JenkinsMessages.invalidBuildCondition(name, Post.CONDITIONS);
  }
}
