package dev.stevedore.status;

import dev.stevedore.testing.TestNodes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.DeploymentCircuitBreaker;
import dev.stevedore.api.v1alpha1.DeploymentConfiguration;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.FieldReport;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.translate.CapacityProviders;
import dev.stevedore.translate.RegisteredTaskDefinition;
import dev.stevedore.translate.ServiceContext;
import dev.stevedore.translate.ServiceTranslator;
import dev.stevedore.translate.TaskRoleBinding;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A rollback runs the last completed deployment's translation again. It must come out byte for byte the same as
 * when that deployment first ran, or the Deployment controller would start a new ReplicaSet (a new
 * pod-template-hash) instead of scaling the old one back up: a healthy revision redeployed over itself.
 */
class RollbackTranslationTest {
  static final String ACCOUNT = "123456789012";

  @Test
  void theRevisionRolledBackToTranslatesToTheSamePodTemplateAsBefore() {
    EcsServiceSpec spec = spec("REPLICA");
    String before = Serialization.asJson(((Deployment) translate(spec, 1, "nginx:1.27", "token-1").workload())
        .getSpec().getTemplate());
    String failed = Serialization.asJson(((Deployment) translate(spec, 2, "registry.example.com/crashloop:1", "token-1")
        .workload()).getSpec().getTemplate());
    String rolledBack = Serialization.asJson(((Deployment) translate(spec, 1, "nginx:1.27", "token-1").workload())
        .getSpec().getTemplate());
    assertThat(rolledBack).isEqualTo(before).isNotEqualTo(failed);
  }

  @Test
  void theDaemonSetRolledBackToIsTheSameToo() {
    EcsServiceSpec spec = spec("DAEMON");
    String before = Serialization.asJson(((DaemonSet) translate(spec, 1, "agent:1", null).workload()).getSpec()
        .getTemplate());
    translate(spec, 2, "agent:crashloop", null);
    String rolledBack = Serialization.asJson(((DaemonSet) translate(spec, 1, "agent:1", null).workload()).getSpec()
        .getTemplate());
    assertThat(rolledBack).isEqualTo(before);
  }

  @Test
  void anEnforcedBreakerIsNoLongerReportedAsUnsupported() {
    EcsServiceSpec spec = spec("REPLICA");
    List<FieldReport> reports = translate(spec, 1, "nginx:1.27", null).reports();
    assertThat(reports).noneMatch(r -> r.field != null && r.field.contains("deploymentCircuitBreaker"));
    spec.deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask = true;
    assertThat(translate(spec, 1, "nginx:1.27", null).reports())
        .anyMatch(r -> "service.deploymentConfiguration.deploymentCircuitBreaker.resetOnHealthyTask".equals(r.field));
  }

  static EcsServiceSpec spec(String scheduling) {
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.serviceName = "web";
    spec.taskDefinition = "web";
    spec.schedulingStrategy = scheduling;
    spec.desiredCount = "DAEMON".equals(scheduling) ? null : 4;
    spec.deploymentConfiguration = new DeploymentConfiguration();
    spec.deploymentConfiguration.minimumHealthyPercent = 50;
    spec.deploymentConfiguration.maximumPercent = "DAEMON".equals(scheduling) ? 100 : 200;
    spec.deploymentConfiguration.deploymentCircuitBreaker = new DeploymentCircuitBreaker();
    spec.deploymentConfiguration.deploymentCircuitBreaker.enable = true;
    spec.deploymentConfiguration.deploymentCircuitBreaker.rollback = true;
    return spec;
  }

  static ServiceTranslator.Objects translate(EcsServiceSpec spec, int revision, String image, String restartedAt) {
    ContainerDefinition web = new ContainerDefinition();
    web.name = "web";
    web.image = image;
    web.essential = true;
    web.memory = 128;
    TaskDefinitionSpec td = new TaskDefinitionSpec();
    td.family = "web";
    td.containerDefinitions = List.of(web);
    RegisteredTaskDefinition registered = new RegisteredTaskDefinition("web", revision,
        RegisteredTaskDefinition.arn("us-east-1", ACCOUNT, "web", revision), td);
    boolean daemon = "DAEMON".equals(spec.schedulingStrategy);
    return ServiceTranslator.translate(new ServiceContext("web", "default", "default", spec, registered,
        CapacityProviders.builtIn(daemon ? "EC2" : "FARGATE"), daemon ? 6 : 4, TestNodes.ready(6), TaskRoleBinding.IRSA, ACCOUNT,
        restartedAt));
  }
}
