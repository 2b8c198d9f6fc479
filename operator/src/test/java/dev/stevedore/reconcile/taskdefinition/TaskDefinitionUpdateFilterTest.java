package dev.stevedore.reconcile.taskdefinition;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.api.v1alpha1.TaskDefinitionStatus;
import dev.stevedore.revision.RevisionObjects;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskDefinitionUpdateFilterTest {
  private final TaskDefinitionUpdateFilter filter = new TaskDefinitionUpdateFilter();
  private final TaskDefinition before = Fixtures.taskDefinition("web", "2026-11-22T10:00:00Z");

  @Test
  void aSpecChangeIsReconciled() {
    TaskDefinition now = Fixtures.taskDefinition("web", "2026-11-22T10:00:00Z");
    now.getMetadata().setGeneration(2L);
    assertThat(filter.accept(now, before)).isTrue();
  }

  @Test
  void aDeregisterAnnotationChangeIsReconciledThoughTheGenerationStays() {
    TaskDefinition now = Fixtures.taskDefinition("web", "2026-11-22T10:00:00Z");
    now.getMetadata().setAnnotations(Map.of(RevisionObjects.DEREGISTER_ANNOTATION, "1"));
    assertThat(filter.accept(now, before)).isTrue();
  }

  @Test
  void statusWritesAndOtherMetadataEditsAreNot() {
    TaskDefinition now = Fixtures.taskDefinition("web", "2026-11-22T10:00:00Z");
    now.setStatus(new TaskDefinitionStatus());
    now.getMetadata().setLabels(Map.of("team", "shop"));
    now.getMetadata().setAnnotations(Map.of("note", "hello"));
    now.getMetadata().setResourceVersion("42");
    assertThat(filter.accept(now, before)).isFalse();
  }
}
