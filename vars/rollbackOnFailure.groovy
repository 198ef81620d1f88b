import dev.tagship.jenkins.Cli
import dev.tagship.jenkins.Cluster

/**
 * rollbackOnFailure(release: 'shop', namespace: 'development') { helmUpgradeAks(...); sh './smoke-test.sh' }
 * on a real Jenkins. When the block fails after making a new revision, the build asks — an input
 * step that Pipeline Graph View and Blue Ocean show as buttons — whether to roll back to the last
 * good revision ("Roll back") or keep the failed one ("Keep", the Abort button); with no one
 * answering within rollbackTimeout it rolls back. keepFailed: true only reports. When the block
 * succeeds, the new revision is marked good.
 */
def call(Map args = [:], Closure body) {
  Cli.checkKeys('rollbackOnFailure', args, ['release', 'namespace', 'verify', 'rollbackTimeout',
      'keepFailed', 'onRollback', 'ask', 'kubeconfig', 'server', 'caFile', 'credentialsId',
      'subscription', 'resourceGroup', 'cluster', 'tenant'])
  def target = ['--release', args.release, '--namespace', args.namespace ?: 'default']
  def cluster = []
  Cli.option(cluster, '--kubeconfig', args.kubeconfig)
  Cli.option(cluster, '--server', args.server)
  Cli.option(cluster, '--ca-file', args.caFile)
  Cli.option(cluster, '--aks-subscription', args.subscription)
  Cli.option(cluster, '--aks-resource-group', args.resourceGroup)
  Cli.option(cluster, '--aks-cluster', args.cluster)
  Cli.option(cluster, '--azure-tenant', args.tenant)
  def current = {
    String json = Cluster.call(this, args.credentialsId,
        Cli.command(['tagship', 'history', '--output', 'json'] + target + cluster))
    def revisions = readJSON(text: json).revisions
    return revisions ? revisions.collect { it.revision as int }.max() : null
  }
  def before = current()
  try {
    def value = body()
    if (args.verify) {
      if (args.verify ==~ /https?:\/\/.*/) {
        sh(Cli.command(['curl', '-fsS', '-o', '/dev/null', args.verify]))
      } else {
        sh(args.verify)
      }
    }
    def after = current()
    if (after != null && after != before) {
      Cluster.call(this, args.credentialsId, Cli.command(['tagship', 'mark', '--revision', after as String, 'good'] + target + cluster))
    }
    return value
  } catch (e) {
    def failed = current()
    if (failed == null || failed == before) {
      error "rollbackOnFailure: the block failed before a new revision of ${args.release} was made (${e.message}); nothing to roll back"
    }
    boolean rollBack = args.keepFailed != true
    if (rollBack && args.ask != false) {
      try {
        timeout(time: 10, unit: 'MINUTES') {
          input(id: 'RollbackOrKeep', ok: 'Roll back',
              message: "${args.release} revision ${failed} failed: ${e.message}. Roll back to the last good revision?")
        }
      } catch (answer) {
        // Abort means keep the failed revision; nobody answering in time means roll back.
        rollBack = timedOut(answer)
      }
    }
    if (!rollBack) {
      Cluster.call(this, args.credentialsId, Cli.command(['tagship', 'mark', '--revision', failed as String, 'failed'] + target + cluster))
      error "release ${args.release} revision ${failed} failed: ${e.message}; kept as asked"
    }
    def words = ['tagship', 'rollback', '--output', 'json', '--mark-failed', '--reason', "revision ${failed} failed: ${e.message}".toString()] + target + cluster
    Cli.option(words, '--timeout', args.rollbackTimeout)
    def result = readJSON(text: Cluster.call(this, args.credentialsId, Cli.command(words)))
    if (args.onRollback) {
      args.onRollback([release: args.release, namespace: args.namespace, failedRevision: failed,
          restoredRevision: result.restoredRevision, newRevision: result.newRevision, cause: e.message])
    }
    error "release ${args.release} revision ${failed} failed: ${e.message}; rolled back to revision ${result.restoredRevision} (now revision ${result.newRevision})"
  }
}

private static boolean timedOut(error) {
  if (error.hasProperty('causes')) {
    return error.causes.any { it.getClass().simpleName == 'ExceededTimeout' }
  }
  return error.message == 'Timeout has been exceeded'
}
