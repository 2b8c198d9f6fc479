package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Set;

/**
 * Wakes the other TaskDefinitions of a family when one joins it, leaves it (its family changed) or is deleted,
 * so that one stalled on FamilyConflict takes the family over as soon as it is free rather than at the next
 * periodic resync. JOSDK tells every event source that is ResourceEventAware about each TaskDefinition event;
 * the family index on the TaskDefinition cache finds the siblings. It provides no secondary resources.
 */
final class FamilySiblingsEventSource extends AbstractEventSource<Void, TaskDefinition>
    implements ResourceEventAware<TaskDefinition> {
  static final String NAME = "family-siblings";

  private final IndexedResourceCache<TaskDefinition> taskDefinitions;

  FamilySiblingsEventSource(IndexedResourceCache<TaskDefinition> taskDefinitions) {
    super(Void.class, NAME);
    this.taskDefinitions = taskDefinitions;
  }

  @Override
  public void onResourceCreated(TaskDefinition created) {
    wakeSiblings(created);
  }

  @Override
  public void onResourceUpdated(TaskDefinition now, TaskDefinition before) {
    if (!Families.of(now).equals(Families.of(before))) {
      wakeSiblings(before);
      wakeSiblings(now);
    }
  }

  @Override
  public void onResourceDeleted(TaskDefinition deleted) {
    wakeSiblings(deleted);
  }

  @Override
  public Set<Void> getSecondaryResources(TaskDefinition primary) {
    return Set.of();
  }

  private void wakeSiblings(TaskDefinition member) {
    taskDefinitions.byIndex(Families.INDEX, Families.indexKey(member)).stream()
        .filter(sibling -> !sibling.getMetadata().getName().equals(member.getMetadata().getName()))
        .forEach(sibling -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(sibling))));
  }
}
