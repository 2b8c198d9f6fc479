package dev.stevedore.reconcile.service;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.observability.ServiceMetrics;
import dev.stevedore.plan.ServicePlan;
import dev.stevedore.plan.ServicePlanner;
import dev.stevedore.plan.ServiceWorld;
import dev.stevedore.reconcile.KubernetesEvents;
import dev.stevedore.reconcile.ObjectWriter;
import dev.stevedore.reconcile.StatusPatch;
import dev.stevedore.status.ServiceEvents;
import dev.stevedore.translate.AutoScalingTranslator;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs an EcsService: reads what it needs from the caches, lets {@link ServicePlanner} decide, carries the plan out
 * and records the status and events it computed. Everything about ECS is in the planner.
 */
public class EcsServiceReconciler implements Reconciler<EcsService> {
  private final Clock clock;
  private final ServiceWorld.Environment environment;
  private final ServiceInformers informers = new ServiceInformers();
  private ServiceMetrics metrics;
  private MeterRegistry registry;
  private volatile ObjectWriter writer;

  public EcsServiceReconciler(OperatorSettings settings, Clock clock) {
    this.clock = clock;
    this.environment = new ServiceWorld.Environment(settings.region(), settings.account(), settings.taskRoleBinding());
  }

  /** Publishes the service's task counts and the writes Stevedore makes. */
  public EcsServiceReconciler withMetrics(ServiceMetrics metrics, MeterRegistry registry) {
    this.metrics = metrics;
    this.registry = registry;
    return this;
  }

  @Override
  public List<EventSource<?, EcsService>> prepareEventSources(EventSourceContext<EcsService> context) {
    writer = new ObjectWriter(context.getClient(), clock, registry);
    return informers.create(context);
  }

  @Override
  public UpdateControl<EcsService> reconcile(EcsService service, Context<EcsService> context) {
    Optional<Integer> initialCount = AutoScalingTranslator.initialCount(service.getSpec());
    if (initialCount.isPresent()) {
      // A merge patch of the one field (the scale subresource cannot be read while the field is absent): the
      // autoscaler takes the field over at its first change, and GitOps manifests without desiredCount never touch
      // it. The change wakes the next reconcile.
      context.getClient().resource(service).patch(new PatchContext.Builder().withPatchType(PatchType.JSON_MERGE)
          .withFieldManager("stevedore").build(), "{\"spec\":{\"desiredCount\":" + initialCount.get() + "}}");
      return UpdateControl.noUpdate();
    }
    ServiceWorld world = informers.observe(service, environment, clock.instant(), context);
    ServicePlan plan = ServicePlanner.plan(world);
    Optional<Duration> heldBack = Optional.empty();
    for (ServicePlan.Write write : plan.writes()) {
      heldBack = earliest(heldBack, writer.write(write));
    }
    plan.deletes().forEach(writer::delete);
    if (plan.statusChanged()) {
      // Patch and cache: the next reconcile must start from this status, or it would compute its events again.
      PrimaryUpdateAndCacheUtils.ssaPatchStatusAndCacheResource(service,
          StatusPatch.of(service, plan.status(), EcsService::new), context);
      KubernetesEvents events = new KubernetesEvents(context.getClient(), clock);
      for (ServiceEvent e : plan.newEvents()) {
        if (ServiceEvents.recordedAsKubernetesEvent(e.message)) {
          events.normal(service, "ServiceEvent", e.message);
        }
      }
      if (plan.newStall() != null) {
        events.warning(service, plan.newStall().reason(), plan.newStall().message());
      }
    }
    if (metrics != null) {
      metrics.record(service.getMetadata().getNamespace(), service.getMetadata().getName(), plan.status());
      metrics.prune((namespace, name) -> context.getPrimaryCache().get(new ResourceID(name, namespace)).isPresent(),
          Duration.ofMinutes(1), clock.instant());
    }
    UpdateControl<EcsService> control = UpdateControl.noUpdate();
    earliest(earliest(plan.recheckAfter(), heldBack), informers.recheckForBindings(world))
        .ifPresent(control::rescheduleAfter);
    return control;
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    return b.isEmpty() || a.get().compareTo(b.get()) <= 0 ? a : b;
  }
}
