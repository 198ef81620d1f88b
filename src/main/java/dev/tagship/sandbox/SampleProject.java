package dev.tagship.sandbox;

import com.marcnuri.helm.Helm;
import dev.tagship.core.TempFolders;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;

/**
 * The sandbox's workspace: a small service ("shop") with a build script, a smoke test and the chart
 * {@code helm create} makes, in a git repository whose history has one release tagged ({@code
 * v0.1.0}) and a feature commit after it, pushed to a bare remote as a team's clone would be.
 */
final class SampleProject {

  static final String NAME = "shop";
  static final String RELEASED = "0.1.0";

  private static final List<String> FILES =
      List.of("README.md", "build.sh", "scripts/smoke-test.sh", "site/index.html");
  private static final List<String> EXECUTABLE = List.of("build.sh", "scripts/smoke-test.sh");

  private SampleProject() {}

  /** Creates the project in {@code workspace} with its remote in {@code remote}. */
  static void create(Path workspace, Path remote) throws IOException, GitAPIException {
    Files.createDirectories(workspace);
    for (String file : FILES) {
      Path target = workspace.resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in =
          SampleProject.class.getResourceAsStream("/dev/tagship/sandbox/project/" + file)) {
        if (in == null) {
          throw new IllegalStateException(
              "the sandbox project file " + file + " is not in the jar");
        }
        Files.copy(in, target);
      }
      if (EXECUTABLE.contains(file)) {
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Path charts = TempFolders.create("sandbox-chart-");
    Helm.create().withName(NAME).withDir(charts).call();
    Files.move(charts.resolve(NAME), workspace.resolve("chart"));
    Files.delete(charts);
    Files.writeString(workspace.resolve(".gitignore"), "build/\n");

    PersonIdent author = new PersonIdent("Sandbox Developer", "developer@shop.example");
    Git.init().setBare(true).setDirectory(remote.toFile()).call().close();
    try (Git git = Git.init().setDirectory(workspace.toFile()).setInitialBranch("main").call()) {
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("feat: the shop's first release")
          .setAuthor(author)
          .setCommitter(author)
          .call();
      git.tag()
          .setName("v" + RELEASED)
          .setAnnotated(true)
          .setMessage("Release " + RELEASED)
          .setTagger(author)
          .call();
      Path page = workspace.resolve("site/index.html");
      Files.writeString(
          page,
          Files.readString(page)
              .replace("<h1>Shop</h1>", "<h1>Shop</h1>\n<p>Now with a basket.</p>"));
      git.add().addFilepattern("site/index.html").call();
      git.commit()
          .setMessage("feat: a basket on the home page")
          .setAuthor(author)
          .setCommitter(author)
          .call();
      git.remoteAdd().setName("origin").setUri(new URIish(remote.toUri().toString())).call();
      git.push().setRemote("origin").add("main").setPushTags().call();
    } catch (java.net.URISyntaxException e) {
      throw new UncheckedIOException(new IOException(e));
    }
  }
}
