package dev.stevedore.translate;

import dev.stevedore.naming.Names;
import dev.stevedore.naming.Labels;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.Tag;
import dev.stevedore.translate.placement.EligibleNodes;
import dev.stevedore.translate.placement.Placement;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetSpec;
import io.fabric8.kubernetes.api.model.apps.DaemonSetUpdateStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An EcsService and the revision it runs as a Deployment (REPLICA) or DaemonSet (DAEMON), with ECS's rolling
 * bounds as integers. Pure and deterministic.
 */
public final class WorkloadTranslator {
  public static final String ZONE_LABEL = "topology.kubernetes.io/zone";
  public static final String HOSTNAME_LABEL = "kubernetes.io/hostname";

  /** A Deployment and the bounds it was written with. Stuck bounds pause it instead of writing 0/0. */
  public record DeploymentResult(Deployment deployment, RollingUpdateBounds bounds, List<FieldReport> reports) {}

  /**
   * A DaemonSet, its bounds and the nodes it runs on (its desired count). Stuck bounds (minimumHealthyPercent 100)
   * switch it to OnDelete.
   */
  public record DaemonSetResult(DaemonSet daemonSet, RollingUpdateBounds bounds, int eligibleNodes,
                                List<FieldReport> reports) {}

  private WorkloadTranslator() {}

  public static DeploymentResult deployment(ServiceContext ctx) {
    TranslationReport report = new TranslationReport();
    PodTemplateTranslator.Result pod = podTemplate(ctx, report);
    RollingUpdateBounds bounds = RollingUpdateBounds.replica(ctx.desiredCount(), ctx.minimumHealthyPercent(),
        ctx.maximumPercent());
    // Plain setters, not builders: a builder would deep-copy the whole pod template again.
    RollingUpdateDeployment rolling = new RollingUpdateDeployment(new IntOrString(bounds.maxSurge()),
        new IntOrString(bounds.stuck() ? 1 : bounds.maxUnavailable()));
    DeploymentSpec spec = new DeploymentSpec();
    spec.setReplicas(ctx.desiredCount());
    spec.setSelector(selector(ctx));
    spec.setTemplate(pod.template());
    spec.setMinReadySeconds(minReadySeconds(ctx, pod));
    spec.setPaused(bounds.stuck() ? true : null);
    spec.setStrategy(new DeploymentStrategy(rolling, "RollingUpdate"));
    Deployment deployment = new Deployment("apps/v1", "Deployment", metadata(ctx, workloadName(ctx)), spec, null);
    return new DeploymentResult(deployment, bounds, report.entries());
  }

  public static DaemonSetResult daemonSet(ServiceContext ctx) {
    TranslationReport report = new TranslationReport();
    PodTemplateTranslator.Result pod = podTemplate(ctx, report);
    int eligible = EligibleNodes.count(pod.template().getSpec(), ctx.nodes());
    RollingUpdateBounds bounds = RollingUpdateBounds.daemon(eligible, ctx.minimumHealthyPercent());
    DaemonSetSpec spec = new DaemonSetSpec();
    spec.setSelector(selector(ctx));
    spec.setTemplate(pod.template());
    spec.setMinReadySeconds(minReadySeconds(ctx, pod));
    spec.setUpdateStrategy(bounds.stuck()
        // minimumHealthyPercent 100 leaves no room to replace a daemon task: Stevedore replaces them itself.
        ? new DaemonSetUpdateStrategy(null, "OnDelete")
        : new DaemonSetUpdateStrategy(new RollingUpdateDaemonSet(new IntOrString(0),
            new IntOrString(bounds.maxUnavailable())), "RollingUpdate"));
    DaemonSet ds = new DaemonSet("apps/v1", "DaemonSet", metadata(ctx, workloadName(ctx)), spec, null);
    return new DaemonSetResult(ds, bounds, eligible, report.entries());
  }

