package dev.stevedore.translate.task;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.PreDeployTask;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The EcsTask that runs a service's pre-deploy task (a Stevedore extension) before one deployment: RunTask's request
 * on the service's cluster and capacity, the task definition the extension names or else the deployment's own
 * revision, and the deployment id as startedBy. Pure and deterministic: the same deployment always gives the same
 * object and name, so the gate finds the task it started, and never starts a second one.
 */
public final class PreDeployTaskTranslator {
  private PreDeployTaskTranslator() {}

  /**
   * What the task runs for.
   *
   * @param service the EcsService; its spec.preDeployTask is set
   * @param clusterName the ECS cluster the service runs in
   * @param deploymentId the deployment (ecs-svc/...) the task gates
   * @param taskDefinitionArn the deployment's task definition revision
   * @param revision that revision's number, for a readable name
   */
  public record Deployment(EcsService service, String clusterName, String deploymentId, String taskDefinitionArn,
                           int revision) {}

  /**
   * {@code <service>-predeploy-<revision>-<6 hex digits of the deployment id>}: the revision for people, the digest
   * for uniqueness (another family's revision of the same number, a forced new deployment). At most 63 characters,
   * so the task's pods and labels need no further shortening.
   */
  public static String name(String serviceObjectName, int revision, String deploymentId) {
    return Names.dnsLabel(serviceObjectName + "-predeploy-" + revision + "-" + Names.hash(deploymentId).substring(0, 6));
  }

  public static EcsTask translate(Deployment d) {
    EcsService service = d.service();
    EcsServiceSpec serviceSpec = service.getSpec();
    PreDeployTask preDeploy = serviceSpec.preDeployTask;
    EcsTaskSpec spec = new EcsTaskSpec();
    spec.cluster = d.clusterName();
    spec.taskDefinition = preDeploy.taskDefinition != null ? preDeploy.taskDefinition : d.taskDefinitionArn();
    spec.count = 1;
    spec.launchType = launchType(serviceSpec.launchType);
    spec.capacityProviderStrategy = serviceSpec.capacityProviderStrategy == null
        || serviceSpec.capacityProviderStrategy.isEmpty() ? null : copy(serviceSpec.capacityProviderStrategy);
    spec.overrides = preDeploy.overrides == null ? null : Serialization.clone(preDeploy.overrides);
    spec.startedBy = d.deploymentId();

    EcsTask task = new EcsTask();
    String serviceName = service.getMetadata().getName();
    task.getMetadata().setName(name(serviceName, d.revision(), d.deploymentId()));
    task.getMetadata().setNamespace(service.getMetadata().getNamespace());
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.SERVICE, Names.labelValue(serviceName));
    labels.put(Labels.INSTANCE, Names.labelValue(serviceName));
    task.getMetadata().setLabels(labels);
    task.setSpec(spec);
    return task;
  }

  /** An EcsTask runs on EC2, FARGATE or EXTERNAL capacity; MANAGED_INSTANCES places like EC2, as for the service. */
  private static String launchType(String serviceLaunchType) {
    if (serviceLaunchType == null || serviceLaunchType.isEmpty()) {
      return null;
    }
    return "MANAGED_INSTANCES".equals(serviceLaunchType) ? "EC2" : serviceLaunchType;
  }

  private static List<CapacityProviderStrategyItem> copy(List<CapacityProviderStrategyItem> items) {
    return items.stream().map(Serialization::clone).toList();
  }
}
