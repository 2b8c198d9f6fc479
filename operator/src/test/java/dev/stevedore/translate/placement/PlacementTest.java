package dev.stevedore.translate.placement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.PlacementConstraint;
import dev.stevedore.api.v1alpha1.PlacementStrategy;
import dev.stevedore.api.v1alpha1.TaskDefinitionPlacementConstraint;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.translate.CapacityProviders;
import dev.stevedore.translate.WorkloadTranslator;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PlacementTest {

  @Test
  void distinctInstanceIsRequiredAntiAffinityToTheServicesOwnPodsPerNode() {
    EcsServiceSpec spec = Fixtures.service(3, 100, 200);
    spec.placementConstraints = List.of(constraint("distinctInstance", null));
    PodSpec pod = pod(spec, Fixtures.taskDefinition("nginx"));
    var terms = pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    assertThat(terms).singleElement().satisfies(t -> {
      assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
      assertThat(t.getLabelSelector().getMatchLabels())
          .containsEntry("ecs.stevedore.dev/service", "web").containsEntry("app.kubernetes.io/managed-by", "stevedore");
    });
    assertThat(pod.getAffinity().getNodeAffinity()).isNull();
    assertThat(pod.getAffinity().getPodAffinity()).isNull();
  }

  @Test
  void taskDefinitionAndServiceConstraintsAllHold() {
    TaskDefinitionSpec td = Fixtures.taskDefinition("nginx");
    TaskDefinitionPlacementConstraint zones = new TaskDefinitionPlacementConstraint();
    zones.type = "memberOf";
    zones.expression = "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]";
    td.placementConstraints = List.of(zones);
    EcsServiceSpec spec = Fixtures.service(3, 100, 200);
    spec.placementConstraints = List.of(
        constraint("memberOf", "attribute:ecs.instance-type =~ m5\\.(large|xlarge) or attribute:stevedore.dev/pool == fargate"),
        constraint("distinctInstance", null));
    PodSpec pod = pod(spec, td);
    String terms = pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
        .getNodeSelectorTerms().stream().map(MemberOfTest::render).collect(Collectors.joining(" | "));
    assertThat(terms).isEqualTo(
        "topology.kubernetes.io/zone In [us-east-1a, us-east-1b] & node.kubernetes.io/instance-type In [m5.large, m5.xlarge]"
            + " | topology.kubernetes.io/zone In [us-east-1a, us-east-1b] & stevedore.dev/pool In [fargate]");
    assertThat(pod.getAffinity().getPodAntiAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).hasSize(1);
  }

  @Test
  void whatCannotBeNodeAffinityIsReportedAndNotHalfApplied() {
    EcsServiceSpec spec = Fixtures.service(3, 100, 200);
    spec.placementConstraints = List.of(constraint("memberOf",
        "attribute:ecs.availability-zone == us-east-1a and attribute:ecs.instance-type =~ t2.*"));
    var result = WorkloadTranslator.deployment(Fixtures.context(spec, Fixtures.revision(Fixtures.taskDefinition("n"), 1),
        null, CapacityProviders.strategy(spec, null).get(0), 3));
    assertThat(result.deployment().getSpec().getTemplate().getSpec().getAffinity()).isNull();
    assertThat(result.reports()).anySatisfy(r -> {
      assertThat(r.field).isEqualTo("service.placementConstraints[0]");
      assertThat(r.disposition).isEqualTo(FieldReport.Disposition.UNSUPPORTED);
      assertThat(r.reason).contains("is not applied").contains("column 82").contains("'t2.*'");
    });
  }

  @Test
  void taskDefinitionConstraintsLandInThePodTemplate() {
    TaskDefinitionSpec td = Fixtures.taskDefinition("nginx");
    TaskDefinitionPlacementConstraint c = new TaskDefinitionPlacementConstraint();
    c.type = "memberOf";
    c.expression = "attribute:ecs.cpu-architecture == arm64";
    td.placementConstraints = List.of(c);
    var translated = dev.stevedore.translate.PodTemplateTranslator.translate(Fixtures.revision(td, 1),
        dev.stevedore.translate.PodTemplateTranslator.Options.DEFAULTS);
    assertThat(translated.template().getSpec().getAffinity().getNodeAffinity()
        .getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms())
        .singleElement().satisfies(t -> assertThat(MemberOfTest.render(t)).isEqualTo("kubernetes.io/arch In [arm64]"));
    assertThat(translated.reports()).noneMatch(r -> r.field.startsWith("placementConstraints"));
  }

  @Test
  void spreadByZoneHostAndAttributeBecomesTopologySpread() {
    EcsServiceSpec spec = Fixtures.service(6, 100, 200);
    spec.placementStrategy = List.of(strategy("spread", "attribute:ecs.availability-zone"),
        strategy("spread", "instanceId"), strategy("spread", "host"), strategy("spread", "attribute:rack"),
        strategy("random", null));
    PodSpec pod = pod(spec, Fixtures.taskDefinition("nginx"));
    assertThat(pod.getTopologySpreadConstraints()).extracting(t -> t.getTopologyKey()).containsExactly(
        "topology.kubernetes.io/zone", "kubernetes.io/hostname", "attribute.ecs.stevedore.dev/rack");
    assertThat(pod.getTopologySpreadConstraints()).allSatisfy(t -> {
      assertThat(t.getMaxSkew()).isEqualTo(1);
      assertThat(t.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
      assertThat(t.getLabelSelector().getMatchLabels()).containsEntry("ecs.stevedore.dev/service", "web");
    });
    assertThat(pod.getAffinity()).as("random writes nothing").isNull();
  }

  @Test
  void binpackPrefersNodesThatRunTheServiceAndSaysItIsApproximate() {
    EcsServiceSpec spec = Fixtures.service(6, 100, 200);
    spec.placementStrategy = List.of(strategy("binpack", "memory"));
    var result = WorkloadTranslator.deployment(Fixtures.context(spec, Fixtures.revision(Fixtures.taskDefinition("n"), 1),
        null, CapacityProviders.strategy(spec, null).get(0), 6));
    PodSpec pod = result.deployment().getSpec().getTemplate().getSpec();
    assertThat(pod.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()).isNullOrEmpty();
    assertThat(pod.getAffinity().getPodAffinity().getPreferredDuringSchedulingIgnoredDuringExecution())
        .singleElement().satisfies(w -> {
          assertThat(w.getWeight()).isEqualTo(100);
          assertThat(w.getPodAffinityTerm().getTopologyKey()).isEqualTo("kubernetes.io/hostname");
        });
    assertThat(result.reports()).anySatisfy(r -> {
      assertThat(r.field).isEqualTo("service.placementStrategy[0]");
      assertThat(r.disposition).isEqualTo(FieldReport.Disposition.APPROXIMATED);
      assertThat(r.reason).contains("binpack").contains("MostAllocated");
    });
  }

  @Test
  void spreadOverSomethingWithoutANodeLabelIsReported() {
    EcsServiceSpec spec = Fixtures.service(6, 100, 200);
    spec.placementStrategy = List.of(strategy("spread", "attribute:a\\b"), strategy("spread", "cpu"));
    var result = WorkloadTranslator.deployment(Fixtures.context(spec, Fixtures.revision(Fixtures.taskDefinition("n"), 1),
        null, CapacityProviders.strategy(spec, null).get(0), 6));
    assertThat(result.deployment().getSpec().getTemplate().getSpec().getTopologySpreadConstraints()).isNullOrEmpty();
    assertThat(result.reports()).filteredOn(r -> r.field.startsWith("service.placementStrategy")).hasSize(2);
  }

  @Test
  void expressionsThatDoNotParseMakeTheDocumentInvalid() {
    TaskDefinitionSpec td = Fixtures.taskDefinition("nginx");
    TaskDefinitionPlacementConstraint c = new TaskDefinitionPlacementConstraint();
    c.type = "memberOf";
    c.expression = "attribute:ecs.os-type = linux";
    td.placementConstraints = List.of(c);
    EcsServiceSpec spec = Fixtures.service(1, 100, 200);
    spec.placementConstraints = List.of(constraint("distinctInstance", null),
        constraint("memberOf", "attribute:ecs.instance-type t2.small"),
        constraint("memberOf", "attribute:ecs.instance-type =~ t2.*"));
    assertThat(Placement.syntaxErrors(spec, td)).containsExactly(
        "taskDefinition.placementConstraints[0].expression: column 23: '=' is not an operator: use == (equals) or =~ (matches)",
        "placementConstraints[1].expression: column 29: expected an operator (==, !=, >, >=, <, <=, in, not_in, exists,"
            + " not_exists, =~ or !~) after 'attribute:ecs.instance-type', found 't2.small'");
  }

  @Test
  void translatingTwiceGivesTheSameBytes() {
    EcsServiceSpec spec = Fixtures.service(6, 100, 200);
    spec.placementConstraints = List.of(constraint("memberOf", "attribute:b in [y, x] or attribute:a == z"),
        constraint("distinctInstance", null));
    spec.placementStrategy = List.of(strategy("spread", "attribute:ecs.availability-zone"), strategy("binpack", "cpu"));
    assertThat(Serialization.asJson(pod(spec, Fixtures.taskDefinition("n"))))
        .isEqualTo(Serialization.asJson(pod(spec, Fixtures.taskDefinition("n"))));
  }

  static PodSpec pod(EcsServiceSpec spec, TaskDefinitionSpec td) {
    Deployment d = WorkloadTranslator.deployment(Fixtures.context(spec, Fixtures.revision(td, 1), null,
        CapacityProviders.strategy(spec, null).get(0), spec.desiredCount)).deployment();
    return d.getSpec().getTemplate().getSpec();
  }

  static PlacementConstraint constraint(String type, String expression) {
    PlacementConstraint c = new PlacementConstraint();
    c.type = type;
    c.expression = expression;
    return c;
  }

  static PlacementStrategy strategy(String type, String field) {
    PlacementStrategy s = new PlacementStrategy();
    s.type = type;
    s.field = field;
    return s;
  }
}