  /**
   * Launches no more tasks of a workload and keeps the ones it has: what a halted deployment (the circuit breaker
   * without rollback) looks like. A Deployment is paused, and its strategy set to Recreate while it is: the
   * controller scales a paused RollingUpdate Deployment's ReplicaSets proportionally up to replicas + maxSurge,
   * which would start more tasks of the failed revision (and of the old one); with Recreate it leaves two partly
   * scaled ReplicaSets as they are. A DaemonSet with the OnDelete strategy replaces no pod.
   */
  public static void halt(HasMetadata workload) {
    if (workload instanceof Deployment d) {
      d.getSpec().setPaused(true);
      d.getSpec().setStrategy(new DeploymentStrategy(null, "Recreate"));
    } else if (workload instanceof DaemonSet ds) {
      ds.getSpec().setUpdateStrategy(new DaemonSetUpdateStrategy(null, "OnDelete"));
    }
  }

  /** One provider: named after the service. Several: one workload per provider, suffixed with its name. */
  public static String workloadName(ServiceContext ctx) {
    var strategy = ctx.spec().capacityProviderStrategy;
    if (ctx.placement() == null || strategy == null || strategy.size() <= 1) {
      // A name the API server accepts for the EcsService can still be too long for the ReplicaSets' names.
      return ctx.name().length() <= Names.WORKLOAD_NAME_MAX ? ctx.name() : Names.dnsLabel(ctx.name());
    }
    return Names.dnsLabel(ctx.name() + "-" + ctx.placement().name().toLowerCase().replace('_', '-'));
  }

