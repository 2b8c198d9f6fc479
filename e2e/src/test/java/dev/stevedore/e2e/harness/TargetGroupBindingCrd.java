package dev.stevedore.e2e.harness;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The test stand-in for the AWS Load Balancer Controller's CRD (src/test/resources/crds/): installed as the
 * controller's chart would, and removed again, since the cluster is shared by the whole suite. Both wait until API
 * discovery, which the operator asks, agrees.
 */
public final class TargetGroupBindingCrd {
  public static final String NAME = "targetgroupbindings.elbv2.k8s.aws";
  public static final String API_VERSION = "elbv2.k8s.aws/v1beta1";
  public static final String KIND = "TargetGroupBinding";
  private static final Duration WITHIN = Duration.ofSeconds(60);

  private TargetGroupBindingCrd() {}

  public static void install(KubernetesClient client) {
    CustomResourceDefinition crd;
    try (InputStream in = TargetGroupBindingCrd.class.getResourceAsStream("/crds/" + NAME + ".yaml")) {
      crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    client.apiextensions().v1().customResourceDefinitions().resource(crd)
        .fieldManager(StevedoreCrds.FIELD_MANAGER).forceConflicts().serverSideApply();
    client.apiextensions().v1().customResourceDefinitions().withName(NAME)
        .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
            && c.getStatus().getConditions().stream()
                .anyMatch(s -> "Established".equals(s.getType()) && "True".equals(s.getStatus())),
            WITHIN.toSeconds(), TimeUnit.SECONDS);
    Waits.until("discovery lists " + KIND, WITHIN, () -> client.supports(API_VERSION, KIND), Boolean::booleanValue,
        String::valueOf);
  }

  /** Removes the CRD (and with it every binding) if it is there. */
  public static void remove(KubernetesClient client) {
    client.apiextensions().v1().customResourceDefinitions().withName(NAME).delete();
    client.apiextensions().v1().customResourceDefinitions().withName(NAME)
        .waitUntilCondition(java.util.Objects::isNull, WITHIN.toSeconds(), TimeUnit.SECONDS);
    Waits.until("discovery no longer lists " + KIND, WITHIN, () -> client.supports(API_VERSION, KIND),
        served -> !served, String::valueOf);
  }
}
