package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.LoadBalancer;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One Kubernetes Service per target group of a service's loadBalancers: what a load balancer in front of the
 * service reaches, the way ECS registers the tasks' containerName:containerPort in each target group. Pure. The
 * Service's type comes from the EcsService's {@code ecs.stevedore.dev/load-balancer-type} annotation: ClusterIP
 * (default, for an Ingress or Gateway in front), NodePort, or LoadBalancer (a cloud load balancer per target group).
 * The service's own ClusterIP Service (all its ports) is made besides, as before.
 */
public final class TargetGroupServices {
  public static final Set<String> TYPES = Set.of("ClusterIP", "NodePort", "LoadBalancer");

  private TargetGroupServices() {}

  /**
   * @param serviceObjectName the EcsService's metadata.name
   * @param type the annotation's value, or null for ClusterIP; anything else is treated as ClusterIP
   */
  public static List<Service> services(String serviceObjectName, String namespace, String clusterName,
      EcsServiceSpec spec, String type) {
    if (spec.loadBalancers == null || spec.loadBalancers.isEmpty()) {
      return List.of();
    }
    String serviceType = type != null && TYPES.contains(type) ? type : "ClusterIP";
    Map<String, Service> byName = new LinkedHashMap<>();
    for (LoadBalancer lb : spec.loadBalancers) {
      String name = serviceName(serviceObjectName, lb);
      if (name == null) {
        continue;
      }
      Map<String, String> labels = new TreeMap<>(WorkloadTranslator.serviceSelector(serviceObjectName));
      labels.put(Labels.INSTANCE, Names.labelValue(serviceObjectName));
      labels.put(Labels.CLUSTER, Names.labelValue(clusterName));
      byName.putIfAbsent(name, new ServiceBuilder()
          .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels)
          .withAnnotations(Map.of(Labels.TARGET_GROUP_ANNOTATION, lb.targetGroupArn != null ? lb.targetGroupArn
              : lb.loadBalancerName))
          .endMetadata()
          .withNewSpec()
          .withType(serviceType)
          .withSelector(WorkloadTranslator.serviceSelector(serviceObjectName))
          .addNewPort().withName("tcp-" + lb.containerPort).withPort(lb.containerPort)
          .withTargetPort(new IntOrString(lb.containerPort)).withProtocol("TCP").endPort()
          .endSpec()
          .build());
    }
    return new ArrayList<>(byName.values());
  }

  /**
   * The name of the Kubernetes Service made for one load balancer entry: {@code <service>-<target group name>}; null
   * when the entry names no container port or neither a target group nor a classic load balancer.
   */
  public static String serviceName(String serviceObjectName, LoadBalancer lb) {
    if (lb.containerPort == null || lb.containerPort <= 0) {
      return null;
    }
    String group = targetGroupName(lb);
    return group == null ? null : Names.dns1035Label(serviceObjectName + "-" + group);
  }

  /** targetgroup/NAME/id of a target group ARN, or a classic load balancer's name; null when neither is given. */
  static String targetGroupName(LoadBalancer lb) {
    if (lb.targetGroupArn != null && !lb.targetGroupArn.isEmpty()) {
      int at = lb.targetGroupArn.indexOf(":targetgroup/");
      if (at >= 0) {
        String rest = lb.targetGroupArn.substring(at + ":targetgroup/".length());
        int slash = rest.indexOf('/');
        return (slash < 0 ? rest : rest.substring(0, slash)).toLowerCase(Locale.ROOT);
      }
      return Names.hash(lb.targetGroupArn);
    }
    return lb.loadBalancerName == null || lb.loadBalancerName.isEmpty() ? null
        : lb.loadBalancerName.toLowerCase(Locale.ROOT);
  }
}
