package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.FieldReport;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Everything one EcsService becomes on Kubernetes, in one call. */
public final class ServiceTranslator {

  /**
   * The objects of a service.
   *
   * @param serviceAccount the task role's ServiceAccount, if the task has a role
   * @param workload the Deployment (REPLICA) or DaemonSet (DAEMON)
   * @param service the Kubernetes Service for the container ports, if there are any
   * @param bounds the rolling bounds the workload was written with
   * @param desiredCount the tasks the workload runs: the context's count, or the eligible nodes of a DaemonSet
   * @param reports ECS fields of the service and its task definition not honoured exactly
   */
  public record Objects(Optional<ServiceAccount> serviceAccount, HasMetadata workload, Optional<Service> service,
                        RollingUpdateBounds bounds, int desiredCount, List<FieldReport> reports) {

    /** In apply order: the ServiceAccount before the pods that use it. */
    public List<HasMetadata> all() {
      List<HasMetadata> all = new ArrayList<>();
      serviceAccount.ifPresent(all::add);
      all.add(workload);
      service.ifPresent(all::add);
      return all;
    }
  }

  private ServiceTranslator() {}

  public static Objects translate(ServiceContext ctx) {
    Optional<ServiceAccount> sa = ServiceAccountTranslator.serviceAccount(ctx.taskDefinition(), ctx.namespace(),
        ctx.roleBinding(), ctx.awsAccount());
    Optional<Service> service = KubernetesServiceTranslator.service(ctx);
    if (ctx.isDaemon()) {
      WorkloadTranslator.DaemonSetResult ds = WorkloadTranslator.daemonSet(ctx);
      return new Objects(sa, ds.daemonSet(), service, ds.bounds(), ds.eligibleNodes(), ds.reports());
    }
    WorkloadTranslator.DeploymentResult d = WorkloadTranslator.deployment(ctx);
    return new Objects(sa, d.deployment(), service, d.bounds(), ctx.desiredCount(), d.reports());
  }
}
