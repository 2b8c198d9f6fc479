package dev.stevedore.ecsapi.auth;

import dev.stevedore.api.v1alpha1.ApiGroup;
import dev.stevedore.ecsapi.EcsApiException;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * RBAC decides what a key may do. Writes run as the key's Kubernetes user by impersonation, so the API server's
 * authorizers and admission see the user, not the operator. Reads are answered from caches, so they are first
 * authorized with a SubjectAccessReview for the same user (cached a few seconds, as kube-rbac-proxy does).
 * In the demo's insecure-local mode both run as the operator.
 */
public final class KubernetesAccess implements AutoCloseable {
  private static final Duration DECISION_TTL = Duration.ofSeconds(10);
  private static final int MAX_ATTEMPTS = 5;

  private final KubernetesClient operatorClient;
  private final String namespace;
  private final Clock clock;
  private final Map<Caller, KubernetesClient> impersonating = new ConcurrentHashMap<>();
  private final Map<String, Decision> decisions = new ConcurrentHashMap<>();

  private record Decision(boolean allowed, String reason, Instant until) {}

  public KubernetesAccess(KubernetesClient operatorClient, String namespace, Clock clock) {
    this.operatorClient = operatorClient;
    this.namespace = namespace;
    this.clock = clock;
  }

  /** Refuses with AccessDeniedException unless the caller may {@code verb} the {@code resource} of Stevedore's group. */
  public void authorize(Caller caller, String verb, String resource, String operation) {
    authorize(caller, ApiGroup.GROUP, verb, resource, operation);
  }

  public void authorize(Caller caller, String group, String verb, String resource, String operation) {
    if (caller.operatorItself()) {
      return;
    }
    String key = caller.user() + "|" + caller.groups() + "|" + group + "|" + verb + "|" + resource;
    Instant now = clock.instant();
    Decision decision = decisions.get(key);
    if (decision == null || decision.until().isBefore(now)) {
      decision = review(caller, group, verb, resource, now);
      decisions.put(key, decision);
    }
    if (!decision.allowed()) {
      throw denied(caller, operation, verb + " " + resource + (group.isEmpty() ? "" : "." + group) + " in namespace "
          + namespace + (decision.reason() == null || decision.reason().isEmpty() ? "" : ": " + decision.reason()));
    }
  }

  private Decision review(Caller caller, String group, String verb, String resource, Instant now) {
    List<String> groups = new ArrayList<>(caller.groups());
    groups.add("system:authenticated");
    SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(caller.user())
        .withGroups(groups).withNewResourceAttributes().withGroup(group).withResource(resource).withVerb(verb)
        .withNamespace(namespace).endResourceAttributes().endSpec().build();
    try {
      SubjectAccessReview answer = operatorClient.authorization().v1().subjectAccessReview().create(review);
      boolean allowed = answer.getStatus() != null && Boolean.TRUE.equals(answer.getStatus().getAllowed());
      return new Decision(allowed, answer.getStatus() == null ? null : answer.getStatus().getReason(),
          now.plus(DECISION_TTL));
    } catch (KubernetesClientException e) {
      throw EcsApiException.server("could not ask Kubernetes whether the request is allowed: " + e.getMessage());
    }
  }

  /** Runs a write as the caller, turning the API server's refusals into ECS errors. */
  public <T> T asCaller(Caller caller, String operation, Function<KubernetesClient, T> write) {
    KubernetesClient client = caller.operatorItself() ? operatorClient
        : impersonating.computeIfAbsent(caller, this::impersonatingClient);
    // A read-modify-write (edit) loses a race with the operator's own status writes now and then: the API server
    // refuses it with a Conflict, and it is read and applied again, as kubectl edit would be retried.
    for (int attempt = 1; ; attempt++) {
      try {
        return write.apply(client);
      } catch (KubernetesClientException e) {
        boolean conflict = e.getCode() == 409 && e.getStatus() != null && "Conflict".equals(e.getStatus().getReason());
        if (!conflict || attempt == MAX_ATTEMPTS) {
          throw refusal(caller, operation, e);
        }
      }
    }
  }

  private KubernetesClient impersonatingClient(Caller caller) {
    Config config = new ConfigBuilder(operatorClient.getConfiguration())
        .withImpersonateUsername(caller.user())
        .withImpersonateGroups(caller.groups().toArray(String[]::new))
        .build();
    return new KubernetesClientBuilder().withConfig(config).build();
  }

  /** What an API server's refusal of a write means in ECS's error model. */
  public static EcsApiException refusal(Caller caller, String operation, KubernetesClientException e) {
    int code = e.getCode();
    String message = e.getStatus() != null && e.getStatus().getMessage() != null ? e.getStatus().getMessage()
        : e.getMessage();
    if (code == 403) {
      return denied(caller, operation, message);
    }
    if (code == 422 || code == 400) {
      List<StatusCause> causes = e.getStatus() == null || e.getStatus().getDetails() == null ? List.of()
          : e.getStatus().getDetails().getCauses();
      String detail = causes == null || causes.isEmpty() ? message : causes.stream()
          .map(c -> (c.getField() == null ? "" : c.getField() + ": ") + c.getMessage())
          .collect(Collectors.joining("; "));
      return EcsApiException.invalidParameter(detail);
    }
    if (code == 409) {
      return EcsApiException.client("The resource was changed by someone else meanwhile; try again. (" + message + ")");
    }
    return EcsApiException.server("Kubernetes API server: " + message);
  }

  private static EcsApiException denied(Caller caller, String operation, String why) {
    return EcsApiException.accessDenied("User: " + caller.user() + " is not authorized to perform: ecs:" + operation
        + " because Kubernetes RBAC does not allow it (" + why + ")");
  }

  @Override
  public void close() {
    impersonating.values().forEach(KubernetesClient::close);
  }
}
