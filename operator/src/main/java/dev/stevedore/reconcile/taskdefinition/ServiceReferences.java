package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EcsServiceStatus;
import dev.stevedore.api.v1alpha1.ServiceDeployment;
import dev.stevedore.revision.TaskDefinitionReference;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The task definitions an EcsService refers to: the one it runs ({@code status.taskDefinition}), those its
 * deployments run and may roll back to ({@code status.deployments[].taskDefinition}), and the one its spec names
 * (a family, {@code family:N} or an ARN). Pure.
 */
final class ServiceReferences {
  /** Name of the index, on the EcsService cache, keyed by {@link Families#indexKey(String, String)}. */
  static final String BY_FAMILY_INDEX = "referenced-family";

  private ServiceReferences() {}

  static Set<TaskDefinitionReference> of(EcsService service) {
    Stream<String> fromSpec = Stream.ofNullable(service.getSpec()).map(spec -> spec.taskDefinition);
    Stream<String> fromStatus = Stream.ofNullable(service.getStatus()).flatMap(status -> Stream.concat(
        Stream.of(status.taskDefinition),
        Stream.ofNullable(status.deployments).flatMap(List::stream).map(deployment -> deployment.taskDefinition)));
    return Stream.concat(fromSpec, fromStatus)
        .flatMap(text -> TaskDefinitionReference.parse(text).stream())
        .collect(Collectors.toCollection(LinkedHashSet::new));
  }

  /**
   * Takes from {@code service} everything {@link #of} does not read: this reconciler's copy of the services is kept
   * for their references only, and a service's status (its deployments' counts, its events, its field reports) is
   * most of its size.
   */
  static void keepReferencesOnly(EcsService service) {
    EcsServiceSpec spec = new EcsServiceSpec();
    spec.taskDefinition = service.getSpec() == null ? null : service.getSpec().taskDefinition;
    service.setSpec(spec);
    EcsServiceStatus was = service.getStatus();
    if (was != null) {
      EcsServiceStatus status = new EcsServiceStatus();
      status.taskDefinition = was.taskDefinition;
      status.deployments = was.deployments == null ? null : was.deployments.stream().map(deployment -> {
        ServiceDeployment kept = new ServiceDeployment();
        kept.taskDefinition = deployment.taskDefinition;
        return kept;
      }).toList();
      service.setStatus(status);
    }
  }

  /** The indexer function of {@link #BY_FAMILY_INDEX}. */
  static List<String> familyIndexKeys(EcsService service) {
    return of(service).stream()
        .map(reference -> Families.indexKey(service.getMetadata().getNamespace(), reference.family()))
        .distinct().toList();
  }

  /** The revision numbers of {@code family} that any of the services runs, may roll back to, or pins. */
  static Set<Integer> revisionsInUse(Collection<EcsService> services, String family) {
    return services.stream().flatMap(service -> of(service).stream())
        .filter(reference -> reference.family().equals(family))
        .flatMap(reference -> reference.revision().stream())
        .collect(Collectors.toSet());
  }
}
