package dev.tagship.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.tagship.testing.TestCertificates;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.publisher.Mono;

/**
 * The AKS API's listClusterUserCredential, served over HTTPS on 127.0.0.1 the way Azure Resource
 * Manager documents it; the production code path (azure-resourcemanager-containerservice) is the
 * one that talks to Azure, only its endpoint and trusted CA differ.
 */
class AksKubeconfigTest {

  private static final String KUBECONFIG = "apiVersion: v1\nkind: Config\nclusters: []\n";
  private static final String ENTRA_TOKEN = "arm-token-for-tests";

  @TempDir Path temp;
  HttpsServer server;
  TestCertificates certificates;
  final List<String> requests = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startResourceManager() throws Exception {
    certificates = TestCertificates.create(temp.resolve("certs"));
    server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(certificates.serverContext()));
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + ENTRA_TOKEN).equals(authorization)) {
              byte[] error =
                  "{\"error\":{\"code\":\"AuthorizationFailed\",\"message\":\"no access\"}}"
                      .getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().add("Content-Type", "application/json");
              exchange.sendResponseHeaders(403, error.length);
              exchange.getResponseBody().write(error);
              return;
            }
            byte[] body =
                ("{\"kubeconfigs\":[{\"name\":\"clusterUser\",\"value\":\""
                        + Base64.getEncoder()
                            .encodeToString(KUBECONFIG.getBytes(StandardCharsets.UTF_8))
                        + "\"}]}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
          }
        });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private AksClusterRequest request(String token) {
    TokenCredential credential =
        context -> Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
    return new AksClusterRequest(
        "00000000-1111-2222-3333-444444444444",
        "rg-shop",
        "aks-dev",
        "tenant-1",
        credential,
        "https://127.0.0.1:" + server.getAddress().getPort() + "/",
        new JdkHttpClientBuilder(
                java.net.http.HttpClient.newBuilder().sslContext(certificates.trustingContext()))
            .build());
  }

  @Test
  void userKubeconfigComesFromTheAksApi() {
    String kubeconfig = new AksKubeconfig().userKubeconfig(request(ENTRA_TOKEN));

    assertThat(kubeconfig).isEqualTo(KUBECONFIG);
    assertThat(requests)
        .anyMatch(
            r ->
                r.startsWith(
                    "POST /subscriptions/00000000-1111-2222-3333-444444444444/resourceGroups/rg-shop"
                        + "/providers/Microsoft.ContainerService/managedClusters/aks-dev/"
                        + "listClusterUserCredential?api-version="));
  }

  @Test
  void refusedIdentityIsNamedWithTheRoleItNeeds() {
    assertThatThrownBy(() -> new AksKubeconfig().userKubeconfig(request("someone-else")))
        .isInstanceOf(AzureException.class)
        .hasMessageContaining("AKS cluster aks-dev in resource group rg-shop")
        .hasMessageContaining("Azure Kubernetes Service Cluster User Role")
        .hasMessageNotContaining("someone-else");
  }

  @Test
  void entraIntegratedClusterGetsTheIdentitysTokenInsteadOfKubelogin() {
    String entraKubeconfig =
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: aks-dev
          cluster:
            server: https://aks-dev.hcp.westeurope.azmk8s.io:443
        contexts:
        - name: aks-dev
          context: {cluster: aks-dev, user: clusterUser_rg-shop_aks-dev}
        current-context: aks-dev
        users:
        - name: clusterUser_rg-shop_aks-dev
          user:
            exec:
              apiVersion: client.authentication.k8s.io/v1beta1
              command: kubelogin
              args: [get-token, --environment, AzurePublicCloud, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630, --login, devicecode]
        """;
    List<String> scopes = new CopyOnWriteArrayList<>();
    TokenCredential identity =
        context -> {
          scopes.addAll(context.getScopes());
          String token =
              context.getScopes().contains("6dae42f8-4368-4678-94ff-3960e28e3630/.default")
                  ? "aks-entra-token"
                  : ENTRA_TOKEN;
          return Mono.just(new AccessToken(token, OffsetDateTime.now().plusHours(1)));
        };

    String kubeconfig = EntraKubeconfig.withTokens(entraKubeconfig, identity, "tenant-1");

    assertThat(scopes).containsExactly("6dae42f8-4368-4678-94ff-3960e28e3630/.default");
    assertThat(kubeconfig).doesNotContain("kubelogin").doesNotContain("exec");
    io.fabric8.kubernetes.client.Config parsed =
        io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfig);
    assertThat(parsed.getAutoOAuthToken()).isEqualTo("aks-entra-token");
    assertThat(parsed.getMasterUrl()).startsWith("https://aks-dev.hcp.westeurope.azmk8s.io");
  }

  @Test
  void kubeconfigWithoutKubeloginIsLeftAsItIs() {
    TokenCredential unused = context -> Mono.error(new IllegalStateException("not asked"));
    assertThat(EntraKubeconfig.withTokens(KUBECONFIG, unused, "tenant-1")).isEqualTo(KUBECONFIG);
  }
}
