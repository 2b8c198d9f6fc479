package dev.stevedore.ecsjson;

/**
 * Ends the loading of a document that cannot be read. Never leaves the package: {@link EcsJsonLoader} turns it
 * into a rejected {@link LoadResult}.
 */
final class DocumentRejected extends RuntimeException {
  DocumentRejected(String message) {
    super(message, null, false, false);
  }
}
