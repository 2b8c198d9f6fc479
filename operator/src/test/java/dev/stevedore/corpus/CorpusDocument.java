package dev.stevedore.corpus;

import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.ecsjson.EcsJsonLoader;
import dev.stevedore.ecsjson.LoadResult;

/**
 * One document of the corpus.
 *
 * @param kind task definition or service
 * @param fileName the file's name in its folder
 * @param json its text
 */
record CorpusDocument(Kind kind, String fileName, String json) {
  enum Kind {
    TASK_DEFINITION("taskdefs"), SERVICE("services");

    final String folder;

    Kind(String folder) {
      this.folder = folder;
    }
  }

  /** The path under the corpus root, as expectations name documents: {@code taskdefs/<file>}. */
  String path() {
    return kind.folder + "/" + fileName;
  }

  /** The file name without .json: a stable, readable stand-in for a missing family or service name. */
  String stem() {
    return fileName.substring(0, fileName.length() - ".json".length());
  }

  LoadResult<TaskDefinitionSpec> loadTaskDefinition() {
    return EcsJsonLoader.taskDefinition(json);
  }

  LoadResult<EcsServiceSpec> loadService() {
    return EcsJsonLoader.service(json);
  }

  LoadResult<?> load() {
    return kind == Kind.TASK_DEFINITION ? loadTaskDefinition() : loadService();
  }

  @Override
  public String toString() {
    return path();
  }
}
