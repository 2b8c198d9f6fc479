/**
 * The Stevedore API, group {@code ecs.stevedore.dev}, version {@code v1alpha1}.
 *
 * <p>Spec types carry exactly the field names and JSON shapes of the Amazon ECS API (as {@code aws ecs
 * describe-*} prints them), so an exported ECS document pastes into {@code spec} unchanged. Nested types are
 * plain data holders with public fields: Jackson binds them and the fabric8 CRD generator reads the schema,
 * descriptions and validation annotations straight from the fields.
 */
package dev.stevedore.api.v1alpha1;