  /** The labels that select every pod of a service, whatever its provider: the scale subresource's selector. */
  public static Map<String, String> serviceSelector(String serviceObjectName) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.SERVICE, Names.labelValue(serviceObjectName));
    return labels;
  }

  /**
   * The service's pods. Selectors are immutable, so a service that changes its one capacity provider (launchType
   * FARGATE to EC2, say) must keep its selector: only per-provider Deployments add the provider to theirs.
   */
  private static LabelSelector selector(ServiceContext ctx) {
    return new LabelSelectorBuilder().withMatchLabels(serviceSelector(ctx.name())).build();
  }

  private static ObjectMeta metadata(ServiceContext ctx, String name) {
    return new ObjectMetaBuilder()
        .withName(name)
        .withNamespace(ctx.namespace())
        .withLabels(workloadLabels(ctx))
        .withAnnotations(Map.of(Labels.TASK_DEFINITION_ANNOTATION, ctx.taskDefinition().arn()))
        .build();
  }

  private static Map<String, String> workloadLabels(ServiceContext ctx) {
    Map<String, String> labels = new TreeMap<>(serviceSelector(ctx.name()));
    labels.put(Labels.NAME, Names.labelValue(ctx.taskDefinition().family()));
    labels.put(Labels.INSTANCE, Names.labelValue(ctx.name()));
    labels.put(Labels.CLUSTER, Names.labelValue(ctx.clusterName()));
    labels.put(Labels.FAMILY, Names.labelValue(ctx.taskDefinition().family()));
    labels.put(Labels.REVISION, Integer.toString(ctx.taskDefinition().revision()));
    return labels;
  }

  private static int minReadySeconds(ServiceContext ctx, PodTemplateTranslator.Result pod) {
    return pod.essentialHealthCheck() || ctx.hasLoadBalancers() ? 0 : PodTemplateTranslator.NO_HEALTH_CHECK_READY_SECONDS;
  }

  private static PodTemplateTranslator.Result podTemplate(ServiceContext ctx, TranslationReport report) {
    EcsServiceSpec spec = ctx.spec();
    int grace = spec.healthCheckGracePeriodSeconds == null ? 0 : spec.healthCheckGracePeriodSeconds;
    String serviceAccount = ServiceAccountTranslator.serviceAccount(ctx.taskDefinition(), ctx.namespace(),
        ctx.roleBinding(), ctx.awsAccount()).map(sa -> sa.getMetadata().getName()).orElse(null);
    PodTemplateTranslator.Result pod = PodTemplateTranslator.translate(ctx.taskDefinition(),
        new PodTemplateTranslator.Options(grace, serviceAccount));
    report.addAll(pod.reports());

    PodTemplateSpec template = pod.template();
    Map<String, String> labels = new TreeMap<>(template.getMetadata().getLabels());
    labels.putAll(workloadLabels(ctx));
    if (ctx.placement() != null && !ctx.isDaemon()) {
      labels.put(Labels.CAPACITY_PROVIDER, Names.labelValue(ctx.placement().name()));
    }
    Map<String, String> annotations = new TreeMap<>(template.getMetadata().getAnnotations());
    propagateTags(ctx, labels, annotations);
    if (ctx.restartedAt() != null) {
      annotations.put(Labels.RESTARTED_AT_ANNOTATION, ctx.restartedAt());
    }
    template.getMetadata().setLabels(labels);
    template.getMetadata().setAnnotations(annotations);
    PodSpec podSpec = template.getSpec();
    place(ctx, podSpec, report);
    reportServiceFields(ctx, report);
    return pod;
  }

  private static void propagateTags(ServiceContext ctx, Map<String, String> labels, Map<String, String> annotations) {
    Map<String, String> tags = new LinkedHashMap<>();
    if ("SERVICE".equals(ctx.spec().propagateTags) && ctx.spec().tags != null) {
      ctx.spec().tags.forEach(t -> tags.put(t.key, t.value == null ? "" : t.value));
    } else if ("TASK_DEFINITION".equals(ctx.spec().propagateTags) && ctx.taskDefinition().spec().tags != null) {
      for (Tag t : ctx.taskDefinition().spec().tags) {
        tags.put(t.key, t.value == null ? "" : t.value);
      }
    }
    if (Boolean.TRUE.equals(ctx.spec().enableECSManagedTags)) {
      tags.put("aws:ecs:clusterName", ctx.clusterName());
      tags.put("aws:ecs:serviceName", ctx.serviceName());
    }
    if (tags.isEmpty()) {
      return;
    }
    tags.forEach((k, v) -> labels.put(Labels.TAG_PREFIX + Names.dnsLabel(k.toLowerCase()), Names.labelValue(v)));
    annotations.put(Labels.TAGS_ANNOTATION, Json.object(tags));
  }

  private static void place(ServiceContext ctx, PodSpec pod, TranslationReport report) {
    if (ctx.placement() != null) {
      Map<String, String> nodeSelector = new TreeMap<>(ctx.placement().nodeSelector());
      if (pod.getNodeSelector() != null) {
        nodeSelector.putAll(pod.getNodeSelector());
      }
      pod.setNodeSelector(nodeSelector.isEmpty() ? null : nodeSelector);
      List<Toleration> tolerations = ctx.placement().tolerations();
      pod.setTolerations(tolerations.isEmpty() ? null : new ArrayList<>(tolerations));
      pod.setRuntimeClassName(ctx.placement().runtimeClassName());
    }
    EcsServiceSpec spec = ctx.spec();
    LabelSelector ownPods = new LabelSelectorBuilder().withMatchLabels(serviceSelector(ctx.name())).build();
    Placement.serviceConstraints(spec.placementConstraints, ownPods, pod, report);
    Placement.strategies(spec.placementStrategy, ownPods, pod, report);
  }

  private static void reportServiceFields(ServiceContext ctx, TranslationReport report) {
    EcsServiceSpec spec = ctx.spec();
    EmptyEnumValues.find(spec).forEach(field -> report.ignored("service." + field, EmptyEnumValues.REASON));
    spec.readOnlyMembersGiven().forEach(field -> report.ignored("service." + field,
        "read-only field of an exported service: Stevedore computes its own in status"));
    if (spec.platformVersion != null) report.ignored("service.platformVersion", "Fargate platform versions do not apply");
    if (spec.role != null) report.ignored("service.role", "classic load balancer role does not apply");
    if (spec.clientToken != null) report.ignored("service.clientToken", "Kubernetes apply is idempotent");
    if (spec.networkConfiguration != null) {
      report.approximated("service.networkConfiguration", "tasks use the cluster's pod network; subnets, security groups and public IPs are not applied");
    }
    if (spec.loadBalancers != null && !spec.loadBalancers.isEmpty()) {
      report.approximated("service.loadBalancers", "each target group is a Kubernetes Service of the tasks' containerPort (type from the ecs.stevedore.dev/load-balancer-type annotation), registered in the target group by a TargetGroupBinding where the AWS Load Balancer Controller is installed");
      for (int i = 0; i < spec.loadBalancers.size(); i++) {
        if (spec.loadBalancers.get(i).advancedConfiguration != null) {
          report.unsupported("service.loadBalancers[" + i + "].advancedConfiguration", "native blue/green traffic shifting is not supported; rolling updates are used");
        }
      }
    }
    if (spec.serviceRegistries != null && !spec.serviceRegistries.isEmpty()) {
      report.approximated("service.serviceRegistries", "discovery through the Kubernetes Service's DNS name, not Cloud Map");
    }
    var config = spec.deploymentConfiguration;
    if (config != null) {
      var breaker = config.deploymentCircuitBreaker;
      if (breaker != null && Boolean.TRUE.equals(breaker.enable) && Boolean.TRUE.equals(breaker.resetOnHealthyTask)) {
        report.approximated("service.deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask",
            "failed tasks are counted over the whole deployment; a task that becomes healthy does not reset the count");
      }
      if (config.alarms != null && Boolean.TRUE.equals(config.alarms.enable)) {
        report.unsupported("service.deploymentConfiguration.alarms", "CloudWatch alarms cannot be evaluated in the cluster");
      }
      if (config.strategy != null && !config.strategy.isEmpty() && !"ROLLING".equals(config.strategy)) {
        report.unsupported("service.deploymentConfiguration.strategy", config.strategy + " deployments are not supported; rolling updates are used");
      }
      if (config.bakeTimeInMinutes != null || config.lifecycleHooks != null || config.linearConfiguration != null
          || config.canaryConfiguration != null || config.earlySuccessCriteria != null) {
        report.unsupported("service.deploymentConfiguration", "bake time, lifecycle hooks, linear, canary and early success settings are not supported");
      }
    }
    if (spec.deploymentController != null && !"ECS".equals(spec.deploymentController.type)) {
      report.unsupported("service.deploymentController", spec.deploymentController.type + " deployment controllers are not supported");
    }
    if (spec.serviceConnectConfiguration != null) {
      report.approximated("service.serviceConnectConfiguration", "each client alias is a Kubernetes Service of that"
          + " name and port (cluster DNS, no Envoy proxy: no retries, timeouts, TLS or Service Connect metrics)");
      ServiceConnectServices.services(ctx.name(), ctx.namespace(), ctx.clusterName(), spec).notes()
          .forEach(note -> report.approximated("service.serviceConnectConfiguration", note));
    }
    if (spec.volumeConfigurations != null && !spec.volumeConfigurations.isEmpty()) {
      report.unsupported("service.volumeConfigurations", "managed EBS volumes are not supported yet");
    }
    if (spec.vpcLatticeConfigurations != null && !spec.vpcLatticeConfigurations.isEmpty()) {
      report.unsupported("service.vpcLatticeConfigurations", "VPC Lattice does not exist on Kubernetes");
    }
    if (spec.gatewayConnectors != null && !spec.gatewayConnectors.isEmpty()) {
      report.unsupported("service.gatewayConnectors", "gateway connectors are not provided");
    }
    if (spec.monitoring != null) report.unsupported("service.monitoring", "CloudWatch metrics are not published; the operator exports Prometheus metrics");
    if ("ENABLED".equals(spec.availabilityZoneRebalancing)) {
      report.approximated("service.availabilityZoneRebalancing", "zones are balanced when tasks start, not rebalanced afterwards");
    }
    if (Boolean.TRUE.equals(spec.enableExecuteCommand)) {
      report.approximated("service.enableExecuteCommand", "use kubectl exec; access is governed by RBAC on pods/exec");
    }
  }
}
