package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.LoadBalancer;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How ECS registers a service's tasks in its target groups, done by the AWS Load Balancer Controller: one
 * TargetGroupBinding (elbv2.k8s.aws/v1beta1) per target group, pointing the target group at the Kubernetes Service
 * {@link TargetGroupServices} makes for it. Pure.
 *
 * <p>The target type follows the task definition's network mode, as the target group ECS registers in must have it:
 * {@code ip} for awsvpc (each task its own address; the default on Fargate), {@code instance} for bridge and host
 * (ECS registers the container instance and the host port; here the nodes and the Service's node port, so the
 * Service must have node ports: it is made NodePort unless LoadBalancer was asked for).
 *
 * <p>The binding's name carries a hash of the target group ARN and the target type: the controller refuses to change
 * either on an existing binding, so a service moved to another target group gets a new binding and the old one goes.
 */
public final class TargetGroupBindings {
  public static final String GROUP = "elbv2.k8s.aws";
  public static final String VERSION = "v1beta1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "TargetGroupBinding";
  public static final String PLURAL = "targetgroupbindings";
  public static final String IP = "ip";
  public static final String INSTANCE = "instance";

  /** Spec fields the controller's webhook fills in at creation and refuses to see removed afterwards. */
  private static final List<String> DEFAULTED_AT_CREATION = List.of("ipAddressType", "vpcID");

  private TargetGroupBindings() {}

  /**
   * What a service's target groups become besides their Services.
   *
   * @param serviceType the type of the target groups' Kubernetes Services
   * @param bindings the TargetGroupBindings, when the kind is served
   * @param reports what of loadBalancers is not honoured: target groups left unregistered, classic load balancers
   */
  public record Result(String serviceType, List<GenericKubernetesResource> bindings, List<FieldReport> reports) {}

  /**
   * @param serviceObjectName the EcsService's metadata.name
   * @param requestedType the EcsService's load-balancer-type annotation, or null
   * @param targetType {@link #IP} or {@link #INSTANCE}, from {@link #targetType}
   * @param served the cluster serves TargetGroupBindings (the AWS Load Balancer Controller's CRD is installed)
   */
  public static Result translate(String serviceObjectName, String namespace, String clusterName, EcsServiceSpec spec,
      String requestedType, String targetType, boolean served) {
    String serviceType = requestedType != null && TargetGroupServices.TYPES.contains(requestedType) ? requestedType
        : "ClusterIP";
    if (spec.loadBalancers == null || spec.loadBalancers.isEmpty()) {
      return new Result(serviceType, List.of(), List.of());
    }
    TranslationReport report = new TranslationReport();
    Map<String, GenericKubernetesResource> byName = new LinkedHashMap<>();
    boolean instanceTargets = served && INSTANCE.equals(targetType);
    String boundType = instanceTargets && !"LoadBalancer".equals(serviceType) ? "NodePort" : serviceType;
    for (int i = 0; i < spec.loadBalancers.size(); i++) {
      LoadBalancer lb = spec.loadBalancers.get(i);
      String path = "service.loadBalancers[" + i + "]";
      String serviceName = TargetGroupServices.serviceName(serviceObjectName, lb);
      if (serviceName == null) {
        continue;
      }
      if (lb.targetGroupArn == null || lb.targetGroupArn.isEmpty()) {
        report.unsupported(path + ".loadBalancerName", "a Classic Load Balancer has no target group that a"
            + " TargetGroupBinding could register the tasks in: only the Kubernetes Service " + serviceName
            + " is made; register its endpoints with the load balancer yourself");
        continue;
      }
      if (!served) {
        report.approximated(path + ".targetGroupArn", "the tasks are not registered in the target group: the AWS"
            + " Load Balancer Controller's TargetGroupBinding kind (" + PLURAL + "." + GROUP + ") is not installed;"
            + " the Kubernetes Service " + serviceName + " is made, and its TargetGroupBinding follows once the"
            + " controller is installed");
        continue;
      }
      byName.putIfAbsent(serviceName, binding(serviceObjectName, namespace, clusterName, serviceName, lb,
          targetType));
    }
    if (!byName.isEmpty() && instanceTargets && "ClusterIP".equals(requestedType)) {
      report.approximated("service.loadBalancers", "the target groups register instances (networkMode bridge or"
          + " host), which reach the tasks through node ports: their Kubernetes Services are NodePort, not the"
          + " ClusterIP the " + Labels.LOAD_BALANCER_TYPE_ANNOTATION + " annotation asks for");
    }
    return new Result(byName.isEmpty() ? serviceType : boundType, new ArrayList<>(byName.values()),
        report.entries());
  }

