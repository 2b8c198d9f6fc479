package dev.stevedore.api.v1alpha1;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** An ECS cluster: the scope of services, and the capacity providers (node pools) their tasks run on. */
@Group(ApiGroup.GROUP)
@Version(ApiGroup.VERSION)
@ShortNames({"ecscluster", "ecsc"})
@Categories(ApiGroup.CATEGORY)
@AdditionalPrinterColumn(name = "Status", jsonPath = ".status.status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Services", jsonPath = ".status.activeServicesCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Running", jsonPath = ".status.runningTasksCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Pending", jsonPath = ".status.pendingTasksCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Instances", jsonPath = ".status.registeredContainerInstancesCount", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class EcsCluster extends CustomResource<EcsClusterSpec, EcsClusterStatus> implements Namespaced {

  /** The ECS cluster name: spec.clusterName, else the object's name. Services and tasks refer to it. */
  public static String clusterName(EcsCluster c) {
    return c.getSpec() != null && c.getSpec().clusterName != null ? c.getSpec().clusterName : c.getMetadata().getName();
  }
}
