package dev.stevedore.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.javaoperatorsdk.operator.api.reconciler.Constants;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the operator's caches keep of an object: its strings shared, its ownership records dropped. */
class CacheFootprintTest {
  private static final String LONG_MESSAGE = "x".repeat(SharedStrings.LONGEST_SHARED + 1);

  private static String pod(String name) {
    return """
        {"apiVersion": "v1", "kind": "Pod",
         "metadata": {"name": "%s", "namespace": "shop", "resourceVersion": "7",
           "labels": {"ecs.stevedore.dev/service": "web", "count": "3"},
           "managedFields": [{"manager": "kube-controller-manager", "operation": "Update", "apiVersion": "v1",
             "fieldsType": "FieldsV1", "fieldsV1": {"f:metadata": {"f:labels": {"f:count": {}}}}}]},
         "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "args": ["%s"]}]},
         "status": {"phase": "Running", "conditions": [{"type": "Ready", "status": "True", "message": "%s"}]}}
        """.formatted(name, LONG_MESSAGE, LONG_MESSAGE);
  }

  @Test
  void equalShortStringsOfTwoObjectsAreOneInstanceAndLongOnesAreLeftAlone() {
    KubernetesSerialization serialization = SharedStrings.serialization();

    Pod a = serialization.unmarshal(pod("web-a"), Pod.class);
    Pod b = serialization.unmarshal(pod("web-b"), Pod.class);

    assertThat(a.getMetadata().getNamespace()).isSameAs(b.getMetadata().getNamespace());
    assertThat(a.getMetadata().getLabels().get("ecs.stevedore.dev/service"))
        .isSameAs(b.getMetadata().getLabels().get("ecs.stevedore.dev/service"));
    assertThat(a.getSpec().getContainers().get(0).getImage()).isSameAs(b.getSpec().getContainers().get(0).getImage());
    assertThat(a.getStatus().getConditions().get(0).getStatus())
        .isSameAs(b.getStatus().getConditions().get(0).getStatus());
    assertThat(a.getStatus().getConditions().get(0).getMessage()).isEqualTo(LONG_MESSAGE)
        .isNotSameAs(b.getStatus().getConditions().get(0).getMessage());
  }

  @Test
  void objectsReadWithSharedStringsEqualThoseReadPlainly() {
    Pod shared = SharedStrings.serialization().unmarshal(pod("web-a"), Pod.class);
    Pod plain = new KubernetesSerialization().unmarshal(pod("web-a"), Pod.class);

    assertThat(shared).isEqualTo(plain);
    assertThat(shared.getMetadata().getLabels()).containsEntry("count", "3");
  }

  @Test
  void aNumberWhereAStringBelongsIsStillReadAsItsText() {
    Pod pod = SharedStrings.serialization().unmarshal(
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{\"n\":5}}}", Pod.class);

    assertThat(pod.getMetadata().getLabels()).containsEntry("n", "5");
  }

  @Test
  void theStoreKeepsObjectsWithoutTheirOwnershipRecords() {
    ItemStore<Pod> store = LeanStore.forNamespaces(Constants.WATCH_ALL_NAMESPACE_SET, object -> { });
    Pod pod = new KubernetesSerialization().unmarshal(pod("web-a"), Pod.class);
    assertThat(pod.getMetadata().getManagedFields()).hasSize(1);

    store.put(store.getKey(pod), pod);

    Pod kept = store.get("shop/web-a");
    assertThat(kept.getMetadata().getManagedFields()).isNullOrEmpty();
    assertThat(kept.getMetadata().getLabels()).containsEntry("count", "3");
  }

  @Test
  void oneStoreIsGivenOnlyWhereJosdkRunsOneInformerForIt() {
    assertThat(LeanStore.<Pod>forNamespaces(Constants.WATCH_ALL_NAMESPACE_SET, pod -> { })).isNotNull();
    assertThat(LeanStore.<Pod>forNamespaces(Set.of("shop"), pod -> { })).isNotNull();
    assertThat(LeanStore.<Pod>forNamespaces(Set.of("shop", "billing"), pod -> { })).isNull();
  }
}
