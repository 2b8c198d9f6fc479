package dev.stevedore.fuzz;

import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.revision.SpecHash;
import dev.stevedore.translate.CapacityPlacement;
import dev.stevedore.translate.CapacityProviders;
import dev.stevedore.translate.PodTemplateTranslator;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.ServiceContext;
import dev.stevedore.translate.ServiceTranslator;
import dev.stevedore.translate.TaskRoleBinding;
import dev.stevedore.translate.placement.Placement;
import dev.stevedore.translate.placement.ProviderDeployments;
import dev.stevedore.validate.ServiceValidator;
import dev.stevedore.validate.TaskDefinitionValidator;
import dev.stevedore.validate.ValidationIssue;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;

/**
 * The pure part of the operator's path from an applied TaskDefinition and EcsService to the objects it writes, in
 * the operator's order: the registration rules, the stored revision (written and read back as the canonical JSON
 * a ControllerRevision holds), the task definition's own field report, the service rules, then the translation
 * of every capacity provider's share. What the reconcilers add around it is client work.
 */
final class OperatorPipeline {
  static final String NAMESPACE = "fuzz";
  static final String ACCOUNT = "123456789012";
  /** Nodes a DAEMON service is given: one and several, so both bounds paths run. */
  static final int[] DAEMON_NODES = {0, 1, 3};

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
    TaskDefinitionSpec stored = SpecHash.parse(SpecHash.canonicalJson(c.taskDefinition()));
    RegisteredTaskDefinition td = new RegisteredTaskDefinition(family, 1,
        RegisteredTaskDefinition.arn("us-east-1", ACCOUNT, family, 1), stored);
    List<FieldReport> reports = new ArrayList<>(PodTemplateTranslator.translate(td,
        PodTemplateTranslator.Options.DEFAULTS).reports());

    refused.addAll(ServiceValidator.validate(c.service(), stored));
    Placement.syntaxErrors(c.service(), stored).forEach(e -> refused.add(new ValidationIssue("placement", e)));
    if (!refused.isEmpty()) {
      return new Outcome(refused, List.of(), reports);
    }
    List<CapacityProviderStrategyItem> strategy = CapacityProviders.strategy(c.service(), c.cluster());
    List<List<HasMetadata>> plans = new ArrayList<>();
    if ("DAEMON".equals(c.service().schedulingStrategy)) {
      CapacityPlacement placement = CapacityProviders.placement(strategy.get(0).capacityProvider, c.cluster());
      for (int nodes : DAEMON_NODES) {
        ServiceTranslator.Objects o = ServiceTranslator.translate(context(c, td, placement, nodes, nodes));
        plans.add(o.all());
        reports.addAll(o.reports());
      }
    } else {
      List<HasMetadata> objects = new ArrayList<>();
      int desired = c.service().desiredCount == null ? 1 : c.service().desiredCount;
      ProviderDeployments.Plan plan = ProviderDeployments.replica(strategy, desired,
          (item, share) -> context(c, td, CapacityProviders.placement(item.capacityProvider, c.cluster()), share, 0),
          name -> null);
      for (ServiceTranslator.Objects o : plan.objects()) {
        objects.addAll(o.all());
        reports.addAll(o.reports());
      }
      plans.add(objects);
    }
    return new Outcome(List.of(), plans, reports);
  }

  private static ServiceContext context(FuzzCase c, RegisteredTaskDefinition td, CapacityPlacement placement,
      int desired, int eligibleNodes) {
    return new ServiceContext(c.name(), NAMESPACE, "default", c.service(), td, placement, desired, eligibleNodes,
        TaskRoleBinding.IRSA, ACCOUNT, null);
  }
}
