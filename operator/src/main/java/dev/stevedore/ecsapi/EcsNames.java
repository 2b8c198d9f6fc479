package dev.stevedore.ecsapi;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsTask;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.naming.Arns;

/**
 * The ECS names of Stevedore's resources, and what the names and ARNs in a request mean: the same rules as the
 * reconcilers (spec names win, else the object's name; an omitted cluster is "default").
 */
public final class EcsNames {
  private EcsNames() {}

  public static String clusterOf(EcsService service) {
    return Arns.clusterName(service.getSpec() == null ? null : service.getSpec().cluster);
  }

  public static String clusterOf(EcsTask task) {
    return Arns.clusterName(task.getSpec() == null ? null : task.getSpec().cluster);
  }

  public static String serviceName(EcsService service) {
    String name = service.getSpec() == null ? null : service.getSpec().serviceName;
    return name == null || name.isEmpty() ? service.getMetadata().getName() : name;
  }

  public static String family(TaskDefinition taskDefinition) {
    String family = taskDefinition.getSpec() == null ? null : taskDefinition.getSpec().family;
    return family == null || family.isEmpty() ? taskDefinition.getMetadata().getName() : family;
  }

  /** The cluster a request names: a name or an ARN; "default" when it names none. */
  public static String cluster(String nameOrArn) {
    return Arns.clusterName(nameOrArn);
  }

  /**
   * A service reference: a name, or an ARN service/CLUSTER/NAME (or the legacy service/NAME). A full ARN of another
   * cluster than the request's is refused as ECS refuses it.
   */
  public static String service(String nameOrArn, String clusterName) {
    if (nameOrArn == null || nameOrArn.isEmpty()) {
      throw EcsApiException.invalidParameter("Service name or ARN is required.");
    }
    if (!nameOrArn.startsWith("arn:")) {
      return nameOrArn;
    }
    int at = nameOrArn.indexOf(":service/");
    if (at < 0) {
      throw EcsApiException.invalidParameter("Invalid service ARN: " + nameOrArn);
    }
    String[] parts = nameOrArn.substring(at + ":service/".length()).split("/");
    if (parts.length == 2 && !parts[0].equals(clusterName)) {
      throw EcsApiException.invalidParameter("The service ARN's cluster " + parts[0]
          + " does not match the cluster of the request, " + clusterName + ".");
    }
    return parts[parts.length - 1];
  }

  /** The task id an ARN task/CLUSTER/ID (or a bare id) names. */
  public static String taskId(String arnOrId) {
    int slash = arnOrId.lastIndexOf('/');
    return slash < 0 ? arnOrId : arnOrId.substring(slash + 1);
  }
}
