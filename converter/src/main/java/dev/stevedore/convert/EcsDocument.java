package dev.stevedore.convert;

import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import java.util.List;

/** One ECS document read from an input file, in the API's shape, with what reading it took. */
sealed interface EcsDocument {
  /** The file, and where in it ({@code Resources.TaskDef} in a template; empty for the whole file). */
  Source source();

  /** Which resource it is, as the report names it: {@code TaskDefinition web}. */
  String title();

  /** What reading it did. */
  Reading reading();

  /**
   * What reading a document did.
   *
   * @param notes wrappers removed, values converted, names that stood in, members dropped
   * @param unresolved the references nothing resolved, and whether a placeholder stands in for each
   */
  record Reading(List<String> notes, List<RequiredValues.Settled> unresolved) {
    static final Reading NONE = new Reading(List.of(), List.of());
  }

  record Source(String file, String where) {
    String display() {
      return where.isEmpty() ? file : file + " " + where;
    }
  }

  record TaskDefinitionDocument(Source source, String family, TaskDefinitionSpec spec, Reading reading)
      implements EcsDocument {
    public String title() {
      return "TaskDefinition " + family;
    }
  }

  record ServiceDocument(Source source, String name, EcsServiceSpec spec, Reading reading) implements EcsDocument {
    public String title() {
      return "EcsService " + name;
    }
  }

  record ClusterDocument(Source source, String name, EcsClusterSpec spec, Reading reading) implements EcsDocument {
    public String title() {
      return "EcsCluster " + name;
    }
  }

  /**
   * Service auto scaling declared in a CloudFormation template: an AWS::ApplicationAutoScaling::ScalableTarget on a
   * service's desired count, with its target tracking policies.
   *
   * @param service the ECS service name it scales
   * @param minCapacity MinCapacity
   * @param maxCapacity MaxCapacity
   * @param policies the target tracking policies
   */
  record ScalingDocument(Source source, String service, int minCapacity, int maxCapacity,
                         List<TargetTracking> policies, Reading reading) implements EcsDocument {
    public String title() {
      return "ScalableTarget " + service;
    }
  }

  /**
   * One target tracking policy.
   *
   * @param where its resource, for reports
   * @param metricType PredefinedMetricType, or null for a customized metric
   * @param targetValue TargetValue
   * @param scaleInCooldown ScaleInCooldown in seconds, or null
   * @param disableScaleIn DisableScaleIn
   */
  record TargetTracking(String where, String metricType, double targetValue, Integer scaleInCooldown,
                        boolean disableScaleIn) {}
}
