package dev.stevedore.translate;

import static dev.stevedore.translate.PodTemplateTranslatorTest.container;
import static dev.stevedore.translate.PodTemplateTranslatorTest.spec;
import static dev.stevedore.translate.PodTemplateTranslatorTest.translate;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.FieldReport.Disposition;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.RuntimePlatform;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.validate.ServiceValidator;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What exported ECS documents carry that a hand-written one does not: optional enums as empty strings, describe
 * output, members ECS added in 2025-26. Each is translated as ECS would run it, and reported field by field.
 */
class ExportFidelityTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void emptyOptionalEnumsTranslateAsAbsentAndAreReported() {
    TaskDefinitionSpec exported = taskWithEmptyEnums();
    TaskDefinitionSpec handWritten = spec(withPort(container("web")));

    PodTemplateTranslator.Result fromExport = translate(exported);
    PodTemplateTranslator.Result fromHand = translate(handWritten);

    assertThat(fromExport.template().getSpec()).isEqualTo(fromHand.template().getSpec());
    assertThat(fromExport.reports()).filteredOn(r -> r.reason.equals(EmptyEnumValues.REASON))
        .extracting(r -> r.field + " " + r.disposition)
        .containsExactly(
            "containerDefinitions[0].portMappings[0].appProtocol IGNORED",
            "containerDefinitions[0].portMappings[0].protocol IGNORED",
            "containerDefinitions[0].versionConsistency IGNORED",
            "ipcMode IGNORED",
            "networkMode IGNORED",
            "pidMode IGNORED",
            "runtimePlatform.operatingSystemFamily IGNORED");
  }

  @Test
  void anEmptyOperatingSystemFamilySelectsNoOperatingSystem() {
    TaskDefinitionSpec spec = spec(container("web"));
    spec.runtimePlatform = new RuntimePlatform();
    spec.runtimePlatform.operatingSystemFamily = "";

    PodSpec pod = translate(spec).template().getSpec();

    assertThat(pod.getNodeSelector()).isNullOrEmpty();
  }

  @Test
  void clearingEmptyEnumsLeavesTheGivenSpecAsItWas() {
    TaskDefinitionSpec exported = taskWithEmptyEnums();

    TaskDefinitionSpec cleared = EmptyEnumValues.cleared(exported);

    assertThat(cleared).isNotSameAs(exported);
    assertThat(cleared.pidMode).isNull();
    assertThat(exported.pidMode).isEmpty();
    assertThat(EmptyEnumValues.find(cleared)).isEmpty();
    TaskDefinitionSpec clean = spec(container("web"));
    assertThat(EmptyEnumValues.cleared(clean)).isSameAs(clean);
  }

  @Test
  void namesAreNotEnums() {
    TaskDefinitionSpec spec = spec(container("web"));
    spec.family = "";
    spec.containerDefinitions.get(0).hostname = "";

    assertThat(EmptyEnumValues.find(spec)).isEmpty();
  }

  @Test
  void anEmptyLaunchTypeUsesTheClusterDefaultAndIsReported() throws Exception {
    EcsServiceSpec service = JSON.readValue("""
        {"taskDefinition": "web", "launchType": "", "schedulingStrategy": "", "propagateTags": "",
         "availabilityZoneRebalancing": "", "deploymentConfiguration": {"strategy": ""},
         "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"], "assignPublicIp": ""}}}
        """, EcsServiceSpec.class);
    EcsClusterSpec cluster = JSON.readValue("""
        {"defaultCapacityProviderStrategy": [{"capacityProvider": "FARGATE_SPOT", "weight": 1}]}
        """, EcsClusterSpec.class);
    TaskDefinitionSpec td = spec(container("web"));
    td.requiresCompatibilities = List.of("FARGATE");

    assertThat(CapacityProviders.strategy(service, cluster)).extracting(i -> i.capacityProvider)
        .containsExactly("FARGATE_SPOT");
    assertThat(ServiceValidator.validate(service, td)).isEmpty();
    List<FieldReport> reports = WorkloadTranslator.deployment(WorkloadTranslatorTest.context(service, 1)).reports();
    assertThat(reports).filteredOn(r -> r.reason.equals(EmptyEnumValues.REASON))
        .extracting(r -> r.field)
        .containsExactly("service.availabilityZoneRebalancing", "service.deploymentConfiguration.strategy",
            "service.launchType", "service.networkConfiguration.awsvpcConfiguration.assignPublicIp",
            "service.propagateTags", "service.schedulingStrategy");
    assertThat(reports).noneMatch(r -> r.disposition == Disposition.UNSUPPORTED);
  }

  @Test
  void managedInstancesArePlacedLikeEc2() {
    EcsServiceSpec service = new EcsServiceSpec();
    service.taskDefinition = "web";
    service.launchType = "MANAGED_INSTANCES";
    TaskDefinitionSpec td = spec(container("web"));
    td.requiresCompatibilities = List.of("MANAGED_INSTANCES");

    CapacityPlacement placement = CapacityProviders.placement(
        CapacityProviders.strategy(service, null).get(0).capacityProvider, null);

    assertThat(placement.name()).isEqualTo("MANAGED_INSTANCES");
    assertThat(placement.nodeSelector()).isEqualTo(CapacityProviders.builtIn(CapacityProviders.EC2).nodeSelector());
    assertThat(placement.tolerations()).isEqualTo(CapacityProviders.builtIn(CapacityProviders.EC2).tolerations());
    assertThat(ServiceValidator.validate(service, td)).isEmpty();
    td.requiresCompatibilities = List.of("FARGATE");
    assertThat(ServiceValidator.validate(service, td)).extracting(i -> i.message())
        .containsExactly("Task definition does not support launch_type MANAGED_INSTANCES.");
  }

  @Test
  void serviceMembersOf2025AndDescribeOutputAreReportedFieldByField() throws Exception {
    EcsServiceSpec service = JSON.readValue("""
        {"taskDefinition": "web", "desiredCount": 2,
         "serviceArn": "arn:aws:ecs:us-east-1:1:service/prod/web", "clusterArn": "arn:aws:ecs:us-east-1:1:cluster/prod",
         "status": "ACTIVE", "runningCount": 2, "pendingCount": 0, "platformFamily": "Linux",
         "createdAt": "2025-11-02T10:00:00Z", "createdBy": "arn:aws:iam::1:role/deployer",
         "resourceManagementType": "CUSTOMER", "events": [{"id": "1", "message": "steady"}],
         "deployments": [{"id": "ecs-svc/1", "status": "PRIMARY"}],
         "loadBalancers": [{"targetGroupArn": "arn:tg/blue", "containerName": "web", "containerPort": 80,
           "advancedConfiguration": {"alternateTargetGroupArn": "arn:tg/green", "productionListenerRule": "arn:rule",
             "roleArn": "arn:role"}}],
         "deploymentConfiguration": {"strategy": "BLUE_GREEN", "bakeTimeInMinutes": 5,
           "earlySuccessCriteria": {"enable": true}},
         "monitoring": {"metricConfigurations": []},
         "gatewayConnectors": [{"portName": "http"}]}
        """, EcsServiceSpec.class);

    List<FieldReport> reports = WorkloadTranslator.deployment(WorkloadTranslatorTest.context(service, 2)).reports();

    assertThat(reports).extracting(r -> r.field + " " + r.disposition).contains(
        "service.serviceArn IGNORED", "service.clusterArn IGNORED", "service.status IGNORED",
        "service.runningCount IGNORED", "service.pendingCount IGNORED", "service.platformFamily IGNORED",
        "service.createdAt IGNORED", "service.createdBy IGNORED", "service.resourceManagementType IGNORED",
        "service.events IGNORED", "service.deployments IGNORED",
        "service.loadBalancers[0].advancedConfiguration UNSUPPORTED",
        "service.deploymentConfiguration.strategy UNSUPPORTED", "service.deploymentConfiguration UNSUPPORTED",
        "service.monitoring UNSUPPORTED", "service.gatewayConnectors UNSUPPORTED");
  }

  @Test
  void taskDefinitionMembersOf2025AreReported() throws Exception {
    TaskDefinitionSpec spec = JSON.readValue("""
        {"family": "web", "deleteRequestedAt": "2026-01-01T00:00:00Z",
         "trustedExecutionConfiguration": {"isolationMode": "X"},
         "volumes": [{"name": "data", "s3filesVolumeConfiguration": {"fileSystemArn": "arn:s3files"}}],
         "containerDefinitions": [{"name": "web", "image": "web:1", "memory": 512,
           "resourceRequirements": [{"type": "GPU", "value": "1", "sharingStrategy": {"nvidiaMps": {"memory": 1}}},
                                    {"type": "NeuronDevice", "value": "1"}]}]}
        """, TaskDefinitionSpec.class);

    PodTemplateTranslator.Result result = translate(spec);

    assertThat(result.reports()).extracting(r -> r.field + " " + r.disposition).contains(
        "deleteRequestedAt IGNORED", "trustedExecutionConfiguration UNSUPPORTED",
        "volumes[0].s3filesVolumeConfiguration UNSUPPORTED",
        "containerDefinitions[0].resourceRequirements[0].sharingStrategy UNSUPPORTED",
        "containerDefinitions[0].resourceRequirements[1] UNSUPPORTED");
    assertThat(result.reports()).filteredOn(r -> r.field.equals("containerDefinitions[0].resourceRequirements[1]"))
        .extracting(r -> r.reason).noneMatch(reason -> reason.contains("Elastic Inference"));
  }

  private static TaskDefinitionSpec taskWithEmptyEnums() {
    ContainerDefinition web = withPort(container("web"));
    web.versionConsistency = "";
    web.portMappings.get(0).protocol = "";
    web.portMappings.get(0).appProtocol = "";
    TaskDefinitionSpec spec = spec(web);
    spec.pidMode = "";
    spec.ipcMode = "";
    spec.networkMode = "";
    spec.runtimePlatform = new RuntimePlatform();
    spec.runtimePlatform.operatingSystemFamily = "";
    return spec;
  }

  private static ContainerDefinition withPort(ContainerDefinition c) {
    PortMapping port = new PortMapping();
    port.containerPort = 8080;
    c.portMappings = new java.util.ArrayList<>(List.of(port));
    return c;
  }
}
