package dev.stevedore.e2e.scale;

import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.e2e.harness.Ecs;
import dev.stevedore.e2e.harness.InProcessOperator;
import dev.stevedore.plan.ServicePlan;
import dev.stevedore.plan.ServicePlanner;
import dev.stevedore.plan.ServiceWorld;
import dev.stevedore.reconcile.taskdefinition.RevisionManifests;
import dev.stevedore.translate.TaskRoleBinding;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The documents of the benchmark, and what "the same workload without Stevedore" means for them.
 *
 * <p>Each service is a family of its own with one small EC2 task (64 CPU units, 128 MiB) and a container health
 * check, run as 2 tasks with ECS's default deployment percentages (100 / 200). The health check is there so that the
 * comparison is equal: without one, ECS (and so Stevedore, through minReadySeconds 40) counts a task healthy only 40 s
 * after it starts, which a bare Deployment would not wait. A new revision changes the image.
 *
 * <p>The bare Deployments are not written by hand: each is what {@link ServicePlanner} plans for the same documents
 * (the revision stored as the TaskDefinition reconciler stores it, the cluster's real nodes), with the owner
 * reference to the EcsService removed. Pod template, replicas, selector and rolling bounds are thus exactly
 * Stevedore's, as is every label and annotation (they only cost the API server bytes, equally on both sides).
 */
final class ScaleDocuments {
  static final String CLUSTER = "default";
  static final String IMAGE_V1 = Ecs.IMAGE_V1;
  static final String IMAGE_V2 = Ecs.IMAGE_V2;
  private static final Instant PLANNED_AT = Instant.parse("2026-12-06T12:00:00Z");
  private static final ServiceWorld.Environment ENVIRONMENT = new ServiceWorld.Environment("us-east-1",
      InProcessOperator.ACCOUNT, TaskRoleBinding.IRSA);

  private final int tasksPerService;

  ScaleDocuments(int tasksPerService) {
    this.tasksPerService = tasksPerService;
  }

  static String name(int index) {
    return String.format(Locale.ROOT, "svc-%04d", index);
  }

  static EcsCluster cluster() {
    return Ecs.cluster(CLUSTER);
  }

  /** Revision 1 has {@link #IMAGE_V1}, revision 2 {@link #IMAGE_V2}. */
  static TaskDefinition taskDefinition(String family, int revision) {
    TaskDefinition td = Ecs.taskDefinition(family, revision == 1 ? IMAGE_V1 : IMAGE_V2, true);
    // No port: no Kubernetes Service, so both sides measure the workloads alone.
    td.getSpec().containerDefinitions.get(0).portMappings = null;
    td.getSpec().requiresCompatibilities = List.of("EC2");
    return td;
  }

  /** A REPLICA service on EC2 following its family's latest revision. */
  EcsService service(String name) {
    EcsService service = Ecs.replicaService(name, name, tasksPerService);
    service.getSpec().cluster = CLUSTER;
    service.getSpec().launchType = "EC2";
    return service;
  }

  /** What Stevedore writes for service {@code name} at {@code revision}, owner references removed. */
  List<HasMetadata> bareWorkload(String name, int revision, String namespace, List<Node> nodes) {
    TaskDefinition td = taskDefinition(name, 1);
    td.getMetadata().setNamespace(namespace);
    td.getMetadata().setUid("planned-" + name);
    List<ControllerRevision> revisions = new ArrayList<>();
    for (int r = 1; r <= revision; r++) {
      TaskDefinition at = taskDefinition(name, r);
      at.setMetadata(td.getMetadata());
      revisions.add(RevisionManifests.revision(at, name, RevisionManifests.frozenSpec(at.getSpec(), name), r,
          PLANNED_AT));
    }
    EcsService service = service(name);
    service.getMetadata().setNamespace(namespace);
    service.getMetadata().setUid("planned-" + name);
    service.getMetadata().setGeneration(1L);
    EcsCluster cluster = cluster();
    cluster.getMetadata().setNamespace(namespace);
    ServicePlan plan = ServicePlanner.plan(new ServiceWorld(service, List.of(cluster), revisions, List.of(),
        List.of(), List.of(), List.of(), nodes, List.of(), List.of(), ENVIRONMENT, PLANNED_AT));
    List<HasMetadata> objects = new ArrayList<>();
    for (ServicePlan.Write write : plan.writes()) {
      HasMetadata object = Serialization.clone(write.object());
      object.getMetadata().setOwnerReferences(null);
      object.getMetadata().setNamespace(namespace);
      objects.add(object);
    }
    if (objects.stream().noneMatch(Deployment.class::isInstance)) {
      throw new IllegalStateException("Stevedore plans no Deployment for " + name + ": " + plan.status().conditions);
    }
    return objects;
  }

  /** The pod template Stevedore writes for service {@code name} at {@code revision}. */
  PodTemplateSpec podTemplate(String name, int revision, String namespace, List<Node> nodes) {
    return bareWorkload(name, revision, namespace, nodes).stream().filter(Deployment.class::isInstance)
        .map(d -> ((Deployment) d).getSpec().getTemplate()).findFirst().orElseThrow();
  }
}
