package dev.stevedore.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.StandardHttpRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ApiRequestCounterTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "GET, /api/v1/namespaces/shop/pods, list",
      "GET, /api/v1/namespaces/shop/pods?labelSelector=a%3Db&watch=true&resourceVersion=5, watch",
      "GET, /api/v1/namespaces/shop/pods?watch=false, list",
      "GET, /api/v1/namespaces/shop/pods/web-1, get",
      "GET, /api/v1/namespaces, list",
      "GET, /api/v1/namespaces/shop, get",
      "GET, /api/v1/nodes, list",
      "GET, /apis/apps/v1/namespaces/shop/deployments/web/scale, get",
      "GET, /apis/ecs.stevedore.dev/v1alpha1/ecsservices, list",
      "GET, /apis/ecs.stevedore.dev/v1alpha1/namespaces/shop/ecsservices, list",
      "GET, /apis/ecs.stevedore.dev/v1alpha1/namespaces/shop/ecsservices/web, get",
      "POST, /apis/apps/v1/namespaces/shop/controllerrevisions, create",
      "PUT, /apis/coordination.k8s.io/v1/namespaces/shop/leases/stevedore-operator, update",
      "PATCH, /apis/ecs.stevedore.dev/v1alpha1/namespaces/shop/ecsservices/web/status, patch",
      "DELETE, /api/v1/namespaces/shop/pods/web-1, delete",
      "HEAD, /version, other"})
  void verbFollowsTheMethodAndWhetherTheUrlNamesAnObject(String method, String url, String verb) {
    assertThat(ApiRequestCounter.verb(method, URI.create(url))).isEqualTo(verb);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "/api/v1/namespaces/shop/pods, pods",
      "/api/v1/namespaces/shop/pods?watch=true&resourceVersion=5, pods",
      "/api/v1/namespaces/shop/pods/web-1, pods",
      "/api/v1/namespaces/shop, namespaces",
      "/api/v1/namespaces, namespaces",
      "/api/v1/nodes, nodes",
      "/apis/apps/v1/namespaces/shop/deployments/web/scale, deployments/scale",
      "/apis/ecs.stevedore.dev/v1alpha1/namespaces/shop/ecsservices/web/status, ecsservices/status",
      "/apis/ecs.stevedore.dev/v1alpha1/ecsservices, ecsservices",
      "/apis/apps/v1/namespaces/shop/controllerrevisions?dryRun=All, controllerrevisions (dry run)",
      "/apis/events.k8s.io/v1/namespaces/shop/events, events",
      "/version, other",
      "/apis, other",
      "/apis/apps/v1, other"})
  void resourceIsThePluralWithItsSubresource(String url, String resource) {
    assertThat(ApiRequestCounter.resource(URI.create(url))).isEqualTo(resource);
  }

  @Test
  void countsReachTheRegistryWhetherSentBeforeOrAfterItIsBound() {
    ApiRequestCounter counter = new ApiRequestCounter();
    counter.before(null, request("POST", "/apis/events.k8s.io/v1/namespaces/shop/events"), null);
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    counter.bindTo(registry);
    counter.before(null, request("POST", "/apis/events.k8s.io/v1/namespaces/shop/events"), null);
    counter.before(null, request("PATCH", "/apis/ecs.stevedore.dev/v1alpha1/namespaces/shop/ecsservices/web/status"),
        null);

    assertThat(registry.get("stevedore.api.requests").tag("verb", "create").tag("resource", "events")
        .functionCounter().count()).isEqualTo(2);
    assertThat(registry.get("stevedore.api.requests").tag("verb", "patch").tag("resource", "ecsservices/status")
        .functionCounter().count()).isEqualTo(1);
  }

  private static HttpRequest request(String method, String path) {
    return new StandardHttpRequest.Builder().uri(URI.create("https://api:6443" + path))
        .method(method, "application/json", "{}").build();
  }
}
