package dev.stevedore.corpus;

import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.translate.PodTemplateTranslator;
import dev.stevedore.translate.RegisteredTaskDefinition;

/** A corpus task definition registered as revision 1 and translated as the operator does it. */
final class CorpusTranslation {
  private CorpusTranslation() {}

  /** The family, or the file's stem when the document has none (CloudFormation leaves Family optional). */
  static String family(CorpusDocument document, TaskDefinitionSpec spec) {
    return spec.family == null || spec.family.isEmpty() ? document.stem() : spec.family;
  }

  static PodTemplateTranslator.Result translate(CorpusDocument document, TaskDefinitionSpec spec) {
    String family = family(document, spec);
    RegisteredTaskDefinition revision = new RegisteredTaskDefinition(family, 1,
        RegisteredTaskDefinition.arn("us-east-1", "123456789012", family, 1), spec);
    return PodTemplateTranslator.translate(revision, PodTemplateTranslator.Options.DEFAULTS);
  }
}
