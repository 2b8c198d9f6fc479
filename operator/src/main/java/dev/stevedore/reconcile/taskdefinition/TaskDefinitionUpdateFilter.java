package dev.stevedore.reconcile.taskdefinition;

import dev.stevedore.api.v1alpha1.TaskDefinition;
import dev.stevedore.revision.RevisionObjects;
import io.javaoperatorsdk.operator.processing.event.source.filter.OnUpdateFilter;
import java.util.Map;
import java.util.Objects;

/**
 * Which updates of a TaskDefinition are worth a reconcile: a new generation (the spec changed) or a changed
 * deregister annotation. JOSDK's generation-aware processing would drop the annotation change, because
 * annotations do not bump metadata.generation; this filter replaces it and still drops our own status writes
 * and edits of labels or other annotations.
 */
public class TaskDefinitionUpdateFilter implements OnUpdateFilter<TaskDefinition> {
  @Override
  public boolean accept(TaskDefinition now, TaskDefinition before) {
    return !Objects.equals(now.getMetadata().getGeneration(), before.getMetadata().getGeneration())
        || !Objects.equals(deregister(now), deregister(before));
  }

  private static String deregister(TaskDefinition taskDefinition) {
    Map<String, String> annotations = taskDefinition.getMetadata().getAnnotations();
    return annotations == null ? null : annotations.get(RevisionObjects.DEREGISTER_ANNOTATION);
  }
}
