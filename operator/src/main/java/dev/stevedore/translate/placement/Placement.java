package dev.stevedore.translate.placement;

import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.PlacementConstraint;
import dev.stevedore.api.v1alpha1.PlacementStrategy;
import dev.stevedore.api.v1alpha1.TaskDefinitionPlacementConstraint;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.translate.TranslationReport;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.NodeAffinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * ECS placement constraints and strategies as pod scheduling rules (ecs-semantics.md §4.4). Pure: the same input
 * always gives the same pod spec.
 *
 * <ul>
 *   <li>{@code distinctInstance}: required pod anti-affinity to the service's own pods per node
 *       ({@code kubernetes.io/hostname}); extra tasks stay Pending, as ECS leaves them PROVISIONING.</li>
 *   <li>{@code memberOf}: required node affinity (and pod affinity for task:group), see {@link MemberOf}. The
 *       constraints of the task definition and of the service all hold: their terms are combined with AND.</li>
 *   <li>{@code spread} over {@code attribute:ecs.availability-zone}: a topology spread constraint on
 *       {@code topology.kubernetes.io/zone}; over {@code instanceId} or {@code host}: on
 *       {@code kubernetes.io/hostname}; over another attribute: on its node label. maxSkew 1 and ScheduleAnyway,
 *       because ECS's strategies are preferences.</li>
 *   <li>{@code random}: the scheduler's default scoring; nothing is written.</li>
 *   <li>{@code binpack}: Kubernetes' default scoring spreads pods over the least allocated nodes, the opposite of
 *       binpack. The closest a pod can ask for by itself is preferred pod affinity (weight 100) to the service's
 *       own pods on the same node: the scheduler then fills nodes that already run the service before it starts
 *       on empty ones. It packs the service's tasks, not the node's free cpu or memory, so it is reported as
 *       approximated. Exact binpack needs a scheduler profile whose NodeResourcesFit scores MostAllocated.</li>
 * </ul>
 */
public final class Placement {
  /** Weight of binpack's preferred pod affinity: the largest Kubernetes allows. */
  public static final int BINPACK_WEIGHT = 100;

  private Placement() {}

  /** Task definition memberOf constraints; reports under {@code placementConstraints[i]}. */
  public static void taskDefinitionConstraints(List<TaskDefinitionPlacementConstraint> constraints, PodSpec pod,
      TranslationReport report) {
    if (constraints == null) {
      return;
    }
    for (int i = 0; i < constraints.size(); i++) {
      TaskDefinitionPlacementConstraint c = constraints.get(i);
      String field = "placementConstraints[" + i + "]";
      if (c.type != null && !"memberOf".equals(c.type)) {
        report.unsupported(field, "task definitions can only have memberOf constraints, not " + c.type);
        continue;
      }
      if (c.expression == null || c.expression.isBlank()) {
        // What ECS's generate-cli-skeleton writes: a constraint left empty.
        report.ignored(field, "memberOf without an expression constrains nothing");
        continue;
      }
      memberOf(c.expression, field, pod, report);
    }
    tidy(pod);
  }

  /** Service constraints; reports under {@code service.placementConstraints[i]}. */
  public static void serviceConstraints(List<PlacementConstraint> constraints, LabelSelector ownPods, PodSpec pod,
      TranslationReport report) {
    if (constraints == null) {
      return;
    }
    for (int i = 0; i < constraints.size(); i++) {
      PlacementConstraint c = constraints.get(i);
      String field = "service.placementConstraints[" + i + "]";
      if ("distinctInstance".equals(c.type)) {
        antiAffinity(pod).getRequiredDuringSchedulingIgnoredDuringExecution().add(new PodAffinityTermBuilder()
            .withLabelSelector(ownPods).withTopologyKey(NodeAttributes.HOSTNAME).build());
      } else {
        memberOf(c.expression, field, pod, report);
      }
    }
    tidy(pod);
  }

