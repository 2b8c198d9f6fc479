package dev.stevedore.ecsjson;

import java.util.List;

/**
 * What {@link EcsJsonLoader} made of a document: the spec and how it was read, or why it was rejected.
 *
 * @param spec the spec, or null when the document was rejected
 * @param format the detected dialect, or null when the document is not a JSON object at all
 * @param notes what normalisation did, in document order (empty for a rejected document)
 * @param rejection why the document cannot be loaded, or null when it was loaded
 * @param <T> TaskDefinitionSpec or EcsServiceSpec
 */
public record LoadResult<T>(T spec, DocumentFormat format, List<LoadNote> notes, String rejection) {

  static <T> LoadResult<T> loaded(T spec, DocumentFormat format, List<LoadNote> notes) {
    return new LoadResult<>(spec, format, List.copyOf(notes), null);
  }

  static <T> LoadResult<T> rejected(DocumentFormat format, String rejection) {
    return new LoadResult<>(null, format, List.of(), rejection);
  }

  public boolean isLoaded() {
    return rejection == null;
  }
}
