package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubeapitest.junit.EnableKubeAPIServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.Test;

@EnableKubeAPIServer(kubeAPIVersion = "1.34.4")
class CrdInstallIT {
  static KubernetesClient client;

  @Test
  void generatedCrdsAreAcceptedAndServed() {
    GeneratedCrds.install(client);
    assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
        .extracting(c -> c.getMetadata().getName())
        .contains("taskdefinitions.ecs.stevedore.dev", "ecsservices.ecs.stevedore.dev", "ecsclusters.ecs.stevedore.dev",
            "ecstasks.ecs.stevedore.dev");
  }
}
