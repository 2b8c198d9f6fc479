package dev.stevedore.e2e.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The resource metrics API (metrics.k8s.io/v1beta1), served by the test and registered with the cluster's API
 * aggregator the way kwokctl registers metrics-server (an APIService on an ExternalName Service): the autoscaler in
 * the controller-manager reads pod CPU from it, and the test decides what that CPU is. Simulated pod metrics for a
 * cluster whose nodes run nothing (KWOK).
 */
public final class FakeMetricsApi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceDefinitionContext API_SERVICE = new ResourceDefinitionContext.Builder()
      .withGroup("apiregistration.k8s.io").withVersion("v1").withKind("APIService").withPlural("apiservices")
      .withNamespaced(false).build();
  public static final String API_SERVICE_NAME = "v1beta1.metrics.k8s.io";

  private final KubernetesClient client;
  private final HttpsServer server;
  private final AtomicInteger cpuMillicoresPerContainer = new AtomicInteger();
  private final String serviceNamespace;

  private FakeMetricsApi(KubernetesClient client, HttpsServer server, String serviceNamespace) {
    this.client = client;
    this.server = server;
    this.serviceNamespace = serviceNamespace;
  }

  /** Starts the server and registers it; {@link #close} unregisters it (the APIService is cluster-wide). */
  public static FakeMetricsApi register(KubernetesClient client, String namespace) throws Exception {
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(selfSigned()));
    FakeMetricsApi api = new FakeMetricsApi(client, server, namespace);
    server.createContext("/", api::handle);
    server.start();
    client.services().inNamespace(namespace).resource(new ServiceBuilder().withNewMetadata()
        .withName("fake-metrics").endMetadata().withNewSpec().withType("ExternalName").withExternalName("localhost")
        .endSpec().build()).serverSideApply();
    GenericKubernetesResource apiService = new GenericKubernetesResourceBuilder()
        .withApiVersion("apiregistration.k8s.io/v1").withKind("APIService").withNewMetadata()
        .withName(API_SERVICE_NAME).endMetadata()
        .addToAdditionalProperties("spec", Map.of("group", "metrics.k8s.io", "version", "v1beta1",
            "groupPriorityMinimum", 100, "versionPriority", 100, "insecureSkipTLSVerify", true,
            "service", Map.of("namespace", namespace, "name", "fake-metrics", "port", server.getAddress().getPort())))
        .build();
    client.genericKubernetesResources(API_SERVICE).resource(apiService).serverSideApply();
    return api;
  }

  /** What every container of every pod uses from now on, in millicores. */
  public void cpu(int millicores) {
    cpuMillicoresPerContainer.set(millicores);
  }

  /** Whether the aggregator reports the metrics API available. */
  @SuppressWarnings("unchecked")
  public boolean available() {
    GenericKubernetesResource r = client.genericKubernetesResources(API_SERVICE).withName(API_SERVICE_NAME).get();
    if (r == null || !(r.getAdditionalProperties().get("status") instanceof Map<?, ?> status)) {
      return false;
    }
    List<Map<String, Object>> conditions = (List<Map<String, Object>>) status.get("conditions");
    return conditions != null && conditions.stream().anyMatch(c -> "Available".equals(c.get("type"))
        && "True".equals(c.get("status")));
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      ObjectNode body;
      if (path.equals("/apis/metrics.k8s.io/v1beta1") || path.equals("/apis/metrics.k8s.io/v1beta1/")) {
        body = JSON.createObjectNode().put("kind", "APIResourceList").put("apiVersion", "v1")
            .put("groupVersion", "metrics.k8s.io/v1beta1");
        ArrayNode resources = body.putArray("resources");
        ObjectNode pods = resources.addObject().put("name", "pods").put("singularName", "").put("namespaced", true)
            .put("kind", "PodMetrics");
        pods.putArray("verbs").add("get").add("list");
      } else if (path.matches("/apis/metrics\\.k8s\\.io/v1beta1/namespaces/[^/]+/pods")) {
        String namespace = path.split("/")[5];
        body = podMetrics(namespace, query(exchange, "labelSelector"));
      } else {
        byte[] notFound = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"code\":404}"
            .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(404, notFound.length);
        exchange.getResponseBody().write(notFound);
        return;
      }
      byte[] bytes = JSON.writeValueAsBytes(body);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  private ObjectNode podMetrics(String namespace, String labelSelector) {
    ObjectNode list = JSON.createObjectNode().put("kind", "PodMetricsList").put("apiVersion", "metrics.k8s.io/v1beta1");
    list.putObject("metadata");
    ArrayNode items = list.putArray("items");
    var pods = client.pods().inNamespace(namespace);
    List<Pod> matching = (labelSelector == null || labelSelector.isEmpty() ? pods
        : pods.withLabelSelector(labelSelector)).list().getItems();
    // Now, over a short window: the autoscaler then counts a pod as soon as it is Ready.
    String now = Instant.now().toString();
    for (Pod pod : matching) {
      if (pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
        continue;
      }
      ObjectNode item = items.addObject().put("kind", "PodMetrics").put("apiVersion", "metrics.k8s.io/v1beta1");
      item.putObject("metadata").put("name", pod.getMetadata().getName()).put("namespace", namespace);
      item.put("timestamp", now).put("window", "1s");
      ArrayNode containers = item.putArray("containers");
      pod.getSpec().getContainers().forEach(c -> containers.addObject().put("name", c.getName()).putObject("usage")
          .put("cpu", cpuMillicoresPerContainer.get() + "m").put("memory", "64Mi"));
    }
    return list;
  }

  private static String query(HttpExchange exchange, String name) {
    String raw = exchange.getRequestURI().getRawQuery();
    if (raw == null) {
      return null;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** A throwaway key and self-signed certificate for localhost, made by the JDK's keytool. */
  private static SSLContext selfSigned() throws Exception {
    Path dir = Files.createTempDirectory("fake-metrics");
    Path store = dir.resolve("tls.p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "tls", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
        "-keystore", store.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true)
        .start();
    p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("keytool could not make a certificate");
    }
    KeyStore keyStore = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(store.toFile())) {
      keyStore.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(keyStore, "changeit".toCharArray());
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  @Override
  public void close() {
    try {
      client.genericKubernetesResources(API_SERVICE).withName(API_SERVICE_NAME).delete();
      client.services().inNamespace(serviceNamespace).withName("fake-metrics").delete();
    } finally {
      server.stop(0);
    }
  }

  /** For messages. */
  @Override
  public String toString() {
    return "FakeMetricsApi[port " + server.getAddress().getPort() + ", cpu " + cpuMillicoresPerContainer + "m]";
  }
}
