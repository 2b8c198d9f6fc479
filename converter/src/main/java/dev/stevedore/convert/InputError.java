package dev.stevedore.convert;

/** A document that cannot be converted; the message names the place (a JSON path, or a line and column). */
final class InputError extends RuntimeException {
  InputError(String message) {
    super(message, null, false, false);
  }
}
