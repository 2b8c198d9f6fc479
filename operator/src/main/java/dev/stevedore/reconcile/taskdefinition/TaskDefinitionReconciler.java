package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionStatus;
import dev.stevedore.config.OperatorSettings;
import dev.stevedore.naming.Labels;
import dev.stevedore.reconcile.KubernetesEvents;
import dev.stevedore.reconcile.LeanStore;
import dev.stevedore.reconcile.SiblingsEventSource;
import dev.stevedore.reconcile.StatusPatch;
import dev.stevedore.revision.FamilyRevisions;
import dev.stevedore.revision.FamilyRevisions.Revision;
import dev.stevedore.revision.RevisionObjects;
import dev.stevedore.revision.SpecHash;
import dev.stevedore.status.StatusComparison;
import dev.stevedore.status.TaskDefinitionStatusCalculator;
import dev.stevedore.status.TaskDefinitionStatusCalculator.Failed;
import dev.stevedore.status.TaskDefinitionStatusCalculator.FamilyTaken;
import dev.stevedore.status.TaskDefinitionStatusCalculator.Outcome;
import dev.stevedore.status.TaskDefinitionStatusCalculator.Registered;
import dev.stevedore.status.TaskDefinitionStatusCalculator.Rejected;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.validate.ValidationIssue;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.Informer;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.ErrorStatusUpdateControl;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Turns each distinct spec of a TaskDefinition into a numbered, immutable revision (a ControllerRevision owned
 * by the TaskDefinition), deregisters the revisions its annotation lists, deletes those retention lets go, and
 * reports the family in status. What to do is decided by the pure classes of this package and by
 * {@link TaskDefinitionStatusCalculator}; this class reads the caches and writes.
 *
 * <p>Registering writes twice, counter first: the family counter ConfigMap goes up to N, then revision N is
 * created. Between the two, a crash or a failed create leaves N issued but unused, and the retry takes N+1:
 * a number can be skipped, never reused. After a failed create, the family's next attempts first create the
 * revision as a server-side dry run, so an error that would fail every attempt (RBAC, admission, a name that is
 * taken) skips one number, not one per retry. Registering reads nothing in the common case: see
 * {@link FamilyCounter}.
 *
 * <p>In steady state a reconcile writes nothing: the status is patched only when it changed.
 */
@ControllerConfiguration(name = TaskDefinitionReconciler.NAME,
    // Generation-aware processing would ignore the deregister annotation; the filter lets it through instead.
    generationAwareEventProcessing = false,
    informer = @Informer(onUpdateFilter = TaskDefinitionUpdateFilter.class))
public class TaskDefinitionReconciler implements Reconciler<TaskDefinition> {
  public static final String NAME = "taskdefinition";
  private static final String REGISTERED_EVENT = "Registered";
  private static final String DEREGISTERED_EVENT = "Deregistered";
  private static final String DELETED_EVENT = "RevisionDeleted";
  /**
   * Stevedore's revision objects: DaemonSets also keep ControllerRevisions, labelled like their Stevedore pods,
   * but only task definition revisions carry the status label.
   */
  private static final String REVISION_SELECTOR = Labels.MANAGED_BY + "=" + Labels.MANAGED_BY_VALUE + ","
      + RevisionObjects.STATUS_LABEL;

  private final OperatorSettings settings;
  private final Clock clock;
  private final TaskDefinitionStatusCalculator statuses;
  private InformerEventSource<ControllerRevision, TaskDefinition> revisions;
  private InformerEventSource<EcsService, TaskDefinition> services;
  private final FamilyCounter counters = new FamilyCounter();
  /**
   * Families (namespace/family) whose last revision create failed. Their next attempt first creates the revision
   * as a server-side dry run, so an error that fails every attempt (RBAC, admission, a name that is taken) moves
   * the counter once, not on every retry.
   */
  private final Set<String> failedCreates = ConcurrentHashMap.newKeySet();

  public TaskDefinitionReconciler(OperatorSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.statuses = new TaskDefinitionStatusCalculator(settings.region(), settings.account(), clock);
  }

