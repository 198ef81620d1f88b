package dev.tagship.web;

import dev.tagship.pipeline.JenkinsGrammar;
import dev.tagship.pipeline.store.RunStore;
import java.time.Duration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * {@code tagship serve}: the dashboard of runs and releases, on Jetty. The entry point of the web
 * layer; everything it does goes through the pipeline and deploy capabilities' own records.
 */
public final class Dashboard implements AutoCloseable {

  private final Server server;
  private final ServerConnector connector;
  private final DashboardAddress address;
  private final RunStore store;
  private final JenkinsGrammar grammar;
  private final DashboardRuns runs;
  private final ClusterReleases clusterReleases;

  private Dashboard(
      Server server,
      ServerConnector connector,
      DashboardAddress address,
      RunStore store,
      JenkinsGrammar grammar,
      DashboardRuns runs,
      ClusterReleases clusterReleases) {
    this.server = server;
    this.connector = connector;
    this.address = address;
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
    SignInThrottle throttle =
        new SignInThrottle(5, Duration.ofMinutes(10), Duration.ofSeconds(30), config.clock());
    PortHolder port = new PortHolder();
    DashboardAddress address =
        new DashboardAddress(
            config.host(), config.tlsCertificate() != null, config.publicUrl(), port::get);

    Router router = new Router();
    new SignIn(access, throttle, address, config.secureCookies()).routes(router);
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

    Server server;
    try {
      server =
          DashboardServer.create(config, new DashboardHandler(router, access, throttle, address));
    } catch (RuntimeException e) {
      clusterReleases.close();
      runs.close();
      grammar.close();
      store.close();
      throw e;
    }
    ServerConnector connector = DashboardServer.connector(server);
    port.connector = connector;
    try {
      server.start();
    } catch (Exception e) {
      clusterReleases.close();
      runs.close();
      grammar.close();
      store.close();
      throw e;
    }
    return new Dashboard(server, connector, address, store, grammar, runs, clusterReleases);
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** The address to open, e.g. {@code http://127.0.0.1:8080/}. */
  public String url() {
    return address.url();
  }

  /** The port listened on, once the server has started: the Host check needs it. */
  private static final class PortHolder {
    private volatile ServerConnector connector;

    int get() {
      ServerConnector listening = connector;
      return listening == null ? -1 : listening.getLocalPort();
    }
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
