package dev.stevedore.ecsjson;

/** The two kinds of document the loader reads, with the names each one goes by. */
enum DocumentKind {
  TASK_DEFINITION("task definition", "AWS::ECS::TaskDefinition"),
  SERVICE("service", "AWS::ECS::Service");

  final String displayName;
  final String cloudFormationType;

  DocumentKind(String displayName, String cloudFormationType) {
    this.displayName = displayName;
    this.cloudFormationType = cloudFormationType;
  }
}
