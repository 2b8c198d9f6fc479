package dev.stevedore.translate.placement;

import java.util.List;
import java.util.Locale;

/**
 * A parsed expression of ECS's cluster query language (the expression of a memberOf constraint): comparisons of a
 * subject with values, combined with and, or and not. Produced by {@link ClusterQueryParser}.
 */
public sealed interface QueryExpression {

  /** Where the expression starts in the text, 0-based. */
  int position();

  /** Every operand holds. */
  record And(List<QueryExpression> operands, int position) implements QueryExpression {
    public And {
      operands = List.copyOf(operands);
    }
  }

  /** At least one operand holds. */
  record Or(List<QueryExpression> operands, int position) implements QueryExpression {
    public Or {
      operands = List.copyOf(operands);
    }
  }

  /** The operand does not hold. */
  record Not(QueryExpression operand, int position) implements QueryExpression {}

  /**
   * {@code subject operator [argument]}.
   *
   * @param subject what is compared
   * @param operator how
   * @param values the argument: one value, the list of in/not_in, the regular expression of =~/!~, or none for
   *     exists/not_exists
   * @param position where the subject starts, 0-based
   * @param argumentPosition where the argument starts, 0-based (the operator's position when there is none)
   */
  record Comparison(Subject subject, Operator operator, List<String> values, int position, int argumentPosition)
      implements QueryExpression {
    public Comparison {
      values = List.copyOf(values);
    }
  }

  /**
   * The left-hand side of a comparison.
   *
   * @param kind which subject
   * @param attribute the attribute name of {@code attribute:<name>}, else null
   * @param text the subject as written
   */
  record Subject(SubjectKind kind, String attribute, String text) {}

  /** The subjects ECS's cluster query language knows. */
  enum SubjectKind {
    ATTRIBUTE("attribute:<name>"),
    TASK_GROUP("task:group"),
    EC2_INSTANCE_ID("ec2InstanceId"),
    AGENT_CONNECTED("agentConnected"),
    AGENT_VERSION("agentVersion"),
    REGISTERED_AT("registeredAt"),
    RUNNING_TASKS_COUNT("runningTasksCount");

    private final String spelling;

    SubjectKind(String spelling) {
      this.spelling = spelling;
    }

    public String spelling() {
      return spelling;
    }
  }

  /** The comparison operators, with their ECS spellings (symbol first). */
  enum Operator {
    EQUALS("==", "equals"),
    NOT_EQUALS("!=", "not_equals"),
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    EXISTS("exists"),
    NOT_EXISTS("!exists", "not_exists"),
    IN("in"),
    NOT_IN("!in", "not_in"),
    MATCHES("=~", "matches"),
    NOT_MATCHES("!~", "not_matches");

    private final List<String> spellings;

    Operator(String... spellings) {
      this.spellings = List.of(spellings);
    }

    public String symbol() {
      return spellings.get(0);
    }

    /** The operator spelt {@code word} (case-insensitive for the word forms), or null. */
    static Operator bySpelling(String word) {
      String lower = word.toLowerCase(Locale.ROOT);
      for (Operator op : values()) {
        if (op.spellings.contains(lower)) {
          return op;
        }
      }
      return null;
    }

    boolean takesList() {
      return this == IN || this == NOT_IN;
    }

    boolean takesRegex() {
      return this == MATCHES || this == NOT_MATCHES;
    }

    boolean takesNothing() {
      return this == EXISTS || this == NOT_EXISTS;
    }
  }
}
