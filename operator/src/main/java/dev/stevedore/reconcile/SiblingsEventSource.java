package dev.stevedore.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Wakes the resources of a namespace that share a name with one that appears, changes that name or is deleted:
 * the TaskDefinitions of one family, the EcsClusters of one clusterName. One of them may be stalled on the
 * conflict (FamilyConflict, ClusterAlreadyExists); it takes the name over as soon as the name is free, and one
 * that has just become a duplicate says so at once, not at the next periodic resync. JOSDK tells every event
 * source that is ResourceEventAware about each event of the primary resource. It provides no secondary resources.
 *
 * @param <R> the primary resource
 */
public final class SiblingsEventSource<R extends HasMetadata> extends AbstractEventSource<Void, R>
    implements ResourceEventAware<R> {
  private final Function<R, String> sharedName;
  private final Function<R, Stream<R>> sameName;

  /**
   * @param name the event source's name
   * @param sharedName the name the siblings share (family, clusterName)
   * @param sameName the resources with the given one's shared name, itself included (an index lookup, say)
   */
  public SiblingsEventSource(String name, Function<R, String> sharedName, Function<R, Stream<R>> sameName) {
    super(Void.class, name);
    this.sharedName = sharedName;
    this.sameName = sameName;
  }

  @Override
  public void onResourceCreated(R created) {
    wakeSiblings(created);
  }

  @Override
  public void onResourceUpdated(R now, R before) {
    if (!sharedName.apply(now).equals(sharedName.apply(before))) {
      wakeSiblings(before);
      wakeSiblings(now);
    }
  }

  @Override
  public void onResourceDeleted(R deleted) {
    wakeSiblings(deleted);
  }

  @Override
  public Set<Void> getSecondaryResources(R primary) {
    return Set.of();
  }

  private void wakeSiblings(R member) {
    sameName.apply(member)
        .filter(sibling -> !sibling.getMetadata().getName().equals(member.getMetadata().getName()))
        .forEach(sibling -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(sibling))));
  }
}
