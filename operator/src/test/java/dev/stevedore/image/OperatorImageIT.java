package dev.stevedore.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.api.GeneratedCrds;
import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubeapitest.junit.KubeConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OCI image the build writes (target/stevedore-operator-image.tar) really runs the operator: its layers are
 * unpacked, mounted read-only like the chart's readOnlyRootFilesystem, and the entrypoint runs as the image's
 * non-root user against a real API server until /readyz answers. Needs root for chroot and mounts.
 */
@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class OperatorImageIT {
  static final Path IMAGE = Path.of("target/stevedore-operator-image.tar");
  static final ObjectMapper JSON = new ObjectMapper();

  static KubernetesClient client;
  @KubeConfig
  static String kubeconfig;

  @TempDir
  Path work;

  @Test
  void theImageRunsTheOperatorAsNonRootOnAReadOnlyFileSystem() throws Exception {
    assumeTrue(Files.exists(IMAGE), "the image is built by the default build; skipped with -DskipImage");
    assumeTrue("root".equals(System.getProperty("user.name")), "unpacking and running the image needs root (chroot)");
    GeneratedCrds.install(client);

    Path layout = work.resolve("oci");
    run(List.of("mkdir", "-p", layout.toString()));
    run(List.of("tar", "-xf", IMAGE.toAbsolutePath().toString(), "-C", layout.toString()));
    JsonNode index = JSON.readTree(layout.resolve("index.json").toFile());
    JsonNode manifest = JSON.readTree(blob(layout, index.get("manifests").get(0).get("digest").asText()).toFile());
    JsonNode config = JSON.readTree(blob(layout, manifest.get("config").get("digest").asText()).toFile()).get("config");
    assertThat(config.get("User").asText()).isEqualTo("65532:65532");
    List<String> entrypoint = new ArrayList<>();
    config.get("Entrypoint").forEach(e -> entrypoint.add(e.asText()));
    assertThat(entrypoint).containsExactly("/opt/java/bin/java", "-jar", "/app/stevedore-operator.jar");
    assertThat(manifest.get("layers")).as("a runtime layer and the jar, nothing else").hasSize(2);

    Path rootfs = Files.createDirectories(work.resolve("rootfs"));
    for (JsonNode layer : manifest.get("layers")) {
      run(List.of("tar", "-xzf", blob(layout, layer.get("digest").asText()).toString(), "-C", rootfs.toString()));
    }
    Path mounted = Files.createDirectories(work.resolve("mounted"));
    List<String> mounts = new ArrayList<>();
    try {
      mount(mounts, List.of("mount", "--bind", rootfs.toString(), mounted.toString()), mounted);
      run(List.of("mount", "-o", "remount,bind,ro", mounted.toString()));
      mount(mounts, List.of("mount", "-t", "proc", "proc", mounted.resolve("proc").toString()), mounted.resolve("proc"));
      mount(mounts, List.of("mount", "-t", "tmpfs", "tmpfs", mounted.resolve("tmp").toString()), mounted.resolve("tmp"));
      Files.writeString(mounted.resolve("tmp/kubeconfig"), flattened(kubeconfig));
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      List<String> command = new ArrayList<>(List.of("chroot", "--userspec=65532:65532", mounted.toString()));
      command.addAll(entrypoint);
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(work.resolve("operator.log").toFile());
      pb.environment().put("KUBECONFIG", "/tmp/kubeconfig");
      pb.environment().put("HOME", "/tmp");
      pb.environment().put("STEVEDORE_HTTP_PORT", Integer.toString(port));
      Process operator = pb.start();
      try {
        assertThat(readyWithin(port, Duration.ofSeconds(90))).as("operator log:%n%s",
            Files.exists(work.resolve("operator.log")) ? Files.readString(work.resolve("operator.log")) : "").isTrue();
        assertThat(operator.isAlive()).isTrue();
      } finally {
        operator.destroy();
        operator.waitFor(20, TimeUnit.SECONDS);
        operator.destroyForcibly();
      }
    } finally {
      for (int i = mounts.size() - 1; i >= 0; i--) {
        new ProcessBuilder("umount", "-l", mounts.get(i)).start().waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  /** kube-api-test's kubeconfig names certificate files outside the image; inline them. */
  private String flattened(String config) throws Exception {
    Path file = work.resolve("kubeconfig");
    Files.writeString(file, config);
    Path kubectl = Path.of(System.getProperty("user.home"), ".kubeapitest", "k8s",
        System.getProperty("kubernetes.version", "1.34.4") + "-linux-amd64", "kubectl");
    Process p = new ProcessBuilder(kubectl.toString(), "--kubeconfig", file.toString(), "config", "view", "--flatten",
        "--raw").start();
    String flat = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    return flat;
  }

  private static boolean readyWithin(int port, Duration limit) throws InterruptedException {
    HttpClient http = HttpClient.newHttpClient();
    Instant deadline = Instant.now().plus(limit);
    while (Instant.now().isBefore(deadline)) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() == 200) {
          return true;
        }
      } catch (IOException notYetListening) {
        // the JVM is still starting
      }
      TimeUnit.MILLISECONDS.sleep(500);
    }
    return false;
  }

  private static void mount(List<String> mounts, List<String> command, Path target) throws Exception {
    run(command);
    mounts.add(target.toString());
  }

  private static Path blob(Path layout, String digest) {
    return layout.resolve("blobs").resolve(digest.replace(':', '/'));
  }

  private static void run(List<String> command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("%s: %s", command, out).isZero();
  }
}
