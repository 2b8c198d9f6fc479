package dev.stevedore.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.ecsjson.DocumentFormat;
import dev.stevedore.ecsjson.EcsJsonLoader;
import dev.stevedore.ecsjson.LoadNote;
import dev.stevedore.ecsjson.LoadResult;
import io.fabric8.kubernetes.api.model.IntOrString;
import org.junit.jupiter.api.Test;

/**
 * The dialects and normalisation rules of the loader on small documents of its own, for the cases the corpus
 * does not reach: every CloudFormation document of the corpus needs its stack, so none of them loads.
 */
class EcsJsonDialectsTest {

  @Test
  void cloudFormationPropertiesAreReadAsTheApiTheyStandFor() {
    LoadResult<TaskDefinitionSpec> result = EcsJsonLoader.taskDefinition("""
        {
          "Family": "web",
          "Cpu": "256",
          "ProxyConfiguration": {"ContainerName": "app", "ProxyConfigurationProperties": [{"Name": "AppPorts", "Value": 8080}]},
          "ContainerDefinitions": [{
            "Name": "app", "Image": "nginx", "Memory": "500", "Essential": "False",
            "DockerLabels": {"Team": "web"},
            "MountPoints": [{"SourceVolume": "data", "ContainerPath": "/data"}]
          }],
          "Volumes": [{"Name": "data", "EFSVolumeConfiguration": {"FilesystemId": "fs-1", "TransitEncryption": "ENABLED",
              "AuthorizationConfig": {"IAM": "ENABLED"}}}]
        }""");

    assertThat(result.rejection()).isNull();
    assertThat(result.format()).isEqualTo(DocumentFormat.CLOUDFORMATION);
    TaskDefinitionSpec spec = result.spec();
    assertThat(spec.family).isEqualTo("web");
    assertThat(spec.cpu).isEqualTo(new IntOrString("256"));
    assertThat(spec.proxyConfiguration.properties.get(0).value).isEqualTo("8080");
    assertThat(spec.containerDefinitions.get(0).memory).isEqualTo(500);
    assertThat(spec.containerDefinitions.get(0).essential).isFalse();
    assertThat(spec.containerDefinitions.get(0).dockerLabels).containsEntry("Team", "web");
    assertThat(spec.volumes.get(0).efsVolumeConfiguration.fileSystemId).isEqualTo("fs-1");
    assertThat(spec.volumes.get(0).efsVolumeConfiguration.authorizationConfig.iam).isEqualTo("ENABLED");
    assertThat(result.notes()).extracting(LoadNote::toString).containsExactly(
        "CloudFormation property names read as the ECS API's member names",
        "proxyConfiguration.properties: read from the CloudFormation property ProxyConfigurationProperties",
        "proxyConfiguration.properties[0].value: the number 8080 read as the string \"8080\"",
        "containerDefinitions[0].memory: the string \"500\" read as the number 500",
        "containerDefinitions[0].essential: the string \"False\" read as the boolean false",
        "volumes[0].efsVolumeConfiguration: read from the CloudFormation property EFSVolumeConfiguration",
        "volumes[0].efsVolumeConfiguration.fileSystemId: read from the CloudFormation property FilesystemId",
        "volumes[0].efsVolumeConfiguration.authorizationConfig.iam: read from the CloudFormation property IAM");
  }

  @Test
  void anOptionalValueOnlyTheStackCanResolveIsDroppedAndNoted() {
    LoadResult<TaskDefinitionSpec> result = EcsJsonLoader.taskDefinition("""
        {"Type": "AWS::ECS::TaskDefinition", "DependsOn": "Role", "Properties": {
          "TaskRoleArn": {"Fn::GetAtt": ["Role", "Arn"]},
          "ContainerDefinitions": [{"Name": "app", "Image": "nginx",
            "Environment": [{"Name": "DB", "Value": "{{resolve:ssm:/db/host}}"}],
            "Links": [{"Ref": "Other"}, "db"]}]}}""");

    assertThat(result.rejection()).isNull();
    assertThat(result.spec().taskRoleArn).isNull();
    assertThat(result.spec().containerDefinitions.get(0).environment.get(0).value).isNull();
    assertThat(result.spec().containerDefinitions.get(0).links).containsExactly("db");
    assertThat(result.notes()).extracting(LoadNote::toString).containsExactly(
        "ignored the CloudFormation resource attribute DependsOn",
        "read the Properties of an AWS::ECS::TaskDefinition resource, CloudFormation property names as the ECS API's member names",
        "taskRoleArn: dropped the intrinsic function Fn::GetAtt: it cannot be resolved outside a CloudFormation stack",
        "containerDefinitions[0].environment[0].value: dropped the dynamic reference \"{{resolve:ssm:/db/host}}\":"
            + " it cannot be resolved outside a CloudFormation stack",
        "containerDefinitions[0].links[0]: dropped the intrinsic function {\"Ref\":\"Other\"}:"
            + " it cannot be resolved outside a CloudFormation stack");
  }

