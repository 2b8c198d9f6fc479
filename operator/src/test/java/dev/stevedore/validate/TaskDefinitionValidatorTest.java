package dev.stevedore.validate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerDependency;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.LoadBalancer;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import io.fabric8.kubernetes.api.model.IntOrString;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskDefinitionValidatorTest {

  @Test
  void aValidTaskDefinitionHasNoIssues() {
    TaskDefinitionSpec spec = spec(container("web", 512, null));
    assertThat(TaskDefinitionValidator.validate(spec)).isEmpty();
  }

  @Test
  void ec2ContainersNeedMemoryUnlessTheTaskHasIt() {
    TaskDefinitionSpec spec = spec(container("web", null, null));
    assertThat(TaskDefinitionValidator.validate(spec)).singleElement().satisfies(i -> {
      assertThat(i.field()).isEqualTo("containerDefinitions[0]");
      assertThat(i.message()).isEqualTo("Invalid setting for container 'web'. At least one of 'memory' or"
          + " 'memoryReservation' must be specified.");
    });
    spec.memory = new IntOrString("512");
    assertThat(TaskDefinitionValidator.validate(spec)).isEmpty();
  }

  @Test
  void containersCannotReserveMoreThanTheTask() {
    TaskDefinitionSpec spec = spec(container("a", null, 400), container("b", null, 300));
    spec.memory = new IntOrString("0.5 GB");
    spec.cpu = new IntOrString(256);
    spec.containerDefinitions.get(0).cpu = 200;
    spec.containerDefinitions.get(1).cpu = 100;
    assertThat(TaskDefinitionValidator.validate(spec)).extracting(ValidationIssue::field)
        .containsExactly("containerDefinitions[].memoryReservation", "containerDefinitions[].cpu");
  }

  @Test
  void dependencyCyclesAreRejected() {
    ContainerDefinition a = container("a", 64, null);
    ContainerDefinition b = container("b", 64, null);
    a.dependsOn = List.of(dep("b", "START"));
    b.dependsOn = List.of(dep("a", "HEALTHY"));
    assertThat(TaskDefinitionValidator.validate(spec(a, b))).singleElement()
        .satisfies(i -> assertThat(i.message()).contains("a -> b -> a"));
  }

  @Test
  void portNamesMustStayDistinctOnKubernetes() {
    ContainerDefinition a = container("a", 64, null);
    a.portMappings = List.of(port(80, "web_http_listener_port"), port(81, "web_http_listener_port"));
    assertThat(TaskDefinitionValidator.validate(spec(a))).extracting(ValidationIssue::message)
        .anyMatch(m -> m.contains("is used twice"));
  }

  @Test
  void loadBalancersMustPointAtAContainerPort() {
    TaskDefinitionSpec td = spec(container("web", 64, null));
    td.containerDefinitions.get(0).portMappings = List.of(port(80, null));
    EcsServiceSpec svc = new EcsServiceSpec();
    LoadBalancer lb = new LoadBalancer();
    lb.containerName = "web";
    lb.containerPort = 8080;
    svc.loadBalancers = List.of(lb);
    assertThat(ServiceValidator.validate(svc, td)).singleElement().satisfies(i ->
        assertThat(i.message()).isEqualTo("The container web did not have a container port 8080 defined."));
    lb.containerPort = 80;
    assertThat(ServiceValidator.validate(svc, td)).isEmpty();
    svc.launchType = "FARGATE";
    td.requiresCompatibilities = List.of("EC2");
    assertThat(ServiceValidator.validate(svc, td)).singleElement().satisfies(i ->
        assertThat(i.message()).isEqualTo("Task definition does not support launch_type FARGATE."));
  }

  static TaskDefinitionSpec spec(ContainerDefinition... containers) {
    TaskDefinitionSpec spec = new TaskDefinitionSpec();
    spec.family = "fam";
    spec.containerDefinitions = new ArrayList<>(List.of(containers));
    return spec;
  }

  static ContainerDefinition container(String name, Integer memory, Integer reservation) {
    ContainerDefinition c = new ContainerDefinition();
    c.name = name;
    c.image = "example/" + name;
    c.memory = memory;
    c.memoryReservation = reservation;
    return c;
  }

  static ContainerDependency dep(String name, String condition) {
    ContainerDependency d = new ContainerDependency();
    d.containerName = name;
    d.condition = condition;
    return d;
  }

  static PortMapping port(int port, String name) {
    PortMapping p = new PortMapping();
    p.containerPort = port;
    p.name = name;
    return p;
  }
}