  /** Service placement strategies; reports under {@code service.placementStrategy[i]}. */
  public static void strategies(List<PlacementStrategy> strategies, LabelSelector ownPods, PodSpec pod,
      TranslationReport report) {
    if (strategies == null) {
      return;
    }
    Set<String> spreadKeys = new LinkedHashSet<>();
    boolean binpack = false;
    for (int i = 0; i < strategies.size(); i++) {
      PlacementStrategy s = strategies.get(i);
      String field = "service.placementStrategy[" + i + "]";
      if ("spread".equals(s.type)) {
        try {
          spreadKeys.add(spreadKey(s.field));
        } catch (NodeAttributes.NotTranslatable e) {
          report.unsupported(field, "spread over '" + s.field + "' is not applied: " + e.getMessage());
        }
      } else if ("binpack".equals(s.type)) {
        binpack = true;
        report.approximated(field, "binpack (" + s.field + ") is approximated: tasks prefer nodes that already run"
            + " tasks of the service (preferred pod affinity on kubernetes.io/hostname), so the service fills busy"
            + " nodes first; Kubernetes does not pack by free " + (s.field == null ? "resources" : s.field)
            + " unless the cluster's scheduler scores NodeResourcesFit with MostAllocated");
      }
    }
    if (!spreadKeys.isEmpty()) {
      List<TopologySpreadConstraint> spread = pod.getTopologySpreadConstraints() == null ? new ArrayList<>()
          : new ArrayList<>(pod.getTopologySpreadConstraints());
      for (String key : spreadKeys) {
        spread.add(new TopologySpreadConstraintBuilder().withMaxSkew(1).withTopologyKey(key)
            .withWhenUnsatisfiable("ScheduleAnyway").withLabelSelector(ownPods).build());
      }
      pod.setTopologySpreadConstraints(spread);
    }
    if (binpack) {
      PodAffinity affinity = podAffinity(pod);
      affinity.getPreferredDuringSchedulingIgnoredDuringExecution().add(new WeightedPodAffinityTerm(
          new PodAffinityTermBuilder().withLabelSelector(ownPods).withTopologyKey(NodeAttributes.HOSTNAME).build(),
          BINPACK_WEIGHT));
    }
    tidy(pod);
  }

  /** The node label a spread strategy's field spreads over. */
  public static String spreadKey(String field) throws NodeAttributes.NotTranslatable {
    if (field == null || field.isEmpty()) {
      throw new NodeAttributes.NotTranslatable("spread needs a field");
    }
    if ("instanceId".equals(field) || "host".equals(field)) {
      return NodeAttributes.HOSTNAME;
    }
    if (field.startsWith("attribute:")) {
      NodeAttributes.Label label = NodeAttributes.of(field.substring("attribute:".length()));
      return label.key();
    }
    throw new NodeAttributes.NotTranslatable("'" + field + "' is not instanceId, host or attribute:<name>");
  }

  /**
   * memberOf expressions that do not parse, as {@code field: column N: what}. ECS refuses such a service or task
   * definition, so they make the document invalid rather than something to report and skip.
   */
  public static List<String> syntaxErrors(EcsServiceSpec service, TaskDefinitionSpec taskDefinition) {
    List<String> errors = new ArrayList<>();
    if (taskDefinition != null && taskDefinition.placementConstraints != null) {
      for (int i = 0; i < taskDefinition.placementConstraints.size(); i++) {
        String expression = taskDefinition.placementConstraints.get(i).expression;
        if (expression != null && !expression.isBlank()) {
          syntaxError(expression, "taskDefinition.placementConstraints[" + i + "].expression", errors);
        }
      }
    }
    errors.addAll(syntaxErrors(service == null ? null : service.placementConstraints));
    return errors;
  }

  /** The same check for the constraints of any request (RunTask's as CreateService's). */
  public static List<String> syntaxErrors(List<PlacementConstraint> constraints) {
    List<String> errors = new ArrayList<>();
    if (constraints != null) {
      for (int i = 0; i < constraints.size(); i++) {
        PlacementConstraint c = constraints.get(i);
        if ("memberOf".equals(c.type)) {
          syntaxError(c.expression, "placementConstraints[" + i + "].expression", errors);
        }
      }
    }
    return errors;
  }

  private static void syntaxError(String expression, String field, List<String> errors) {
    try {
      ClusterQueryParser.parse(expression);
    } catch (QuerySyntaxException e) {
      errors.add(field + ": " + e.getMessage());
    }
  }

  private static void memberOf(String expression, String field, PodSpec pod, TranslationReport report) {
    MemberOf.Affinity affinity;
    try {
      affinity = MemberOf.translate(expression);
    } catch (QuerySyntaxException e) {
      report.unsupported(field, "memberOf '" + expression + "' does not parse and is not applied: " + e.getMessage());
      return;
    } catch (MemberOf.Untranslatable e) {
      report.unsupported(field, "memberOf '" + expression + "' is not applied: " + e.getMessage());
      return;
    }
    if (!affinity.nodeTerms().isEmpty()) {
      NodeSelector required = requiredNodeSelector(pod);
      List<NodeSelectorTerm> combined;
      try {
        combined = and(required.getNodeSelectorTerms(), affinity.nodeTerms());
      } catch (MemberOf.Untranslatable e) {
        report.unsupported(field, "memberOf '" + expression + "' is not applied: together with the other"
            + " constraints it has more than " + MemberOf.MAX_TERMS + " alternatives");
        return;
      }
      required.setNodeSelectorTerms(combined);
    }
    if (!affinity.podAffinity().isEmpty()) {
      podAffinity(pod).getRequiredDuringSchedulingIgnoredDuringExecution().addAll(affinity.podAffinity());
    }
    if (!affinity.podAntiAffinity().isEmpty()) {
      antiAffinity(pod).getRequiredDuringSchedulingIgnoredDuringExecution().addAll(affinity.podAntiAffinity());
    }
    for (String approximation : affinity.approximations()) {
      report.approximated(field, approximation);
    }
  }

