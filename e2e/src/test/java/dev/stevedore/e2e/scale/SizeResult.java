package dev.stevedore.e2e.scale;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The figures of one size of the benchmark. Times in seconds from the first document sent; memory in MiB.
 *
 * @param services services (and Deployments) at this size
 * @param tasks pods per service
 * @param nodes Ready nodes in the cluster
 * @param baselineCreated the last bare Deployment created
 * @param baselineReady the last bare Deployment Ready (available = desired, observedGeneration current)
 * @param stevedoreCreated the last TaskDefinition and EcsService applied
 * @param stevedoreStable the last EcsService Stable at revision 1 (observedGeneration current)
 * @param baselineRollout from the first template patch to the last bare Deployment rolled out
 * @param stevedoreRollout from the first new revision applied to the last EcsService Stable at revision 2
 * @param operatorCpuSeconds the operator's CPU (user + system) from the first document to the end of the rollout
 * @param heapAfterGcMiB heap in use after a full GC, all services Stable
 * @param rssMiB the operator's resident memory at the same moment
 * @param apiRequests requests the operator sent from the first document to the end of the rollout
 * @param apiRequestsByVerb the same by verb (get, list, watch, create, update, patch, delete)
 * @param apiRequestsByResource the same by verb and resource ("patch ecsservices/status")
 * @param baselineControlPlaneCpu CPU seconds of each control-plane component from the first bare Deployment to the
 *     last one rolled out
 * @param stevedoreControlPlaneCpu the same from the first document to the last service Stable at revision 2
 * @param reconciles reconciles started in the same time, all controllers
 * @param reconcileP50Ms median reconcile time (JOSDK's timer histogram, same time span)
 * @param reconcileP99Ms 99th percentile of the same
 * @param reconcilesByKind reconciles and their p50 / p99 per kind (TaskDefinition, EcsService), same span
 * @param idleSeconds the idle window after the rollout
 * @param idleWrites objects the operator wrote in it (stevedore_writes_total)
 * @param idleChangedObjects Stevedore objects whose resourceVersion changed in it (EcsServices, TaskDefinitions,
 *     Deployments, ControllerRevisions, Stevedore's ConfigMaps)
 * @param idleRequests API requests the operator sent in it
 * @param timeline per gap in a service's life, the median and maximum over the services
 */
record SizeResult(int services, int tasks, int nodes, double baselineCreated, double baselineReady,
                  double stevedoreCreated, double stevedoreStable, double baselineRollout, double stevedoreRollout,
                  double operatorCpuSeconds, double heapAfterGcMiB, double rssMiB, double apiRequests,
                  Map<String, Double> apiRequestsByVerb, Map<String, Double> apiRequestsByResource,
                  Map<String, Double> baselineControlPlaneCpu, Map<String, Double> stevedoreControlPlaneCpu,
                  double reconciles, double reconcileP50Ms, double reconcileP99Ms,
                  Map<String, KindFigures> reconcilesByKind, double idleSeconds,
                  double idleWrites, int idleChangedObjects, double idleRequests, Map<String, Gap> timeline) {

  public double createRatio() {
    return stevedoreStable / baselineReady;
  }

  public double rolloutRatio() {
    return stevedoreRollout / baselineRollout;
  }

  public double requestsPerReconcile() {
    return reconciles == 0 ? 0 : apiRequests / reconciles;
  }

  /** One reconciler's reconciles in a span, and their median and 99th percentile in ms. */
  record KindFigures(double reconciles, double p50Ms, double p99Ms) {}

  /** Median and maximum of one gap over the services, in milliseconds. */
  record Gap(long medianMs, long maxMs, int services) {
    static Gap of(List<Long> millis) {
      long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
      if (sorted.length == 0) {
        return new Gap(0, 0, 0);
      }
      return new Gap(sorted[(sorted.length - 1) / 2], sorted[sorted.length - 1], sorted.length);
    }
  }

  /** An empty timeline that keeps its gaps in the order they are added. */
  static Map<String, Gap> newTimeline() {
    return new LinkedHashMap<>();
  }
}