  @Test
  void aRequiredValueOnlyTheStackCanResolveRejectsTheDocument() {
    LoadResult<TaskDefinitionSpec> result = EcsJsonLoader.taskDefinition("""
        {"ContainerDefinitions": [{"Name": "app", "Image": {"Fn::Sub": "${Repo}:latest"}}]}""");

    assertThat(result.isLoaded()).isFalse();
    assertThat(result.format()).isEqualTo(DocumentFormat.CLOUDFORMATION);
    assertThat(result.rejection()).isEqualTo("containerDefinitions[0].image: the intrinsic function Fn::Sub cannot be"
        + " resolved outside a CloudFormation stack, and this field needs a value");
  }

  @Test
  void aCloudFormationServiceKeepsItsFreeFormContentAndLosesStackOnlyProperties() {
    LoadResult<EcsServiceSpec> result = EcsJsonLoader.service("""
        {"TaskDefinition": "web:3", "DesiredCount": "2",
         "PlacementStrategies": [{"Type": "spread", "Field": "host"}],
         "ForceNewDeployment": {"EnableForceNewDeployment": true},
         "ServiceConnectConfiguration": {"Enabled": true,
           "LogConfiguration": {"LogDriver": "awslogs", "Options": {"awslogs-group": "sc", "Mode": "non-blocking"}}}}""");

    assertThat(result.rejection()).isNull();
    EcsServiceSpec spec = result.spec();
    assertThat(spec.desiredCount).isEqualTo(2);
    assertThat(spec.placementStrategy.get(0).field).isEqualTo("host");
    assertThat(spec.serviceConnectConfiguration.getValue()).hasToString(
        "{enabled=true, logConfiguration={logDriver=awslogs, options={awslogs-group=sc, Mode=non-blocking}}}");
    assertThat(result.notes()).extracting(LoadNote::toString).contains(
        "placementStrategy: read from the CloudFormation property PlacementStrategies",
        "ForceNewDeployment: dropped: a CloudFormation-only property with no ECS API member");
  }

  @Test
  void aDescribedServiceBecomesCreateServicesRequest() {
    LoadResult<EcsServiceSpec> result = EcsJsonLoader.service("""
        {"services": [{"serviceArn": "arn:aws:ecs:us-east-1:1:service/prod/web", "serviceName": "web",
          "clusterArn": "arn:aws:ecs:us-east-1:1:cluster/prod", "taskDefinition": "web:3", "desiredCount": 2,
          "runningCount": 2, "status": "ACTIVE", "deployments": [], "roleArn": "arn:aws:iam::1:role/ecs"}],
         "failures": []}""");

    assertThat(result.rejection()).isNull();
    assertThat(result.format()).isEqualTo(DocumentFormat.DESCRIBE_OUTPUT);
    assertThat(result.spec().cluster).isEqualTo("arn:aws:ecs:us-east-1:1:cluster/prod");
    assertThat(result.spec().role).isEqualTo("arn:aws:iam::1:role/ecs");
    assertThat(result.notes()).extracting(LoadNote::toString).containsExactly(
        "read the single service of a DescribeServices output",
        "serviceArn: dropped: read-only state of the running service",
        "cluster: read from the output's clusterArn",
        "runningCount: dropped: read-only state of the running service",
        "status: dropped: read-only state of the running service",
        "deployments: dropped: read-only state of the running service",
        "role: read from the output's roleArn");
  }

