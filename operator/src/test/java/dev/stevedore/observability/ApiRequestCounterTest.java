package dev.stevedore.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
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
}
