package dev.stevedore.api;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The CRDs the build generated (target/classes/META-INF/fabric8), as tests install them. */
public final class GeneratedCrds {
  public static final List<String> FILES = List.of(
      "ecsclusters.ecs.stevedore.dev-v1.yml",
      "ecsservices.ecs.stevedore.dev-v1.yml",
      "ecstasks.ecs.stevedore.dev-v1.yml",
      "taskdefinitions.ecs.stevedore.dev-v1.yml");

  private GeneratedCrds() {}

  public static CustomResourceDefinition load(String file) {
    try (InputStream in = GeneratedCrds.class.getResourceAsStream("/META-INF/fabric8/" + file)) {
      if (in == null) {
        throw new IllegalStateException("generated CRD " + file + " is missing: run the build (process-classes)");
      }
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates (or replaces) every CRD server-side and waits until the API server serves them. */
  public static void install(KubernetesClient client) {
    for (String file : FILES) {
      CustomResourceDefinition crd = load(file);
      client.resource(crd).forceConflicts().serverSideApply();
      client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
          .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null
              && c.getStatus().getConditions().stream()
                  .anyMatch(x -> "Established".equals(x.getType()) && "True".equals(x.getStatus())),
              60, TimeUnit.SECONDS);
    }
  }
}
