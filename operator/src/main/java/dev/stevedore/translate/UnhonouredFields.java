package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.LinuxParameters;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;

/** The report of ECS fields the pod template does not carry over, or carries over only in part. */
final class UnhonouredFields {
  private static final String ASSIGNED_BY_STEVEDORE =
      "read-only field of an exported task definition: Stevedore assigns its own";

  private UnhonouredFields() {}

  /** What describe-task-definition adds to a document, which a user may apply as exported. */
  static void reportReadOnly(TaskDefinitionSpec spec, TranslationReport report) {
    ignoreIfSet(spec.taskDefinitionArn, "taskDefinitionArn", report);
    ignoreIfSet(spec.revision, "revision", report);
    ignoreIfSet(spec.status, "status", report);
    ignoreIfSet(spec.requiresAttributes, "requiresAttributes", report);
    ignoreIfSet(spec.compatibilities, "compatibilities", report);
    ignoreIfSet(spec.registeredAt, "registeredAt", report);
    ignoreIfSet(spec.deregisteredAt, "deregisteredAt", report);
    ignoreIfSet(spec.registeredBy, "registeredBy", report);
    ignoreIfSet(spec.deleteRequestedAt, "deleteRequestedAt", report);
    if (spec.executionRoleArn != null) {
      report.ignored("executionRoleArn", "the agent's role: images are pulled with imagePullSecrets and secrets read from Kubernetes Secrets");
    }
  }

  private static void ignoreIfSet(Object value, String field, TranslationReport report) {
    if (value != null) {
      report.ignored(field, ASSIGNED_BY_STEVEDORE);
    }
  }

  static void reportTask(TaskDefinitionSpec spec, PodTemplateTranslator.Options options, TranslationReport report) {
    if (spec.proxyConfiguration != null) {
      report.unsupported("proxyConfiguration", "App Mesh proxy injection is not provided; the proxy container runs as an ordinary container");
    }
    if (spec.taskRoleArn != null && options.serviceAccountName() == null) {
      report.ignored("taskRoleArn", "task role binding is switched off in the operator's settings");
    }
    if (spec.trustedExecutionConfiguration != null) {
      report.unsupported("trustedExecutionConfiguration", "trusted execution environments are not provided");
    }
    if (Boolean.TRUE.equals(spec.enableFaultInjection)) {
      report.unsupported("enableFaultInjection", "ECS fault injection endpoints do not exist on Kubernetes");
    }
  }

  /**
   * A container's fields that Kubernetes has no place for, or honours only in part.
   *
   * @param terminationGracePeriod the pod's, which every container gets whatever its own stop timeout
   */
  static void reportContainer(ContainerDefinition c, String path, ContainerOrdering.Role role,
      int terminationGracePeriod, TranslationReport report) {
    LinuxParameters linux = c.linuxParameters;
    if (linux != null) {
      if (linux.devices != null && !linux.devices.isEmpty()) {
        report.unsupported(path + ".linuxParameters.devices", "host devices need a device plugin, CDI or DRA");
      }
      if (Boolean.TRUE.equals(linux.initProcessEnabled)) {
        report.unsupported(path + ".linuxParameters.initProcessEnabled", "no per-container init process in Kubernetes");
      }
      if (linux.maxSwap != null || linux.swappiness != null) {
        report.unsupported(path + ".linuxParameters.maxSwap", "swap is configured per node in Kubernetes");
      }
    }
    if (c.ulimits != null && !c.ulimits.isEmpty()) {
      report.unsupported(path + ".ulimits", "Kubernetes has no per-container ulimits; the runtime's defaults apply");
    }
    if (c.firelensConfiguration != null) {
      report.approximated(path + ".firelensConfiguration", "runs as an ordinary container; routing other containers' logs through it needs a node log agent");
    }
    if (Boolean.TRUE.equals(c.disableNetworking)) {
      report.unsupported(path + ".disableNetworking", "the containers of a pod share one network namespace");
    }
    if (c.startTimeout != null) {
      report.unsupported(path + ".startTimeout", "Kubernetes waits for init containers without a deadline");
    }
    if (c.restartPolicy != null && Boolean.TRUE.equals(c.restartPolicy.enabled)) {
      report.approximated(path + ".restartPolicy", "Kubernetes restarts every container in place;"
          + " ignoredExitCodes and restartAttemptPeriod are not honoured");
    }
    if (c.credentialSpecs != null && !c.credentialSpecs.isEmpty()) {
      report.unsupported(path + ".credentialSpecs", "gMSA credential specs need Windows nodes with a webhook");
    }
    if ("enabled".equals(c.versionConsistency) && !c.image.contains("@sha256:")) {
      report.approximated(path + ".versionConsistency", "image tags are not resolved to digests; pin a digest for"
          + " identical images across a deployment");
    }
    if (!TaskTranslation.isEssential(c) && role != ContainerOrdering.Role.INIT) {
      report.approximated(path + ".essential", "a non-essential container that exits is restarted by Kubernetes,"
          + " and the task is not Ready while it restarts");
    }
    if (c.stopTimeout != null && c.stopTimeout != terminationGracePeriod) {
      report.approximated(path + ".stopTimeout", "Kubernetes has one grace period per pod: every container gets "
          + terminationGracePeriod + " s");
    }
    if (c.dependsOn != null) {
      for (int i = 0; i < c.dependsOn.size(); i++) {
        if ("COMPLETE".equals(c.dependsOn.get(i).condition)) {
          report.approximated(path + ".dependsOn[" + i + "]", "COMPLETE becomes an init container, which must exit 0 (like SUCCESS)");
        }
      }
    }
  }
}
