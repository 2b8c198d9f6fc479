package dev.stevedore.fuzz;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.naming.Arns;
import dev.stevedore.plan.ServicePlan;
import dev.stevedore.plan.ServicePlanner;
import dev.stevedore.plan.ServiceWorld;
import dev.stevedore.reconcile.taskdefinition.RevisionManifests;
import dev.stevedore.testing.TestNodes;
import dev.stevedore.translate.PodTemplateTranslator;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.TaskRoleBinding;
import dev.stevedore.validate.TaskDefinitionValidator;
import dev.stevedore.validate.ValidationIssue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure part of the operator's path from an applied TaskDefinition and EcsService to the objects it writes, as
 * the operator runs it: the registration rules, the revision stored as the TaskDefinition reconciler stores it (a
 * ControllerRevision holding the canonical spec), the task definition's own field report, then {@link ServicePlanner}
 * exactly as the EcsService reconciler calls it, with nothing running yet. What the reconcilers add around it is
 * client work.
 */
final class OperatorPipeline {
  static final String NAMESPACE = "fuzz";
  static final String ACCOUNT = "123456789012";
  /** Nodes a DAEMON service is given (the local cluster's pools): none, one and several, so every bounds path runs. */
  static final int[] DAEMON_NODES = {0, 1, 3};
  private static final ServiceWorld.Environment ENVIRONMENT = new ServiceWorld.Environment("us-east-1", ACCOUNT,
      TaskRoleBinding.IRSA);
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  /**
   * @param refused the rules the input breaks (then nothing is written)
   * @param plans what the operator would apply, in apply order: one plan, or one per node count of a daemon
   * @param reports the fields reported as not honoured exactly
   */
  record Outcome(List<ValidationIssue> refused, List<List<HasMetadata>> plans, List<FieldReport> reports) {
    boolean accepted() {
      return refused.isEmpty();
    }

    /** The objects of the last plan (a daemon on the most nodes). */
    List<HasMetadata> objects() {
      return plans.isEmpty() ? List.of() : plans.get(plans.size() - 1);
    }
  }

  private OperatorPipeline() {}

  static Outcome run(FuzzCase c) {
    List<ValidationIssue> refused = new ArrayList<>(TaskDefinitionValidator.validate(c.taskDefinition()));
    if (!refused.isEmpty()) {
      return new Outcome(refused, List.of(), List.of());
    }
    String family = c.taskDefinition().family != null ? c.taskDefinition().family : "family";
    TaskDefinition owner = new TaskDefinition();
    owner.getMetadata().setName("td");
    owner.getMetadata().setNamespace(NAMESPACE);
    owner.getMetadata().setUid("uid-td");
    TaskDefinitionSpec stored = RevisionManifests.frozenSpec(c.taskDefinition(), family);
    ControllerRevision revision = RevisionManifests.revision(owner, family, stored, 1, NOW);
    RegisteredTaskDefinition td = new RegisteredTaskDefinition(family, 1,
        RegisteredTaskDefinition.arn("us-east-1", ACCOUNT, family, 1), stored);
    List<FieldReport> reports = new ArrayList<>(PodTemplateTranslator.translate(td,
        PodTemplateTranslator.Options.DEFAULTS).reports());

    EcsService service = new EcsService();
    service.getMetadata().setName(c.name());
    service.getMetadata().setNamespace(NAMESPACE);
    service.getMetadata().setUid("uid-service");
    service.getMetadata().setGeneration(1L);
    service.setSpec(c.service());
    service.getSpec().taskDefinition = family + ":1";
    EcsCluster cluster = new EcsCluster();
    cluster.getMetadata().setName("cluster");
    cluster.getMetadata().setNamespace(NAMESPACE);
    cluster.setSpec(c.cluster());
    if (cluster.getSpec() != null) {
      cluster.getSpec().clusterName = Arns.clusterName(c.service().cluster);
    } else {
      cluster.getMetadata().setName(Arns.clusterName(c.service().cluster));
    }
    List<List<HasMetadata>> plans = new ArrayList<>();
    boolean daemon = "DAEMON".equals(c.service().schedulingStrategy);
    for (int nodes : daemon ? DAEMON_NODES : new int[] {6}) {
      ServicePlan plan = ServicePlanner.plan(new ServiceWorld(service, List.of(cluster), List.of(revision), List.of(),
          List.of(), List.of(), List.of(), TestNodes.ready(nodes), List.of(), List.of(), ENVIRONMENT, NOW));
      if (plan.newStall() != null) {
        refused.add(new ValidationIssue("service", plan.newStall().reason() + ": " + plan.newStall().message()));
        return new Outcome(refused, List.of(), reports);
      }
      plans.add(plan.writes().stream().map(ServicePlan.Write::object).toList());
      if (plan.status().fieldReports != null) {
        reports.addAll(plan.status().fieldReports);
      }
    }
    return new Outcome(List.of(), plans, reports);
  }
}
