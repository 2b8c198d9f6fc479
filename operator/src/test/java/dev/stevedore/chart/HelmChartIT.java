package dev.stevedore.chart;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.testing.RepositoryRoot;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** helm lint and helm template on the chart, with the helm that local-cluster install pins. */
class HelmChartIT {
  static final Path CHART = RepositoryRoot.get().resolve("helm/stevedore");

  @Test
  void lintIsClean() throws Exception {
    Result lint = helm("lint", CHART.toString(), "--strict");
    assertThat(lint.exit()).as(lint.output()).isZero();
    assertThat(lint.output()).contains("0 chart(s) failed");
  }

  @Test
  void allNamespacesGetAClusterRoleWithoutWildcards() throws Exception {
    List<HasMetadata> objects = template();
    List<PolicyRule> rules = new ArrayList<>();
    objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
        .forEach(r -> rules.addAll(r.getRules()));
    assertThat(objects).noneMatch(Role.class::isInstance);
    assertThat(rules).isNotEmpty().allSatisfy(r -> {
      assertThat(r.getVerbs()).doesNotContain("*");
      assertThat(r.getResources()).doesNotContain("*");
      assertThat(r.getApiGroups()).doesNotContain("*");
    });
    Deployment operator = objects.stream().filter(Deployment.class::isInstance).map(Deployment.class::cast)
        .findFirst().orElseThrow();
    var container = operator.getSpec().getTemplate().getSpec().getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(operator.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/readyz");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/healthz");
  }

  @Test
  void watchedNamespacesGetOneRoleEach() throws Exception {
    List<HasMetadata> objects = template("--set", "watchNamespaces={team-a,team-b}");
    assertThat(objects).filteredOn(Role.class::isInstance).extracting(o -> o.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("team-a", "team-b");
    assertThat(objects).filteredOn(ClusterRole.class::isInstance).extracting(o -> o.getMetadata().getName())
        .containsExactly("stevedore-nodes");
  }

  @Test
  void twoReplicasNeedLeaderElection() throws Exception {
    Result refused = helm("template", "stevedore", CHART.toString(), "--set", "replicas=2");
    assertThat(refused.exit()).isNotZero();
    assertThat(refused.output()).contains("replicas > 1 needs leaderElection.enabled=true");
    assertThat(template("--set", "replicas=2", "--set", "leaderElection.enabled=true"))
        .anyMatch(o -> o instanceof Role && o.getMetadata().getName().endsWith("leader-election"));
  }

  @Test
  void theValuesSchemaRejectsTypos() throws Exception {
    Result typo = helm("template", "stevedore", CHART.toString(), "--set", "watchNamespace={a}");
    assertThat(typo.exit()).isNotZero();
    assertThat(typo.output()).contains("watchNamespace");
  }

  static List<HasMetadata> template(String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("template", "stevedore", CHART.toString(), "--namespace", "ops"));
    args.addAll(List.of(extra));
    Result result = helm(args.toArray(String[]::new));
    assertThat(result.exit()).as(result.output()).isZero();
    List<HasMetadata> objects = new ArrayList<>();
    for (String doc : result.output().split("(?m)^---\\s*$")) {
      if (doc.contains("kind:")) {
        Object parsed = Serialization.unmarshal(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)));
        if (parsed instanceof KubernetesList list) {
          objects.addAll(list.getItems());
        } else {
          objects.add((HasMetadata) parsed);
        }
      }
    }
    return objects;
  }

  record Result(int exit, String output) {}

  static Result helm(String... args) throws Exception {
    String cache = System.getenv().getOrDefault("STEVEDORE_CACHE", System.getProperty("user.home") + "/.cache/stevedore");
    List<String> command = new ArrayList<>(List.of(cache + "/bin/helm"));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(p.exitValue(), output);
  }
}
