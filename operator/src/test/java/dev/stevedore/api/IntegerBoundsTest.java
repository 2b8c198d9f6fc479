package dev.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every integer a user writes in a spec is bounded to what its Java field can hold. The API server stores any
 * int64 where the schema says integer; an Integer field cannot read one beyond 32 bits, and one such object makes
 * every list of its kind fail to decode in the operator, which then reconciles none of them. A new field without
 * bounds fails here, before it reaches a cluster.
 */
class IntegerBoundsTest {
  /** Integers Stevedore reads as Long (Kubernetes' own types), which hold any int64. */
  private static final Set<String> LONG_FIELDS = Set.of(
      "ecsclusters.spec.capacityProviderDefinitions[].tolerations[].tolerationSeconds");

  @Test
  void everySpecIntegerHasBoundsItsJavaFieldCanHold() {
    List<String> unbounded = new ArrayList<>();
    for (String file : GeneratedCrds.FILES) {
      var crd = GeneratedCrds.load(file);
      String plural = crd.getSpec().getNames().getPlural();
      for (var version : crd.getSpec().getVersions()) {
        JSONSchemaProps spec = version.getSchema().getOpenAPIV3Schema().getProperties().get("spec");
        walk(plural + ".spec", spec, unbounded);
      }
    }
    assertThat(unbounded).as("integers without 32-bit bounds").isEmpty();
  }

  @Test
  void theCheckFindsAnUnboundedInteger() {
    JSONSchemaProps object = new JSONSchemaProps();
    object.setType("object");
    JSONSchemaProps count = new JSONSchemaProps();
    count.setType("integer");
    count.setMinimum(0.0);
    object.setProperties(java.util.Map.of("count", count));
    List<String> unbounded = new ArrayList<>();
    walk("x.spec", object, unbounded);
    assertThat(unbounded).containsExactly("x.spec.count");
  }

  private static void walk(String path, JSONSchemaProps schema, List<String> unbounded) {
    if (schema == null) {
      return;
    }
    if ("integer".equals(schema.getType()) && !LONG_FIELDS.contains(path)
        && (schema.getMaximum() == null || schema.getMaximum() > Integer.MAX_VALUE
            || schema.getMinimum() == null || schema.getMinimum() < Integer.MIN_VALUE)) {
      unbounded.add(path);
    }
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((name, child) -> walk(path + "." + name, child, unbounded));
    }
    if (schema.getItems() != null) {
      walk(path + "[]", schema.getItems().getSchema(), unbounded);
    }
    if (schema.getAdditionalProperties() != null) {
      walk(path + "{}", schema.getAdditionalProperties().getSchema(), unbounded);
    }
  }
}
