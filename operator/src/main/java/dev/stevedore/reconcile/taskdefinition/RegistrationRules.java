package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.validate.TaskDefinitionValidator;
import dev.stevedore.validate.ValidationIssue;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What must hold before a TaskDefinition registers anything, beyond the CRD schema and its CEL rules: the
 * validator's cross-field rules, a family name ECS accepts even when it comes from metadata.name (CEL on the
 * spec cannot see it), and a readable deregister annotation (CEL cannot see annotations). Pure.
 */
final class RegistrationRules {
  private static final Pattern FAMILY = Pattern.compile("[A-Za-z0-9_-]{1,255}");

  private RegistrationRules() {}

  static List<ValidationIssue> check(TaskDefinitionSpec spec, String family, DeregisterAnnotation deregister) {
    List<ValidationIssue> issues = new ArrayList<>();
    if (spec == null) {
      issues.add(new ValidationIssue("spec", "a task definition needs a spec with containerDefinitions"));
    } else {
      if (!FAMILY.matcher(family).matches()) {
        issues.add(new ValidationIssue(spec.family == null ? "metadata.name" : "spec.family", "family '" + family
            + "' must be 1-255 letters, digits, '_' and '-'; set spec.family when metadata.name is not one"));
      }
      issues.addAll(TaskDefinitionValidator.validate(spec));
    }
    issues.addAll(deregister.issues());
    return List.copyOf(issues);
  }
}
