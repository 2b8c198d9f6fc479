package dev.stevedore.ecsjson;

/**
 * One thing the loader did to a document to read it: a wrapper it removed, a value it converted, an
 * unresolvable CloudFormation value it dropped.
 *
 * @param path where in the spec, in ECS API names ({@code containerDefinitions[0].memory}); empty for the whole
 *     document
 * @param message what was done, and why
 */
public record LoadNote(String path, String message) {
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
