package dev.stevedore.ecsjson;

/** Paths into a document as messages show them: {@code containerDefinitions[0].portMappings[1].hostPort}. */
final class Paths {
  private Paths() {}

  static String member(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  static String index(String path, int index) {
    return path + "[" + index + "]";
  }

  /** The path, or a word for the document itself. */
  static String display(String path) {
    return path.isEmpty() ? "(the document)" : path;
  }
}