  @Override
  public List<EventSource<?, TaskDefinition>> prepareEventSources(EventSourceContext<TaskDefinition> context) {
    IndexerResourceCache<TaskDefinition> taskDefinitions = context.getPrimaryCache();
    taskDefinitions.addIndexer(Families.INDEX, Families::indexKeys);
    // Revisions are owned by their TaskDefinition: JOSDK maps them back through the owner reference.
    revisions = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(ControllerRevision.class, TaskDefinition.class).withName("revisions")
        .withLabelSelector(REVISION_SELECTOR).withItemStore(LeanStore.forController(context))
        .build(), context);
    // Services belong to no TaskDefinition; they name families. Only a change of what they name can change what
    // retention keeps, so other service updates (counts, events) are filtered out.
    services = new InformerEventSource<>(InformerEventSourceConfiguration
        .from(EcsService.class, TaskDefinition.class).withName("services")
        .withItemStore(LeanStore.forController(context, ServiceReferences::keepReferencesOnly))
        .withSecondaryToPrimaryMapper(service -> referencedTaskDefinitions(service, taskDefinitions))
        .withOnUpdateFilter((now, before) -> !ServiceReferences.of(now).equals(ServiceReferences.of(before)))
        .build(), context);
    services.addIndexer(ServiceReferences.BY_FAMILY_INDEX, ServiceReferences::familyIndexKeys);
    return List.of(revisions, services, new SiblingsEventSource<TaskDefinition>("family-siblings", Families::of,
        td -> taskDefinitions.byIndex(Families.INDEX, Families.indexKey(td)).stream()));
  }

  @Override
  public UpdateControl<TaskDefinition> reconcile(TaskDefinition taskDefinition, Context<TaskDefinition> context) {
    String family = Families.of(taskDefinition);
    KubernetesEvents events = new KubernetesEvents(context.getClient(), clock);
    List<ControllerRevision> owned = ownedRevisions(taskDefinition, context);
    TaskDefinition familyOwner = FamilyOwnership.owner(familyMembers(taskDefinition, context.getPrimaryCache()));
    Outcome outcome;
    if (!familyOwner.getMetadata().getName().equals(taskDefinition.getMetadata().getName())) {
      outcome = new FamilyTaken(familyOwner.getMetadata().getName());
    } else {
      DeregisterAnnotation deregister = DeregisterAnnotation.of(taskDefinition);
      List<ValidationIssue> issues = RegistrationRules.check(taskDefinition.getSpec(), family, deregister);
      if (issues.isEmpty()) {
        owned = maintain(taskDefinition, family, deregister, owned, context, events);
        outcome = new Registered();
      } else {
        outcome = new Rejected(issues);
      }
    }
    TaskDefinitionStatus status = statuses.compute(taskDefinition.getMetadata().getGeneration(),
        FamilyRevisions.of(family, owned), outcome, taskDefinition.getStatus());
    TaskDefinitionStatusCalculator.newStall(taskDefinition.getStatus(), status)
        .ifPresent(stall -> events.warning(taskDefinition, stall.getReason(), stall.getMessage()));
    return StatusComparison.unchanged(taskDefinition.getStatus(), status)
        ? UpdateControl.noUpdate() : UpdateControl.patchStatus(StatusPatch.of(taskDefinition, status, TaskDefinition::new));
  }

  @Override
  public ErrorStatusUpdateControl<TaskDefinition> updateErrorStatus(TaskDefinition taskDefinition,
      Context<TaskDefinition> context, Exception error) {
    String family = Families.of(taskDefinition);
    FamilyRevisions revisionsNow = FamilyRevisions.of(family, ownedRevisions(taskDefinition, context));
    TaskDefinitionStatus status = statuses.compute(taskDefinition.getMetadata().getGeneration(), revisionsNow,
        new Failed(String.valueOf(error.getMessage())), taskDefinition.getStatus());
    return StatusComparison.unchanged(taskDefinition.getStatus(), status)
        ? ErrorStatusUpdateControl.noStatusUpdate()
        : ErrorStatusUpdateControl.patchStatus(StatusPatch.of(taskDefinition, status, TaskDefinition::new));
  }

  /** Registers the applied spec when it changed, deregisters, applies retention; returns the revisions left. */
  private List<ControllerRevision> maintain(TaskDefinition taskDefinition, String family,
      DeregisterAnnotation deregister, List<ControllerRevision> owned, Context<TaskDefinition> context,
      KubernetesEvents events) {
    RevisionWriter writer = new RevisionWriter(context.getClient(), revisions, taskDefinition);
    List<ControllerRevision> current = new ArrayList<>(owned);
    TaskDefinitionSpec frozenSpec = RevisionManifests.frozenSpec(taskDefinition.getSpec(), family);
    if (Registration.isNeeded(FamilyRevisions.of(family, current), SpecHash.of(frozenSpec))) {
      current.add(register(taskDefinition, family, frozenSpec, current, writer, context, events));
    }
    for (Revision revision : deregister.stillActiveIn(FamilyRevisions.of(family, current))) {
      current.remove(revision.object());
      current.add(writer.deactivate(revision.object()));
      events.normal(taskDefinition, DEREGISTERED_EVENT, "revision " + revision.number() + " is INACTIVE");
    }
    Set<Integer> inUse = ServiceReferences.revisionsInUse(
        services.byIndex(ServiceReferences.BY_FAMILY_INDEX, Families.indexKey(taskDefinition)), family);
    for (Revision revision : RevisionRetention.toDelete(FamilyRevisions.of(family, current),
        settings.revisionRetention(), inUse)) {
      writer.delete(revision.object());
      current.remove(revision.object());
      events.normal(taskDefinition, DELETED_EVENT, "deleted revision " + revision.number() + ": retention keeps the"
          + " newest " + settings.revisionRetention() + " and those services use");
    }
    return current;
  }

  private ControllerRevision register(TaskDefinition taskDefinition, String family, TaskDefinitionSpec frozenSpec,
      List<ControllerRevision> owned, RevisionWriter writer, Context<TaskDefinition> context,
      KubernetesEvents events) {
    String namespace = taskDefinition.getMetadata().getNamespace();
    KubernetesClient client = context.getClient();
    // Revisions of the family that other TaskDefinitions own count too: their names must not be taken again.
    List<ControllerRevision> stored = Stream.concat(owned.stream(), revisions.list(namespace, r -> true)).toList();
    int highestStored = Registration.highestStored(FamilyRevisions.of(family, stored));
    String familyKey = namespace + "/" + family;
    FamilyCounter.Reading reading = counters.remembered(namespace, family);
    int number = Registration.nextNumber(reading.lastIssued(), highestStored);
    ControllerRevision revision = RevisionManifests.revision(taskDefinition, family, frozenSpec, number,
        clock.instant());
    if (failedCreates.contains(familyKey)) {
      writer.checkCreatable(revision);
    }
    try {
      counters.advance(client, reading, number);
    } catch (KubernetesClientException e) {
      if (!FamilyCounter.existedAlready(reading, e)) {
        throw e;
      }
      reading = counters.read(client, namespace, family);
      number = Registration.nextNumber(reading.lastIssued(), highestStored);
      revision = RevisionManifests.revision(taskDefinition, family, frozenSpec, number, clock.instant());
      counters.advance(client, reading, number);
    }
    ControllerRevision created;
    try {
      created = writer.create(revision);
    } catch (KubernetesClientException e) {
      failedCreates.add(familyKey);
      throw e;
    }
    failedCreates.remove(familyKey);
    events.normal(taskDefinition, REGISTERED_EVENT, "registered revision " + number + " as "
        + RegisteredTaskDefinition.arn(settings.region(), settings.account(), family, number));
    return created;
  }

  /**
   * The revisions this TaskDefinition controls. Those of an earlier object of the same name (deleted and applied
   * again before garbage collection removed them) are left to the garbage collector.
   */
  private static List<ControllerRevision> ownedRevisions(TaskDefinition taskDefinition,
      Context<TaskDefinition> context) {
    return context.getSecondaryResources(ControllerRevision.class).stream()
        .filter(revision -> RevisionManifests.isControlledBy(revision, taskDefinition)).toList();
  }

  private static List<TaskDefinition> familyMembers(TaskDefinition taskDefinition,
      IndexedResourceCache<TaskDefinition> taskDefinitions) {
    String name = taskDefinition.getMetadata().getName();
    return Stream.concat(Stream.of(taskDefinition), taskDefinitions.byIndex(Families.INDEX,
        Families.indexKey(taskDefinition)).stream().filter(other -> !other.getMetadata().getName().equals(name)))
        .toList();
  }

  private static Set<ResourceID> referencedTaskDefinitions(EcsService service,
      IndexedResourceCache<TaskDefinition> taskDefinitions) {
    return ServiceReferences.familyIndexKeys(service).stream()
        .flatMap(key -> taskDefinitions.byIndex(Families.INDEX, key).stream())
        .map(ResourceID::fromResource).collect(Collectors.toSet());
  }

}
