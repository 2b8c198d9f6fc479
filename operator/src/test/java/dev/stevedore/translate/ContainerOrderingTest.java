package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerDependency;
import dev.stevedore.translate.ContainerOrdering.Placed;
import dev.stevedore.translate.ContainerOrdering.Role;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** ecs-semantics.md §2.7: dependsOn as init containers and native sidecars. */
class ContainerOrderingTest {

  @Test
  void startAndHealthyBecomeSidecarsSuccessAndCompleteBecomeInitContainers() {
    var plan = ContainerOrdering.plan(List.of(
        container("app", "proxy:HEALTHY", "migrate:SUCCESS", "config:START"),
        container("proxy"),
        container("migrate"),
        container("config"),
        container("copy"),
        container("worker", "copy:COMPLETE")));
    assertThat(plan.initContainers()).extracting(p -> p.definition().name + ":" + p.role())
        .containsExactly("proxy:SIDECAR", "migrate:INIT", "config:SIDECAR", "copy:INIT");
    assertThat(plan.initContainers()).filteredOn(Placed::waitedForHealthy).extracting(p -> p.definition().name)
        .containsExactly("proxy");
    assertThat(plan.containers()).extracting(p -> p.definition().name + ":" + p.role())
        .containsExactly("app:REGULAR", "worker:REGULAR");
  }

  @Test
  void initContainersComeAfterWhatTheyDependOnEvenWhenListedFirst() {
    var plan = ContainerOrdering.plan(List.of(
        container("app", "b:START"),
        container("b", "a:SUCCESS"),
        container("a")));
    assertThat(plan.initContainers()).extracting(p -> p.definition().name).containsExactly("a", "b");
  }

  @Test
  void noDependenciesMeansOnlyRegularContainersInTaskOrder() {
    var plan = ContainerOrdering.plan(List.of(container("z"), container("a"), container("m")));
    assertThat(plan.initContainers()).isEmpty();
    assertThat(plan.containers()).extracting(p -> p.definition().name).containsExactly("z", "a", "m");
  }

  @Test
  void cyclesAreFound() {
    assertThat(ContainerOrdering.findCycle(List.of(container("a", "b:START"), container("b", "c:START"),
        container("c", "a:HEALTHY")))).hasValueSatisfying(cycle -> assertThat(cycle).containsExactly("a", "b", "c", "a"));
    assertThat(ContainerOrdering.findCycle(List.of(container("a", "a:START")))).isPresent();
    assertThat(ContainerOrdering.findCycle(List.of(container("a", "b:START"), container("b")))).isEmpty();
  }

  static ContainerDefinition container(String name, String... dependsOn) {
    ContainerDefinition c = new ContainerDefinition();
    c.name = name;
    c.image = "example/" + name + ":1";
    if (dependsOn.length > 0) {
      c.dependsOn = new ArrayList<>();
      for (String d : dependsOn) {
        ContainerDependency dep = new ContainerDependency();
        dep.containerName = d.split(":")[0];
        dep.condition = d.split(":")[1];
        c.dependsOn.add(dep);
      }
    }
    return c;
  }
}
