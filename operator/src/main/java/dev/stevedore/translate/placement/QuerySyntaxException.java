package dev.stevedore.translate.placement;

/**
 * A cluster query language expression that does not parse. The message names the column (1-based) where the
 * parser stopped and what it expected there, e.g. {@code column 29: expected an operator ... found 't2.small'}.
 */
public final class QuerySyntaxException extends Exception {
  private final int position;
  private final String detail;

  public QuerySyntaxException(int position, String detail) {
    super("column " + (position + 1) + ": " + detail);
    this.position = position;
    this.detail = detail;
  }

  /** Where the error is, 0-based. */
  public int position() {
    return position;
  }

  /** What went wrong, without the column. */
  public String detail() {
    return detail;
  }
}
