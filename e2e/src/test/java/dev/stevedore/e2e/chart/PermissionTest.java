package dev.stevedore.e2e.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The request-to-permission mapping the RBAC test relies on, for the request shapes fabric8 sends. */
class PermissionTest {
  private static Permission of(String method, String uri) {
    return Permission.of(method, URI.create("https://127.0.0.1:6443" + uri));
  }

  @Test
  void readsOfCollectionsAreListOrWatchAndOfObjectsGet() {
    assertThat(of("GET", "/apis/apps/v1/namespaces/team/deployments?labelSelector=a%3Db&resourceVersion=0"))
        .isEqualTo(Permission.resource("apps", "deployments", "list"));
    assertThat(of("GET", "/apis/apps/v1/namespaces/team/deployments?allowWatchBookmarks=true&watch=true"))
        .isEqualTo(Permission.resource("apps", "deployments", "watch"));
    assertThat(of("GET", "/api/v1/nodes?watch=1")).isEqualTo(Permission.resource("", "nodes", "watch"));
    assertThat(of("GET", "/api/v1/watch/namespaces/team/pods")).isEqualTo(Permission.resource("", "pods", "watch"));
    assertThat(of("GET", "/api/v1/namespaces/team/configmaps/web-counter"))
        .isEqualTo(Permission.resource("", "configmaps", "get"));
    assertThat(of("GET", "/apis/ecs.stevedore.dev/v1alpha1/ecsservices"))
        .isEqualTo(Permission.resource("ecs.stevedore.dev", "ecsservices", "list"));
  }

  @Test
  void writesMapToTheirVerbsWithSubresources() {
    assertThat(of("PATCH", "/apis/ecs.stevedore.dev/v1alpha1/namespaces/team/ecsservices/web/status?fieldManager=x"))
        .isEqualTo(Permission.resource("ecs.stevedore.dev", "ecsservices/status", "patch"));
    assertThat(of("POST", "/apis/apps/v1/namespaces/team/controllerrevisions?dryRun=All"))
        .isEqualTo(Permission.resource("apps", "controllerrevisions", "create"));
    assertThat(of("PUT", "/apis/coordination.k8s.io/v1/namespaces/ops/leases/stevedore-operator"))
        .isEqualTo(Permission.resource("coordination.k8s.io", "leases", "update"));
    assertThat(of("DELETE", "/api/v1/namespaces/team/services/web"))
        .isEqualTo(Permission.resource("", "services", "delete"));
    assertThat(of("DELETE", "/api/v1/namespaces/team/services"))
        .isEqualTo(Permission.resource("", "services", "deletecollection"));
    assertThat(of("GET", "/api/v1/namespaces/team")).isEqualTo(Permission.resource("", "namespaces", "get"));
  }

  @Test
  void pathsWithoutAResourceAreNonResourceUrls() {
    assertThat(of("GET", "/version")).isEqualTo(Permission.nonResource("/version", "get"));
    assertThat(of("GET", "/apis/apps/v1")).isEqualTo(Permission.nonResource("/apis/apps/v1", "get"));
    assertThat(of("GET", "/apis")).isEqualTo(Permission.nonResource("/apis", "get"));
  }
}
