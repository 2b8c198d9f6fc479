package dev.stevedore.plan;

import io.fabric8.kubernetes.api.model.FieldsV1;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import java.util.ArrayList;
import java.util.Map;

/** Ownership records as the API server writes them into metadata.managedFields. */
final class ManagedFields {
  private ManagedFields() {}

  /** A write by {@code manager}: recorded, and the object's resourceVersion moves on as the API server's would. */
  static void add(HasMetadata o, String manager, String operation, String subresource, Map<String, Object> fields) {
    ManagedFieldsEntry entry = new ManagedFieldsEntry();
    entry.setManager(manager);
    entry.setOperation(operation);
    entry.setSubresource(subresource);
    entry.setApiVersion(o.getApiVersion());
    entry.setFieldsType("FieldsV1");
    FieldsV1 v1 = new FieldsV1();
    fields.forEach(v1::setAdditionalProperty);
    entry.setFieldsV1(v1);
    var entries = o.getMetadata().getManagedFields() == null ? new ArrayList<ManagedFieldsEntry>()
        : new ArrayList<>(o.getMetadata().getManagedFields());
    entries.add(entry);
    o.getMetadata().setManagedFields(entries);
    if (o.getMetadata().getResourceVersion() != null) {
      o.getMetadata().setResourceVersion(String.valueOf(Long.parseLong(o.getMetadata().getResourceVersion()) + 1));
    }
  }
}
