import dev.tagship.jenkins.Cli
import dev.tagship.jenkins.StepResult

/**
 * tagVersion(bump: 'minor', component: 'web', path: 'web/') on a real Jenkins: runs
 * `tagship version` on the agent and returns its result ("${v}" is the version; v.tag, v.changed...).
 * Like the native step it tags and pushes on a release branch unless told tag: false / push: false.
 */
def call(Map args = [:]) {
  Cli.checkKeys('tagVersion', args, ['bump', 'component', 'path', 'tagPrefix', 'initial',
      'releaseBranch', 'tag', 'push', 'remote', 'credentialsId', 'dir'])
  def words = ['tagship', 'version', '--output', 'json']
  Cli.option(words, '--repo', args.dir)
  Cli.option(words, '--bump', args.bump)
  Cli.option(words, '--component', args.component)
  Cli.option(words, '--path', args.path instanceof List ? args.path : (args.path ? [args.path] : null))
  Cli.option(words, '--tag-prefix', args.tagPrefix)
  Cli.option(words, '--initial', args.initial)
  Cli.option(words, '--release-branch', args.releaseBranch)
  Cli.option(words, '--remote', args.remote)
  boolean push = args.push != false && args.tag != false
  Cli.option(words, push ? '--push' : '--tag', args.tag != false)
  String command = Cli.command(words)
  String json
  if (args.credentialsId) {
    withCredentials([usernamePassword(credentialsId: args.credentialsId,
        usernameVariable: 'TAGSHIP_GIT_USERNAME', passwordVariable: 'TAGSHIP_GIT_PASSWORD')]) {
      json = sh(script: command, returnStdout: true)
    }
  } else {
    json = sh(script: command, returnStdout: true)
  }
  return new StepResult(readJSON(text: json), 'version')
}
