package dev.stevedore.corpus;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The corpus documents that must not run, where they are stopped and with which message. Every other document
 * must load, translate and be admitted by the API server. The messages are the ones a user would read; a test
 * that finds a different one has found a regression (or a better message, to be pinned here).
 */
final class CorpusOutcomes {
  /** Where a document is stopped. */
  enum Stage {
    LOADER("the loader"), API_SERVER("the API server");

    private final String displayName;

    Stage(String displayName) {
      this.displayName = displayName;
    }

    @Override
    public String toString() {
      return displayName;
    }
  }

  /** Why it is stopped. */
  enum Reason {
    /** ECS itself would refuse the document (an invalid or unrendered one). */
    ECS_WOULD_REJECT,
    /** A CloudFormation fragment whose required values are references only its stack can resolve. */
    NEEDS_CLOUDFORMATION_STACK
  }

  /**
   * @param stage the loader or the API server
   * @param reason why the document cannot run
   * @param message a part of the rejection message that names the problem
   */
  record ExpectedRejection(Stage stage, Reason reason, String message) {}

  private static final Map<String, ExpectedRejection> REJECTIONS = Map.ofEntries(
      // Unrendered {{...}} templates: the values ECS validates (role ARNs, networkMode, subnets, the deployment
      // controller) are still placeholders.
      loader("taskdefs/aws-samples__amazon-cloudwatch-container-insights__cwagent-daemon-host-volumes.json",
          "unrendered template: {{...}} placeholders at taskRoleArn ({{task-role-arn}})"),
      loader("taskdefs/aws-samples__amazon-cloudwatch-container-insights__cwagent-prometheus.json",
          "networkMode ({{networkmode}})"),
      loader("taskdefs/kayac__ecspresso__ci-daemon-host-network.json",
          "unrendered template: {{...}} placeholders at containerDefinitions[0].secrets[1].valueFrom"),
      loader("taskdefs/kayac__ecspresso__ci-fargate-secrets-ebs.json",
          "containerDefinitions[0].image ({{ env `NGINX_VERSION` `latest` }})"),
      loader("services/kayac__ecspresso__ci-capacity-provider-ebs.json",
          "deploymentController.type ({{ env `DEPLOYMENT_CONTROLLER` `ECS` }})"),
      loader("services/kayac__ecspresso__ec2-awsvpc-circuit-breaker.json",
          "networkConfiguration.awsvpcConfiguration.subnets[0] ({{ tfstate `aws_subnet.private-a.id` }})"),

      needsStack("taskdefs/awsdocs__aws-cloudformation-user-guide__cfn-doc-taskdef-volumesfrom.json",
          "containerDefinitions[0].name: the intrinsic function {\"Ref\":\"AppName\"} cannot be resolved"),
      needsStack("services/aws-cloudformation__aws-cloudformation-templates__cfn-ec2-public-service.json",
          "taskDefinition: the intrinsic function {\"Ref\":\"TaskDefinition\"} cannot be resolved"),
      needsStack("services/aws-cloudformation__aws-cloudformation-templates__cfn-fargate-private-subnet-service.json",
          "networkConfiguration.awsvpcConfiguration.subnets: every element (the intrinsic function Fn::ImportValue"),
      needsStack("services/aws-samples__amazon-cloudwatch-container-insights__cfn-cwagent-daemon.json",
          "taskDefinition: the intrinsic function {\"Ref\":\"ECSTaskDefinition\"} cannot be resolved"),
      needsStack("services/awsdocs__aws-cloudformation-user-guide__cfn-doc-placement-binpack-distinct.json",
          "taskDefinition: the intrinsic function {\"Ref\":\"taskdefinition\"} cannot be resolved"),

      apiServer("taskdefs/aws-samples__aws-containers-task-definitions__kibana-awsvpc-hostport-mismatch.json",
          "with the awsvpc and host network modes, portMappings.hostPort must be omitted or equal to containerPort"),
      // A skeleton: the empty strings and zeros fail the schema first, so the API server never gets to its CEL rules
      // (such as "the none network mode allows no portMappings").
      apiServer("taskdefs/awsdocs__amazon-ecs-developer-guide__task-definition-template-all-fields.json",
          "spec.containerDefinitions[0].name: Invalid value: \"\": spec.containerDefinitions[0].name in body should be at least 1 chars long"),
      // The containers mount "fsx-windows-dir", the volume is named "fsx-windows-vol".
      apiServer("taskdefs/awsdocs__amazon-ecs-developer-guide__fsx-windows-volume.json",
          "mountPoints.sourceVolume must name a volume of this task definition"),
      // A skeleton: empty strings where ECS needs names. (Its describe-output member platformFamily is accepted
      // and reported as read-only; the skeleton also sets both launchType and capacityProviderStrategy.)
      apiServer("services/awsdocs__amazon-ecs-developer-guide__service-definition-template.json",
          "spec.cluster: Invalid value: \"\": spec.cluster in body should be at least 1 chars long"),
      // A skeleton: empty strings where ECS needs names.
      apiServer("services/awsdocs__amazon-ecs-developer-guide__external-controller-skeleton.json",
          "spec.cluster: Invalid value: \"\": spec.cluster in body should be at least 1 chars long"),
      // ecspresso adds serviceName and taskDefinition from its own configuration; as documents they lack them.
      apiServer("services/kayac__ecspresso__daemon-minimal.json",
          "taskDefinition is required (family, family:revision or task definition ARN)"),
      apiServer("services/kayac__ecspresso__alarms-circuit-breaker.json",
          "taskDefinition is required (family, family:revision or task definition ARN)"));

  private CorpusOutcomes() {}

  /** The rejection a document must meet, or empty when it must be admitted. */
  static Optional<ExpectedRejection> rejection(CorpusDocument document) {
    return Optional.ofNullable(REJECTIONS.get(document.path()));
  }

  static Set<String> documentsWithRejections() {
    return REJECTIONS.keySet();
  }

  private static Map.Entry<String, ExpectedRejection> loader(String document, String message) {
    return Map.entry(document, new ExpectedRejection(Stage.LOADER, Reason.ECS_WOULD_REJECT, message));
  }

  private static Map.Entry<String, ExpectedRejection> needsStack(String document, String message) {
    return Map.entry(document, new ExpectedRejection(Stage.LOADER, Reason.NEEDS_CLOUDFORMATION_STACK, message));
  }

  private static Map.Entry<String, ExpectedRejection> apiServer(String document, String message) {
    return Map.entry(document, new ExpectedRejection(Stage.API_SERVER, Reason.ECS_WOULD_REJECT, message));
  }
}
