package dev.stevedore.translate.task;

import dev.stevedore.api.v1alpha1.EcsTaskSpec;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.Tag;
import dev.stevedore.translate.Json;
import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import dev.stevedore.translate.PodTemplateTranslator;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.ServiceAccountTranslator;
import dev.stevedore.translate.TranslationReport;
import dev.stevedore.translate.placement.Placement;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One standalone task as a bare pod: the revision with the request's overrides, translated by
 * {@link PodTemplateTranslator} like a service's, with {@code restartPolicy: Never} (an ECS task is never
 * restarted: when an essential container exits the task stops), the request's placement and labels that tie it
 * to its EcsTask. Pure and deterministic.
 */
public final class TaskPodTranslator {
  /** PodTemplateTranslator's note on non-essential containers holds for services only: task pods never restart. */
  private static final String SERVICE_RESTART_NOTE = "a non-essential container that exits is restarted";

  /**
   * @param pod the task's pod
   * @param serviceAccount the task role's ServiceAccount (named after the EcsTask), if the task has a role
   * @param reports ECS fields of the request and its task definition not honoured exactly
   */
  public record Result(Pod pod, Optional<ServiceAccount> serviceAccount, List<FieldReport> reports) {}

  private TaskPodTranslator() {}

  /** The pod of task {@code index}: the EcsTask's name and the index, a valid pod name whatever the EcsTask's. */
  public static String podName(String taskName, int index) {
    return Names.dnsLabel(taskName, Names.DNS_LABEL_MAX - 4) + "-" + index;
  }

  /** The ServiceAccount of an EcsTask whose tasks have a role. */
  public static String serviceAccountName(String taskName) {
    return Names.dnsLabel(taskName, Names.DNS_LABEL_MAX - 10) + "-task-role";
  }

  /** The labels that select every pod of an EcsTask. */
  public static Map<String, String> selector(String taskName) {
    Map<String, String> labels = new TreeMap<>();
    labels.put(Labels.MANAGED_BY, Labels.MANAGED_BY_VALUE);
    labels.put(Labels.TASK, Names.labelValue(taskName));
    return labels;
  }

  public static Result translate(TaskPodContext ctx) {
    TranslationReport report = new TranslationReport();
    EcsTaskSpec spec = ctx.spec();
    RegisteredTaskDefinition original = ctx.taskDefinition();
    RegisteredTaskDefinition td = new RegisteredTaskDefinition(original.family(), original.revision(),
        original.arn(), TaskOverrides.apply(original.spec(), spec.overrides));

    Optional<ServiceAccount> serviceAccount = ServiceAccountTranslator.serviceAccount(td, ctx.namespace(),
        ctx.roleBinding(), ctx.awsAccount());
    serviceAccount.ifPresent(sa -> {
      // Its own ServiceAccount: an overridden role must not change the role of the family's services.
      sa.getMetadata().setName(serviceAccountName(ctx.name()));
      sa.getMetadata().getLabels().putAll(selector(ctx.name()));
    });
    PodTemplateTranslator.Result template = PodTemplateTranslator.translate(td, new PodTemplateTranslator.Options(0,
        serviceAccount.map(sa -> sa.getMetadata().getName()).orElse(null)));
    template.reports().stream()
        .filter(r -> !(r.field.endsWith(".essential") && r.reason.startsWith(SERVICE_RESTART_NOTE)))
        .forEach(r -> report.addAll(List.of(r)));

    PodTemplateSpec t = template.template();
    PodSpec pod = t.getSpec();
    pod.setRestartPolicy("Never");
    if (ctx.placement() != null) {
      ctx.placement().applyTo(pod);
    }
    LabelSelector ownPods = new LabelSelectorBuilder().withMatchLabels(selector(ctx.name())).build();
    TranslationReport placement = new TranslationReport();
    Placement.serviceConstraints(spec.placementConstraints, ownPods, pod, placement);
    Placement.strategies(spec.placementStrategy, ownPods, pod, placement);
    // Placement names its fields as a service's; the request's have the same names without the prefix.
    placement.entries().forEach(r -> report.addAll(List.of(new FieldReport(r.field.replaceFirst("^service\\.", ""),
        r.disposition, r.reason))));

    Map<String, String> labels = new TreeMap<>(t.getMetadata().getLabels());
    labels.putAll(selector(ctx.name()));
    labels.put(Labels.INSTANCE, Names.labelValue(ctx.name()));
    labels.put(Labels.CLUSTER, Names.labelValue(ctx.clusterName()));
    if (ctx.placement() != null) {
      labels.put(Labels.CAPACITY_PROVIDER, Names.labelValue(ctx.placement().name()));
    }
    Map<String, String> annotations = new TreeMap<>(t.getMetadata().getAnnotations());
    annotations.put(Labels.GROUP_ANNOTATION, ctx.group());
    if (spec.startedBy != null) {
      annotations.put(Labels.STARTED_BY_ANNOTATION, spec.startedBy);
    }
    tags(ctx, labels, annotations);
    reportRequestFields(spec, report);

    ObjectMeta metadata = new ObjectMeta();
    metadata.setName(podName(ctx.name(), ctx.index()));
    metadata.setNamespace(ctx.namespace());
    metadata.setLabels(labels);
    metadata.setAnnotations(annotations);
    Pod result = new Pod("v1", "Pod", metadata, pod, null);
    return new Result(result, serviceAccount, report.entries());
  }

  private static void tags(TaskPodContext ctx, Map<String, String> labels, Map<String, String> annotations) {
    Map<String, String> tags = new LinkedHashMap<>();
    if ("TASK_DEFINITION".equals(ctx.spec().propagateTags) && ctx.taskDefinition().spec().tags != null) {
      for (Tag t : ctx.taskDefinition().spec().tags) {
        tags.put(t.key, t.value == null ? "" : t.value);
      }
    }
    if (Boolean.TRUE.equals(ctx.spec().enableECSManagedTags)) {
      tags.put("aws:ecs:clusterName", ctx.clusterName());
    }
    if (tags.isEmpty()) {
      return;
    }
    tags.forEach((k, v) -> labels.put(Labels.TAG_PREFIX + Names.dnsLabel(k.toLowerCase()), Names.labelValue(v)));
    annotations.put(Labels.TAGS_ANNOTATION, Json.object(tags));
  }

  private static void reportRequestFields(EcsTaskSpec spec, TranslationReport report) {
    if (spec.networkConfiguration != null) {
      report.approximated("networkConfiguration", "tasks use the cluster's pod network; subnets, security groups and public IPs are not applied");
    }
    if (spec.platformVersion != null) {
      report.ignored("platformVersion", "Fargate platform versions do not apply");
    }
    if (spec.clientToken != null) {
      report.ignored("clientToken", "the EcsTask object is the idempotent request");
    }
    if (spec.volumeConfigurations != null && !spec.volumeConfigurations.isEmpty()) {
      report.unsupported("volumeConfigurations", "managed EBS volumes are not supported yet");
    }
    if (Boolean.TRUE.equals(spec.enableExecuteCommand)) {
      report.approximated("enableExecuteCommand", "use kubectl exec; access is governed by RBAC on pods/exec");
    }
    if (spec.tags != null && !spec.tags.isEmpty()) {
      report.ignored("tags", "kept on the EcsTask; only the task definition's tags (propagateTags TASK_DEFINITION) and the managed tags reach the pods");
    }
    if (spec.overrides != null && spec.overrides.executionRoleArn != null) {
      report.ignored("overrides.executionRoleArn", "the agent's role: images are pulled with imagePullSecrets and secrets read from Kubernetes Secrets");
    }
  }
}
