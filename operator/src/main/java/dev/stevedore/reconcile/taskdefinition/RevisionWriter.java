package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.revision.RevisionObjects;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import java.util.Map;

/**
 * Writes a TaskDefinition's ControllerRevisions, and hands each written object to the informer, so that the
 * next reconcile sees it even before the watch delivers it (and the watch event of our own write does not
 * trigger another reconcile). Without that a quick second reconcile could miss a revision just created and
 * register the same content again.
 */
final class RevisionWriter {
  private final KubernetesClient client;
  private final InformerEventSource<ControllerRevision, TaskDefinition> revisions;
  private final ResourceID owner;

  RevisionWriter(KubernetesClient client, InformerEventSource<ControllerRevision, TaskDefinition> revisions,
                 TaskDefinition owner) {
    this.client = client;
    this.revisions = revisions;
    this.owner = ResourceID.fromResource(owner);
  }

  /**
   * A server-side dry run of the create: admission, RBAC, validation and name clashes fail here, before the
   * family counter moves, so a revision that cannot be written does not burn a number on every retry.
   */
  void checkCreatable(ControllerRevision revision) {
    client.resource(revision).dryRun().create();
  }

  ControllerRevision create(ControllerRevision revision) {
    ControllerRevision created = client.resource(revision).create();
    revisions.handleRecentResourceCreate(owner, created);
    return created;
  }

  /** Labels the revision INACTIVE. Only metadata changes: a ControllerRevision's data is immutable. */
  ControllerRevision deactivate(ControllerRevision revision) {
    String patch = client.getKubernetesSerialization().asJson(
        Map.of("metadata", Map.of("labels", Map.of(RevisionObjects.STATUS_LABEL, RevisionObjects.INACTIVE))));
    ControllerRevision updated = client.resource(revision).patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    revisions.handleRecentResourceUpdate(owner, updated, revision);
    return updated;
  }

  void delete(ControllerRevision revision) {
    client.resource(revision).delete();
  }
}
