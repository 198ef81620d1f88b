package dev.tagship.web;

import dev.tagship.pipeline.JenkinsGrammar;
import dev.tagship.pipeline.store.RunStore;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code tagship serve}: the dashboard of runs and releases, on Jetty. The entry point of the web
 * layer; everything it does goes through the pipeline and deploy capabilities' own records.
 */
public final class Dashboard implements AutoCloseable {

  private final Server server;
  private final ServerConnector connector;
  private final RunStore store;
  private final JenkinsGrammar grammar;
  private final DashboardRuns runs;
  private final ClusterReleases clusterReleases;

  private Dashboard(
      Server server,
      ServerConnector connector,
      RunStore store,
      JenkinsGrammar grammar,
      DashboardRuns runs,
      ClusterReleases clusterReleases) {
    this.server = server;
    this.connector = connector;
    this.store = store;
    this.grammar = grammar;
    this.runs = runs;
    this.clusterReleases = clusterReleases;
  }

  /** Starts the dashboard; it serves until {@link #close()}. */
  public static Dashboard start(DashboardConfig config) throws Exception {
    RunStore store = RunStore.open(config.store());
    JenkinsGrammar grammar = JenkinsGrammar.forEnvironment(config.environment());
    PendingInputs inputs = new PendingInputs();
    PipelineCatalog catalog =
        new PipelineCatalog(
            config.pipelines(), config.libraries(), config.environment(), config.clock());
    DashboardRuns runs =
        new DashboardRuns(
            store,
            config.store(),
            catalog,
            inputs,
            config.environment(),
            config.credentialsFile(),
            config.token());
    Metrics metrics = new Metrics();
    Access access = new Access(SignInTokens.parse(config.token()), config.clock());
    SignInThrottle throttle = new SignInThrottle(5, Duration.ofMinutes(1), config.clock());

    Router router = new Router();
    new SignIn(access, throttle).routes(router);
    new RunsApi(store, inputs, runs).routes(router);
    new PipelinesApi(catalog, runs, store).routes(router);
    ClusterReleases clusterReleases =
        new ClusterReleases(config.namespaces(), ClusterReleases.DEADLINE);
    new ReleasesApi(
            new ConfiguredClusters(config.clusters(), config.clusterProblem()),
            clusterReleases,
            config.namespaces(),
            config.rolloutTimeout(),
            new Rollbacks(config.clock(), metrics))
        .routes(router);
    router.add(
        "GET",
        "/metrics",
        Router.Guard.READ,
        exchange ->
            exchange.text(
                200,
                "text/plain; version=0.0.4",
                metrics.render(store, clusterReleases.read(config.clusters()))));
    new Assets().routes(router);

    QueuedThreadPool threads = new QueuedThreadPool(32, 4);
    threads.setName("tagship-serve");
    threads.setDaemon(true);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost(config.host());
    connector.setPort(config.port());
    server.addConnector(connector);
    server.setHandler(new DashboardHandler(router, access, throttle));
    server.setStopTimeout(2000);
    try {
      server.start();
    } catch (Exception e) {
      clusterReleases.close();
      runs.close();
      grammar.close();
      store.close();
      throw e;
    }
    return new Dashboard(server, connector, store, grammar, runs, clusterReleases);
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** The address to open, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    String host = connector.getHost();
    return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/";
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  /** Stops serving and ends runs started here; safe to call more than once. */
  public void stop() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("the dashboard's server did not stop: " + e.getMessage(), e);
    } finally {
      clusterReleases.close();
      runs.close();
      grammar.close();
      store.close();
    }
  }

  @Override
  public void close() {
    stop();
  }
}
