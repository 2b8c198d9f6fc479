package dev.stevedore.translate;

import dev.stevedore.naming.Labels;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.HealthCheck;
import dev.stevedore.api.v1alpha1.KeyValuePair;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.Ulimit;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PodTemplateTranslatorTest {

  @Test
  void sameRevisionGivesByteEqualTemplatesWhateverTheEnvironmentOrder() {
    TaskDefinitionSpec a = spec(container("web"));
    TaskDefinitionSpec b = spec(container("web"));
    a.containerDefinitions.get(0).environment = env("B", "2", "A", "1", "C", "3");
    List<KeyValuePair> shuffled = env("B", "2", "A", "1", "C", "3");
    Collections.reverse(shuffled);
    b.containerDefinitions.get(0).environment = shuffled;
    String first = Serialization.asYaml(translate(a).template());
    assertThat(Serialization.asYaml(translate(a).template())).isEqualTo(first);
    assertThat(Serialization.asYaml(translate(b).template())).isEqualTo(first);
    assertThat(translate(a).template().getSpec().getContainers().get(0).getEnv())
        .extracting(e -> e.getName()).containsExactly("A", "B", "C");
  }

  @Test
  void memoryIsTheLimitAndMemoryReservationTheRequest() {
    ContainerDefinition both = container("both");
    both.memory = 512;
    both.memoryReservation = 256;
    both.cpu = 256;
    ContainerDefinition hardOnly = container("hard");
    hardOnly.memory = 300;
    PodSpec pod = translate(spec(both, hardOnly)).template().getSpec();
    Container c0 = pod.getContainers().get(0);
    assertThat(c0.getResources().getLimits()).containsEntry("memory", new Quantity("512Mi")).doesNotContainKey("cpu");
    assertThat(c0.getResources().getRequests()).containsEntry("memory", new Quantity("256Mi"))
        .containsEntry("cpu", new Quantity("250m"));
    Container c1 = pod.getContainers().get(1);
    assertThat(c1.getResources().getRequests()).containsEntry("memory", new Quantity("300Mi"));
    assertThat(c1.getResources().getLimits()).containsEntry("memory", new Quantity("300Mi"));
  }

  @Test
  void taskLevelCpuAndMemoryCapTheWholePod() {
    TaskDefinitionSpec spec = spec(container("a"), container("b"));
    spec.cpu = new IntOrString("1 vCPU");
    spec.memory = new IntOrString("2 GB");
    PodSpec pod = translate(spec).template().getSpec();
    assertThat(pod.getResources().getLimits()).containsEntry("cpu", new Quantity("1000m"))
        .containsEntry("memory", new Quantity("2048Mi"));
    assertThat(pod.getResources().getRequests()).isEqualTo(pod.getResources().getLimits());
  }

  @Test
  void onlyEssentialContainersWithHealthChecksGateReadiness() {
    ContainerDefinition essential = container("app");
    essential.healthCheck = check();
    ContainerDefinition sidecar = container("metrics");
    sidecar.essential = false;
    sidecar.healthCheck = check();
    var result = translate(spec(essential, sidecar));
    List<Container> containers = result.template().getSpec().getContainers();
    assertThat(containers.get(0).getReadinessProbe()).isNotNull();
    assertThat(containers.get(0).getLivenessProbe()).isNotNull();
    assertThat(containers.get(1).getReadinessProbe()).isNull();
    assertThat(containers.get(1).getLivenessProbe()).isNull();
    assertThat(result.essentialHealthCheck()).isTrue();
    assertThat(result.template().getMetadata().getAnnotations())
        .containsEntry(Labels.ESSENTIAL_CONTAINERS_ANNOTATION, "app");
  }

  @Test
  void noTaskRoleMeansNoServiceAccountToken() {
    PodSpec pod = translate(spec(container("web"))).template().getSpec();
    assertThat(pod.getAutomountServiceAccountToken()).isFalse();
    assertThat(pod.getServiceAccountName()).isNull();
    PodSpec withRole = PodTemplateTranslator.translate(revision(spec(container("web"))),
        new PodTemplateTranslator.Options(0, "web-task")).template().getSpec();
    assertThat(withRole.getServiceAccountName()).isEqualTo("web-task");
    assertThat(withRole.getAutomountServiceAccountToken()).isNull();
  }

  @Test
  void sanitisedContainerNamesKeepTheirOriginalInAnAnnotation() {
    var result = translate(spec(container("log_router"), container("app")));
    String k8sName = result.template().getSpec().getContainers().get(0).getName();
    assertThat(k8sName).startsWith("log-router-");
    assertThat(result.template().getMetadata().getAnnotations().get(Labels.CONTAINER_NAMES_ANNOTATION))
        .isEqualTo("{\"" + k8sName + "\":\"log_router\"}");
  }

  @Test
  void hostNetworkExposesContainerPortsOnTheHost() {
    TaskDefinitionSpec spec = spec(container("consul"));
    spec.networkMode = "host";
    PortMapping port = new PortMapping();
    port.containerPort = 8500;
    spec.containerDefinitions.get(0).portMappings = List.of(port);
    PodSpec pod = translate(spec).template().getSpec();
    assertThat(pod.getHostNetwork()).isTrue();
    assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
    assertThat(pod.getContainers().get(0).getPorts().get(0).getHostPort()).isEqualTo(8500);
  }

  @Test
  void whatKubernetesCannotDoIsReportedFieldByField() {
    ContainerDefinition c = container("db");
    Ulimit ulimit = new Ulimit();
    ulimit.name = "nofile";
    ulimit.softLimit = 1024;
    ulimit.hardLimit = 4096;
    c.ulimits = List.of(ulimit);
    c.user = "postgres";
    c.disableNetworking = true;
    TaskDefinitionSpec spec = spec(c);
    spec.ipcMode = "none";
    spec.taskDefinitionArn = "arn:aws:ecs:us-east-1:1:task-definition/db:7";
    spec.revision = 7;
    assertThat(translate(spec).reports()).extracting(r -> r.field + " " + r.disposition).containsExactly(
        "containerDefinitions[0].disableNetworking UNSUPPORTED",
        "containerDefinitions[0].ulimits UNSUPPORTED",
        "containerDefinitions[0].user UNSUPPORTED",
        "ipcMode UNSUPPORTED",
        "revision IGNORED",
        "taskDefinitionArn IGNORED");
    assertThat(translate(spec).reports()).allSatisfy(r -> assertThat(r.reason).isNotBlank());
  }

  @Test
  void stopTimeoutBecomesThePodsGracePeriod() {
    ContainerDefinition a = container("a");
    a.stopTimeout = 90;
    ContainerDefinition b = container("b");
    b.stopTimeout = 10;
    assertThat(translate(spec(a, b)).template().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(90L);
    assertThat(translate(spec(container("c"))).template().getSpec().getTerminationGracePeriodSeconds()).isEqualTo(30L);
  }

  static PodTemplateTranslator.Result translate(TaskDefinitionSpec spec) {
    return PodTemplateTranslator.translate(revision(spec), PodTemplateTranslator.Options.DEFAULTS);
  }

  static RegisteredTaskDefinition revision(TaskDefinitionSpec spec) {
    return new RegisteredTaskDefinition("fam", 3, RegisteredTaskDefinition.arn("us-east-1", "1", "fam", 3), spec);
  }

  static TaskDefinitionSpec spec(ContainerDefinition... containers) {
    TaskDefinitionSpec spec = new TaskDefinitionSpec();
    spec.family = "fam";
    spec.containerDefinitions = new ArrayList<>(List.of(containers));
    return spec;
  }

  static ContainerDefinition container(String name) {
    ContainerDefinition c = new ContainerDefinition();
    c.name = name;
    c.image = "example/" + name + ":1";
    return c;
  }

  static HealthCheck check() {
    HealthCheck check = new HealthCheck();
    check.command = List.of("CMD", "true");
    return check;
  }

  static List<KeyValuePair> env(String... pairs) {
    List<KeyValuePair> env = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      env.add(new KeyValuePair(pairs[i], pairs[i + 1]));
    }
    return env;
  }

  static List<String> fields(List<FieldReport> reports) {
    return reports.stream().map(r -> r.field).toList();
  }
}
