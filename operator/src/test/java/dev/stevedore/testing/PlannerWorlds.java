package dev.stevedore.testing;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.EcsCluster;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.plan.ServiceWorld;
import dev.stevedore.reconcile.taskdefinition.RevisionManifests;
import dev.stevedore.translate.TaskRoleBinding;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.ControllerRevision;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import java.util.List;

/**
 * A service "web" of two tasks of nginx with a task role and a port, in cluster "default", planned on the local
 * cluster's six nodes: the world for tests that plan against objects a real API server holds.
 */
public final class PlannerWorlds {
  public static final ServiceWorld.Environment ENVIRONMENT = new ServiceWorld.Environment("us-east-1",
      "123456789012", TaskRoleBinding.IRSA);
  static final Instant REGISTERED = Instant.parse("2026-12-01T12:00:00Z");

  private PlannerWorlds() {}

  public static EcsService service(String namespace, int desired) {
    EcsService service = new EcsService();
    service.getMetadata().setName("web");
    service.getMetadata().setNamespace(namespace);
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.taskDefinition = "web";
    spec.desiredCount = desired;
    service.setSpec(spec);
    return service;
  }

  public static ServiceWorld world(EcsService service, List<Deployment> deployments, List<Service> services,
      List<ServiceAccount> serviceAccounts) {
    String namespace = service.getMetadata().getNamespace();
    EcsCluster cluster = new EcsCluster();
    cluster.getMetadata().setName("default");
    cluster.getMetadata().setNamespace(namespace);
    cluster.setSpec(new EcsClusterSpec());
    return new ServiceWorld(service, List.of(cluster), List.of(revision(namespace)), deployments, List.of(),
        List.of(), List.of(), TestNodes.ready(6), services, serviceAccounts, ENVIRONMENT, Instant.now());
  }

  static ControllerRevision revision(String namespace) {
    ContainerDefinition web = new ContainerDefinition();
    web.name = "web";
    web.image = "nginx:1.27";
    web.cpu = 256;
    web.memory = 1024;
    PortMapping port = new PortMapping();
    port.containerPort = 80;
    web.portMappings = List.of(port);
    TaskDefinitionSpec spec = new TaskDefinitionSpec();
    spec.family = "web";
    spec.taskRoleArn = "web-role";
    spec.containerDefinitions = List.of(web);
    TaskDefinition owner = new TaskDefinition();
    owner.getMetadata().setName("web");
    owner.getMetadata().setNamespace(namespace);
    owner.getMetadata().setUid("uid-td-web");
    return RevisionManifests.revision(owner, "web", RevisionManifests.frozenSpec(spec, "web"), 1, REGISTERED);
  }
}