  /** (a1 or a2 ...) and (b1 or b2 ...) as one OR of ANDs. */
  static List<NodeSelectorTerm> and(List<NodeSelectorTerm> existing, List<NodeSelectorTerm> added)
      throws MemberOf.Untranslatable {
    if (existing == null || existing.isEmpty()) {
      return new ArrayList<>(added);
    }
    List<List<NodeSelectorRequirement>> left = existing.stream().map(t -> requirements(t)).toList();
    List<List<NodeSelectorRequirement>> right = added.stream().map(t -> requirements(t)).toList();
    List<NodeSelectorTerm> result = new ArrayList<>();
    for (List<NodeSelectorRequirement> term : MemberOf.product(left, right, 0)) {
      NodeSelectorTerm t = new NodeSelectorTerm();
      t.setMatchExpressions(term);
      result.add(t);
    }
    return result;
  }

  private static List<NodeSelectorRequirement> requirements(NodeSelectorTerm t) {
    return t.getMatchExpressions() == null ? List.of() : t.getMatchExpressions();
  }

  private static Affinity affinity(PodSpec pod) {
    if (pod.getAffinity() == null) {
      pod.setAffinity(new Affinity());
    }
    return pod.getAffinity();
  }

  private static NodeSelector requiredNodeSelector(PodSpec pod) {
    Affinity affinity = affinity(pod);
    if (affinity.getNodeAffinity() == null) {
      affinity.setNodeAffinity(new NodeAffinity());
    }
    NodeAffinity node = affinity.getNodeAffinity();
    if (node.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      node.setRequiredDuringSchedulingIgnoredDuringExecution(new NodeSelector(new ArrayList<>()));
    }
    return node.getRequiredDuringSchedulingIgnoredDuringExecution();
  }

  private static PodAffinity podAffinity(PodSpec pod) {
    Affinity affinity = affinity(pod);
    if (affinity.getPodAffinity() == null) {
      affinity.setPodAffinity(new PodAffinity());
    }
    PodAffinity p = affinity.getPodAffinity();
    if (p.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      p.setRequiredDuringSchedulingIgnoredDuringExecution(new ArrayList<>());
    }
    if (p.getPreferredDuringSchedulingIgnoredDuringExecution() == null) {
      p.setPreferredDuringSchedulingIgnoredDuringExecution(new ArrayList<>());
    }
    return p;
  }

  private static PodAntiAffinity antiAffinity(PodSpec pod) {
    Affinity affinity = affinity(pod);
    if (affinity.getPodAntiAffinity() == null) {
      affinity.setPodAntiAffinity(new PodAntiAffinity());
    }
    PodAntiAffinity p = affinity.getPodAntiAffinity();
    if (p.getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
      p.setRequiredDuringSchedulingIgnoredDuringExecution(new ArrayList<>());
    }
    return p;
  }

  /** Drops the empty lists the helpers above create, so the pod spec serialises as before when nothing was added. */
  static void tidy(PodSpec pod) {
    Affinity a = pod.getAffinity();
    if (a == null) {
      return;
    }
    PodAffinity p = a.getPodAffinity();
    if (p != null) {
      if (p.getRequiredDuringSchedulingIgnoredDuringExecution() != null
          && p.getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty()) {
        p.setRequiredDuringSchedulingIgnoredDuringExecution(null);
      }
      if (p.getPreferredDuringSchedulingIgnoredDuringExecution() != null
          && p.getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty()) {
        p.setPreferredDuringSchedulingIgnoredDuringExecution(null);
      }
      if (p.getRequiredDuringSchedulingIgnoredDuringExecution() == null
          && p.getPreferredDuringSchedulingIgnoredDuringExecution() == null) {
        a.setPodAffinity(null);
      }
    }
    PodAntiAffinity anti = a.getPodAntiAffinity();
    if (anti != null && (anti.getRequiredDuringSchedulingIgnoredDuringExecution() == null
        || anti.getRequiredDuringSchedulingIgnoredDuringExecution().isEmpty())
        && (anti.getPreferredDuringSchedulingIgnoredDuringExecution() == null
            || anti.getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty())) {
      a.setPodAntiAffinity(null);
    }
    NodeAffinity node = a.getNodeAffinity();
    if (node != null && node.getRequiredDuringSchedulingIgnoredDuringExecution() != null
        && (node.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms() == null
            || node.getRequiredDuringSchedulingIgnoredDuringExecution().getNodeSelectorTerms().isEmpty())) {
      node.setRequiredDuringSchedulingIgnoredDuringExecution(null);
    }
    if (node != null && node.getRequiredDuringSchedulingIgnoredDuringExecution() == null
        && (node.getPreferredDuringSchedulingIgnoredDuringExecution() == null
            || node.getPreferredDuringSchedulingIgnoredDuringExecution().isEmpty())) {
      a.setNodeAffinity(null);
    }
    if (a.getNodeAffinity() == null && a.getPodAffinity() == null && a.getPodAntiAffinity() == null) {
      pod.setAffinity(null);
    }
  }
}
