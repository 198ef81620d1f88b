package dev.tagship.cli;

import dev.tagship.core.SecretMasker;
import dev.tagship.steps.StepLog;
import dev.tagship.version.BumpStrategy;
import dev.tagship.version.GitCredentials;
import dev.tagship.version.GitEnvironment;
import dev.tagship.version.SemVer;
import dev.tagship.version.VersionRequest;
import dev.tagship.version.VersionResult;
import dev.tagship.version.Versioner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tagship version}: the next version from git tags; optionally tag and push it. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the version of HEAD from git tags: the tag on HEAD, else the last version bumped,"
          + " or a pre-release on a branch that does not release.",
      "Credentials for https remotes: TAGSHIP_GIT_USERNAME and TAGSHIP_GIT_PASSWORD, or a git"
          + " credentials file (--git-credentials-file or TAGSHIP_GIT_CREDENTIALS_FILE).",
      "A detached HEAD takes its branch from BRANCH_NAME, GIT_BRANCH or BITBUCKET_BRANCH."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the version was printed", "1:the work failed", "2:bad usage"})
final class VersionCommand implements Callable<Integer> {

  private final CliContext context;

  @Option(
      names = "--repo",
      paramLabel = "DIR",
      description = "Folder in the git work tree (default: current).")
  Path repo;

  @Option(
      names = "--component",
      paramLabel = "NAME",
      description = "Mono-repo component: reads and writes NAME/vX.Y.Z tags.")
  String component;

  @Option(
      names = "--path",
      paramLabel = "PATH",
      description = "Files of the component (repeatable); unchanged paths keep the version.")
  List<String> paths = new ArrayList<>();

  @Option(
      names = "--tag-prefix",
      paramLabel = "P",
      description = "Text before the version in tag names (default: v, or NAME/v).")
  String tagPrefix;

  @Option(
      names = "--bump",
      paramLabel = "auto|patch|minor|major",
      defaultValue = "patch",
      description =
          "How to bump the last version (default: ${DEFAULT-VALUE}); auto reads conventional commits.")
  String bump;

  @Option(
      names = "--initial",
      paramLabel = "VERSION",
      defaultValue = "0.1.0",
      description = "Version when there is no tag yet (default: ${DEFAULT-VALUE}).")
  String initial;

  @Option(
      names = "--release-branch",
      paramLabel = "REGEX",
      defaultValue = VersionRequest.DEFAULT_RELEASE_BRANCH,
      description = "Branches that release (default: ${DEFAULT-VALUE}); others get pre-releases.")
  String releaseBranch;

  @Option(names = "--tag", description = "Create an annotated tag for a new release version.")
  boolean tag;

  @Option(names = "--push", description = "Create the tag and push it (safe when builds race).")
  boolean push;

  @Option(
      names = "--remote",
      paramLabel = "NAME",
      defaultValue = VersionRequest.DEFAULT_REMOTE,
      description = "Remote to fetch tags from and push to (default: ${DEFAULT-VALUE}).")
  String remote;

  @Option(names = "--no-fetch", description = "Do not fetch tags from the remote first.")
  boolean noFetch;

  @Option(
      names = "--git-credentials-file",
      paramLabel = "FILE",
      description = "git credential-store file with https://user:token@host lines.")
  Path credentialsFile;

  @Option(
      names = "--output",
      paramLabel = "text|json",
      defaultValue = "text",
      description = "Print the version (text) or the whole result (json).")
  OutputFormat output;

  VersionCommand(CliContext context) {
    this.context = context;
  }

  @Override
  public Integer call() {
    GitCredentials credentials = GitEnvironment.credentials(context.env());
    List<String> secrets = credentials == null ? List.of() : List.of(credentials.password());
    StepLog log = context.log(SecretMasker.of(secrets));
    VersionRequest request =
        VersionRequest.builder(context.resolve(repo))
            .component(component)
            .paths(paths)
            .tagPrefix(tagPrefix)
            .bump(BumpStrategy.parse(bump))
            .initial(SemVer.parse(initial))
            .releaseBranch(releaseBranch)
            .tag(tag)
            .push(push)
            .remote(remote)
            .branch(GitEnvironment.branch(context.env()))
            .buildUrl(GitEnvironment.buildUrl(context.env()))
            .credentials(credentials)
            .credentialsFile(
                credentialsFile != null
                    ? context.resolve(credentialsFile)
                    : GitEnvironment.credentialsFile(context.env()))
            .fetch(!noFetch)
            .build();
    VersionResult result = new Versioner(log).version(request);
    output.print(context.out(), result.version(), result);
    return 0;
  }
}