  @Test
  void aServiceCutOutOfADescribeOutputIsRecognisedByItsArn() {
    LoadResult<EcsServiceSpec> result = EcsJsonLoader.service("""
        {"serviceArn": "arn:aws:ecs:us-east-1:1:service/prod/web", "serviceName": "web", "taskDefinition": "web:3",
         "platformFamily": "LINUX", "events": [{"message": "(service web) has reached a steady state."}]}""");

    assertThat(result.rejection()).isNull();
    assertThat(result.format()).isEqualTo(DocumentFormat.DESCRIBE_OUTPUT);
    assertThat(result.notes()).extracting(LoadNote::toString).containsExactly(
        "read as a service printed by DescribeServices, since it has a serviceArn",
        "serviceArn: dropped: read-only state of the running service",
        "platformFamily: dropped: read-only state of the running service",
        "events: dropped: read-only state of the running service");
  }

  @Test
  void aDescribeOutputWithSeveralServicesIsRefused() {
    assertThat(EcsJsonLoader.service("{\"services\": [{\"serviceName\": \"a\"}, {\"serviceName\": \"b\"}]}").rejection())
        .isEqualTo("services: a document holds one service, this DescribeServices output holds 2 services");
  }

  @Test
  void unknownFieldsWrongTypesAndMissingRequiredMembersAreRefusedTogether() {
    LoadResult<TaskDefinitionSpec> result = EcsJsonLoader.taskDefinition("""
        {"family": "web", "containerDefinitions": [{"name": "app", "essential": "true", "memroy": 512}]}""");

    assertThat(result.format()).isEqualTo(DocumentFormat.ECS_API);
    assertThat(result.rejection()).isEqualTo(
        "containerDefinitions[0].essential: expected true or false, found the string \"true\"; "
            + "containerDefinitions[0].memroy: unknown field: the ECS ContainerDefinition has no member \"memroy\"; "
            + "containerDefinitions[0].image: required, but missing");
  }

  @Test
  void aNullMemberIsLeftOutButANullElementIsRefused() {
    assertThat(EcsJsonLoader.taskDefinition("""
        {"family": "web", "taskRoleArn": null, "containerDefinitions": [{"name": "app", "image": "nginx"}]}""")
        .spec().taskRoleArn).isNull();
    assertThat(EcsJsonLoader.taskDefinition("""
        {"containerDefinitions": [{"name": "app", "image": null, "links": [null]}]}""").rejection())
        .isEqualTo("containerDefinitions[0].links[0]: expected a value, found null; "
            + "containerDefinitions[0].image: required, but missing");
  }

  @Test
  void aDocumentMixingBothSpellingsIsRefused() {
    assertThat(EcsJsonLoader.taskDefinition("{\"Family\": \"web\", \"containerDefinitions\": []}").rejection())
        .isEqualTo("the document mixes CloudFormation property names (Family) with ECS API member names"
            + " (containerDefinitions); use one or the other");
  }

  @Test
  void textThatIsNotOneJsonObjectIsRefusedWithoutAnException() {
    assertThat(EcsJsonLoader.taskDefinition("{\"family\": ").rejection()).startsWith("not valid JSON: ");
    assertThat(EcsJsonLoader.taskDefinition("{\"family\": \"a\", \"family\": \"b\"}").rejection())
        .startsWith("not valid JSON: Duplicate field 'family'");
    assertThat(EcsJsonLoader.taskDefinition("{} {}").rejection()).startsWith("not valid JSON: ");
    assertThat(EcsJsonLoader.taskDefinition("[]").rejection()).isEqualTo("a task definition document is a JSON object, found the list []");
    assertThat(EcsJsonLoader.service("").rejection()).isEqualTo("the document is empty");
  }

  @Test
  void anUnrenderedTemplateIsRefusedWithEveryPlaceholder() {
    assertThat(EcsJsonLoader.service("{\"taskDefinition\": \"web\", \"cluster\": \"{{ .Cluster }}\", \"{{ .Key }}\": 1}")
        .rejection()).isEqualTo("the document is an unrendered template: {{...}} placeholders at cluster ({{ .Cluster }}),"
            + " {{ .Key }} ({{ .Key }}); render the template first");
  }
}