  /**
   * The target type of the service's target groups: ip for awsvpc tasks, instance for bridge and host. A task
   * definition without networkMode is awsvpc on Fargate (which allows nothing else) and bridge elsewhere, as in ECS.
   */
  public static String targetType(TaskDefinitionSpec taskDefinition, List<CapacityProviderStrategyItem> strategy) {
    String mode = taskDefinition.networkMode;
    if (mode == null || mode.isEmpty()) {
      boolean fargate = (taskDefinition.requiresCompatibilities != null
          && taskDefinition.requiresCompatibilities.contains(CapacityProviders.FARGATE))
          || (strategy != null && strategy.stream().anyMatch(i -> CapacityProviders.FARGATE.equals(i.capacityProvider)
              || CapacityProviders.FARGATE_SPOT.equals(i.capacityProvider)));
      mode = fargate ? "awsvpc" : "bridge";
    }
    return "awsvpc".equals(mode) ? IP : INSTANCE;
  }

  /**
   * The body to write over a live binding: the spec fields the controller's webhook filled in when it was created
   * (its IP address type and VPC) are carried over, since the webhook refuses an update that drops them and fills
   * them in only on creation.
   */
  public static GenericKubernetesResource keepingDefaults(GenericKubernetesResource body,
      GenericKubernetesResource live) {
    if (live == null || !(live.getAdditionalProperties().get("spec") instanceof Map<?, ?> liveSpec)
        || !(body.getAdditionalProperties().get("spec") instanceof Map<?, ?> bodySpec)) {
      return body;
    }
    Map<String, Object> spec = new LinkedHashMap<>();
    bodySpec.forEach((k, v) -> spec.put(k.toString(), v));
    for (String field : DEFAULTED_AT_CREATION) {
      if (!spec.containsKey(field) && liveSpec.get(field) != null) {
        spec.put(field, liveSpec.get(field));
      }
    }
    body.setAdditionalProperty("spec", spec);
    return body;
  }

  private static GenericKubernetesResource binding(String serviceObjectName, String namespace, String clusterName,
      String serviceName, LoadBalancer lb, String targetType) {
    String name = Names.dnsLabel(serviceName + "-"
        + Names.hash(lb.targetGroupArn + " " + targetType).substring(0, 8));
    Map<String, String> labels = new TreeMap<>(WorkloadTranslator.serviceSelector(serviceObjectName));
    labels.put(Labels.INSTANCE, Names.labelValue(serviceObjectName));
    labels.put(Labels.CLUSTER, Names.labelValue(clusterName));
    Map<String, Object> serviceRef = new LinkedHashMap<>();
    serviceRef.put("name", serviceName);
    serviceRef.put("port", lb.containerPort);
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("serviceRef", serviceRef);
    spec.put("targetGroupARN", lb.targetGroupArn);
    spec.put("targetType", targetType);
    return new GenericKubernetesResourceBuilder()
        .withApiVersion(API_VERSION).withKind(KIND)
        .withNewMetadata().withName(name).withNamespace(namespace).withLabels(labels).endMetadata()
        .addToAdditionalProperties("spec", spec)
        .build();
  }
}
