package dev.stevedore.validate;

/**
 * One broken rule, with the path of the field that breaks it and ECS's wording where ECS has one.
 *
 * @param field path in the spec, e.g. containerDefinitions[1].memory
 * @param message what is wrong and what ECS allows
 */
public record ValidationIssue(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
