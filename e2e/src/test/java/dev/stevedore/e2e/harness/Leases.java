package dev.stevedore.e2e.harness;

import dev.stevedore.config.OperatorSettings;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.Objects;

/** The operator's leader-election Lease, as tests watch it change hands. */
public final class Leases {
  private Leases() {}

  public static Lease lease(KubernetesClient admin, String namespace) {
    return admin.leases().inNamespace(namespace).withName(OperatorSettings.LEASE_NAME).get();
  }

  /** Who holds the Lease; empty when nobody does or there is no Lease. */
  public static String holder(Lease lease) {
    return lease == null || lease.getSpec() == null ? "" : Objects.toString(lease.getSpec().getHolderIdentity(), "");
  }

  public static void awaitHolder(KubernetesClient admin, String namespace, String identity, Duration timeout) {
    Waits.until("Lease " + namespace + "/" + OperatorSettings.LEASE_NAME + " held by " + identity, timeout,
        () -> lease(admin, namespace), lease -> holder(lease).equals(identity), lease -> "holder " + holder(lease));
  }
}
