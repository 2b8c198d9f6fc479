package dev.stevedore.reconcile.cluster;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.status.ClusterNameConflict;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.ResourceEventAware;
import java.util.Set;

/**
 * Wakes the other EcsClusters of a namespace that share a clusterName when one appears, is renamed or is deleted,
 * so that one stalled on ClusterAlreadyExists becomes the cluster as soon as the name is free, and one that has
 * just become a duplicate says so at once. It provides no secondary resources.
 */
final class ClusterSiblingsEventSource extends AbstractEventSource<Void, EcsCluster>
    implements ResourceEventAware<EcsCluster> {
  static final String NAME = "cluster-name-siblings";

  private final IndexedResourceCache<EcsCluster> clusters;

  ClusterSiblingsEventSource(IndexedResourceCache<EcsCluster> clusters) {
    super(Void.class, NAME);
    this.clusters = clusters;
  }

  @Override
  public void onResourceCreated(EcsCluster created) {
    wakeSiblings(created);
  }

  @Override
  public void onResourceUpdated(EcsCluster now, EcsCluster before) {
    if (!EcsCluster.clusterName(now).equals(EcsCluster.clusterName(before))) {
      wakeSiblings(before);
      wakeSiblings(now);
    }
  }

  @Override
  public void onResourceDeleted(EcsCluster deleted) {
    wakeSiblings(deleted);
  }

  @Override
  public Set<Void> getSecondaryResources(EcsCluster primary) {
    return Set.of();
  }

  private void wakeSiblings(EcsCluster member) {
    String name = EcsCluster.clusterName(member);
    clusters.list(member.getMetadata().getNamespace())
        .filter(sibling -> !sibling.getMetadata().getName().equals(member.getMetadata().getName()))
        .filter(sibling -> name.equals(EcsCluster.clusterName(sibling)))
        .forEach(sibling -> getEventHandler().handleEvent(new Event(ResourceID.fromResource(sibling))));
  }
}
