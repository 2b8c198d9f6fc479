package dev.stevedore.translate.placement;

import dev.stevedore.translate.placement.QueryExpression.And;
import dev.stevedore.translate.placement.QueryExpression.Comparison;
import dev.stevedore.translate.placement.QueryExpression.Not;
import dev.stevedore.translate.placement.QueryExpression.Operator;
import dev.stevedore.translate.placement.QueryExpression.Or;
import dev.stevedore.translate.placement.QueryExpression.Subject;
import dev.stevedore.translate.placement.QueryExpression.SubjectKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A recursive-descent parser for ECS's cluster query language:
 *
 * <pre>
 * expression := and (('or' | '||') and)*
 * and        := unary (('and' | '&amp;&amp;') unary)*
 * unary      := ('not' | '!') unary | '(' expression ')' | comparison
 * comparison := subject operator [argument]
 * subject    := attribute:NAME | task:group | ec2InstanceId | agentConnected | agentVersion | registeredAt
 *             | runningTasksCount
 * operator   := == | equals | != | not_equals | &gt; | &gt;= | &lt; | &lt;= | exists | !exists | not_exists
 *             | in | !in | not_in | =~ | matches | !~ | not_matches
 * argument   := value | '[' value (',' value)* ']' | regular expression
 * </pre>
 *
 * Word operators and keywords are case-insensitive. Values are bare words or quoted with ' or ". A regular
 * expression runs to the next blank outside parentheses (or to an unmatched ')'), or is quoted, and must compile as
 * a Java regular expression. Errors name the column where parsing stopped.
 */
public final class ClusterQueryParser {
  private static final Pattern ATTRIBUTE_NAME = Pattern.compile("[A-Za-z0-9_./\\\\-]{1,128}");
  private static final String OPERATORS = "==, !=, >, >=, <, <=, in, not_in, exists, not_exists, =~ or !~";
  private static final String WORD_STOP = "()[],'\"=!<>&|~";

  private enum Type { WORD, QUOTED, SYMBOL, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, END }

  private record Token(Type type, String text, int start, int end) {
    boolean isWord(String word) {
      return type == Type.WORD && text.equalsIgnoreCase(word);
    }

    boolean isSymbol(String symbol) {
      return type == Type.SYMBOL && text.equals(symbol);
    }

    String describe() {
      return type == Type.END ? "the end of the expression" : "'" + text + "'";
    }
  }

  private final String text;
  private int pos;
  private Token lookahead;

  private ClusterQueryParser(String text) {
    this.text = text;
  }

  /** Parses a whole expression. */
  public static QueryExpression parse(String expression) throws QuerySyntaxException {
    if (expression == null || expression.isBlank()) {
      throw new QuerySyntaxException(0, "the expression is empty");
    }
    ClusterQueryParser parser = new ClusterQueryParser(expression);
    QueryExpression result = parser.or();
    Token rest = parser.peek();
    if (rest.type() != Type.END) {
      throw new QuerySyntaxException(rest.start(), "expected 'and', 'or' or the end of the expression, found "
          + rest.describe());
    }
    return result;
  }

  private QueryExpression or() throws QuerySyntaxException {
    int start = peek().start();
    List<QueryExpression> operands = new ArrayList<>();
    operands.add(and());
    while (peek().isWord("or") || peek().isSymbol("||")) {
      next();
      operands.add(and());
    }
    return operands.size() == 1 ? operands.get(0) : new Or(operands, start);
  }

  private QueryExpression and() throws QuerySyntaxException {
    int start = peek().start();
    List<QueryExpression> operands = new ArrayList<>();
    operands.add(unary());
    while (peek().isWord("and") || peek().isSymbol("&&")) {
      next();
      operands.add(unary());
    }
    return operands.size() == 1 ? operands.get(0) : new And(operands, start);
  }

  private QueryExpression unary() throws QuerySyntaxException {
    Token t = peek();
    if (t.isWord("not") || t.isSymbol("!")) {
      next();
      return new Not(unary(), t.start());
    }
    if (t.type() == Type.LPAREN) {
      next();
      QueryExpression inner = or();
      Token close = next();
      if (close.type() != Type.RPAREN) {
        throw new QuerySyntaxException(close.start(), "expected ')' to close the '(' at column " + (t.start() + 1)
            + ", found " + close.describe());
      }
      return inner;
    }
    if (t.type() == Type.WORD && !t.isWord("and") && !t.isWord("or")) {
      return comparison();
    }
    throw new QuerySyntaxException(t.start(), "expected a condition such as 'attribute:ecs.instance-type == t3.micro',"
        + " 'not' or '(', found " + t.describe());
  }

  private Comparison comparison() throws QuerySyntaxException {
    Token subjectToken = next();
    Subject subject = subject(subjectToken);
    Token opToken = next();
    Operator operator = operator(opToken, subjectToken);
    switch (operator) {
      case EXISTS, NOT_EXISTS -> {
        return new Comparison(subject, operator, List.of(), subjectToken.start(), opToken.start());
      }
      case IN, NOT_IN -> {
        Token open = next();
        if (open.type() != Type.LBRACKET) {
          throw new QuerySyntaxException(open.start(), "expected '[' to start the list of values of '"
              + operator.symbol().replace("!", "not_") + "', found " + open.describe());
        }
        List<String> values = new ArrayList<>();
        while (true) {
          Token value = next();
          if (value.type() == Type.RBRACKET && values.isEmpty()) {
            throw new QuerySyntaxException(value.start(), "the list of values is empty");
          }
          values.add(value(value, "a value"));
          Token separator = next();
          if (separator.type() == Type.RBRACKET) {
            break;
          }
          if (separator.type() != Type.COMMA) {
            throw new QuerySyntaxException(separator.start(), "expected ',' or ']' in the list of values, found "
                + separator.describe());
          }
        }
        return new Comparison(subject, operator, values, subjectToken.start(), open.start());
      }
      case MATCHES, NOT_MATCHES -> {
        int[] start = new int[1];
        String regex = regex(operator, start);
        return new Comparison(subject, operator, List.of(regex), subjectToken.start(), start[0]);
      }
      default -> {
        Token value = next();
        return new Comparison(subject, operator, List.of(value(value, "a value after '" + opToken.text() + "'")),
            subjectToken.start(), value.start());
      }
    }
  }

  private static Subject subject(Token t) throws QuerySyntaxException {
    String word = t.text();
    if (word.startsWith("attribute:")) {
      String name = word.substring("attribute:".length());
      if (name.isEmpty()) {
        throw new QuerySyntaxException(t.end(), "expected an attribute name after 'attribute:'");
      }
      if (!ATTRIBUTE_NAME.matcher(name).matches()) {
        throw new QuerySyntaxException(t.start() + "attribute:".length(), "'" + name + "' is not an attribute name:"
            + " at most 128 letters, digits, '-', '_', '.', '/' and '\\'");
      }
      return new Subject(SubjectKind.ATTRIBUTE, name, word);
    }
    for (SubjectKind kind : SubjectKind.values()) {
      if (kind != SubjectKind.ATTRIBUTE && kind.spelling().equals(word)) {
        return new Subject(kind, null, word);
      }
    }
    throw new QuerySyntaxException(t.start(), "unknown subject '" + word + "': expected attribute:<name>, task:group,"
        + " ec2InstanceId, agentConnected, agentVersion, registeredAt or runningTasksCount");
  }

  private Operator operator(Token t, Token subject) throws QuerySyntaxException {
    if (t.type() == Type.SYMBOL && !t.text().equals("!") && !t.text().equals("&&") && !t.text().equals("||")) {
      return Operator.bySpelling(t.text());
    }
    if (t.isSymbol("!")) {
      Token word = peek();
      if (word.start() == t.end() && (word.isWord("in") || word.isWord("exists"))) {
        next();
        return word.isWord("in") ? Operator.NOT_IN : Operator.NOT_EXISTS;
      }
    }
    if (t.type() == Type.WORD) {
      Operator op = Operator.bySpelling(t.text());
      if (op != null && Character.isLetter(t.text().charAt(0))) {
        return op;
      }
    }
    throw new QuerySyntaxException(t.start(), "expected an operator (" + OPERATORS + ") after '" + subject.text()
        + "', found " + t.describe());
  }

  private static String value(Token t, String expected) throws QuerySyntaxException {
    if (t.type() == Type.WORD || t.type() == Type.QUOTED) {
      if (t.text().isEmpty()) {
        throw new QuerySyntaxException(t.start(), "the quoted value is empty");
      }
      return t.text();
    }
    throw new QuerySyntaxException(t.start(), "expected " + expected + ", found " + t.describe());
  }

  /** The raw regular expression after =~ or !~: quoted, or up to a blank or unmatched ')' outside a group. */
  private String regex(Operator operator, int[] startOut) throws QuerySyntaxException {
    if (lookahead != null) {
      pos = lookahead.start();
      lookahead = null;
    }
    skipBlanks();
    int start = pos;
    startOut[0] = start;
    String regex;
    if (pos >= text.length()) {
      throw new QuerySyntaxException(pos, "expected a regular expression after '" + operator.symbol() + "'");
    }
    char first = text.charAt(pos);
    if (first == '\'' || first == '"') {
      regex = quoted();
      start++;
    } else {
      int depth = 0;
      boolean inClass = false;
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c == '\\') {
          pos = Math.min(text.length(), pos + 2);
          continue;
        }
        if (inClass) {
          inClass = c != ']';
        } else if (c == '[') {
          inClass = true;
        } else if (c == '(') {
          depth++;
        } else if (c == ')') {
          if (depth == 0) {
            break;
          }
          depth--;
        } else if (Character.isWhitespace(c) && depth == 0) {
          break;
        }
        pos++;
      }
      regex = text.substring(start, pos);
      if (regex.isEmpty()) {
        throw new QuerySyntaxException(start, "expected a regular expression after '" + operator.symbol() + "'");
      }
    }
    try {
      Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      int at = e.getIndex() < 0 ? 0 : Math.min(e.getIndex(), regex.length());
      throw new QuerySyntaxException(start + at, "invalid regular expression '" + regex + "': "
          + e.getDescription().toLowerCase(Locale.ROOT));
    }
    return regex;
  }

  private Token peek() throws QuerySyntaxException {
    if (lookahead == null) {
      lookahead = lex();
    }
    return lookahead;
  }

  private Token next() throws QuerySyntaxException {
    Token t = peek();
    lookahead = null;
    return t;
  }

  private void skipBlanks() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private Token lex() throws QuerySyntaxException {
    skipBlanks();
    int start = pos;
    if (pos >= text.length()) {
      return new Token(Type.END, "", start, start);
    }
    char c = text.charAt(pos);
    char n = pos + 1 < text.length() ? text.charAt(pos + 1) : 0;
    switch (c) {
      case '(' -> {
        return single(Type.LPAREN);
      }
      case ')' -> {
        return single(Type.RPAREN);
      }
      case '[' -> {
        return single(Type.LBRACKET);
      }
      case ']' -> {
        return single(Type.RBRACKET);
      }
      case ',' -> {
        return single(Type.COMMA);
      }
      case '\'', '"' -> {
        String value = quoted();
        return new Token(Type.QUOTED, value, start, pos);
      }
      case '=' -> {
        if (n == '=' || n == '~') {
          return symbol(2);
        }
        throw new QuerySyntaxException(start, "'=' is not an operator: use == (equals) or =~ (matches)");
      }
      case '!' -> {
        return symbol(n == '=' || n == '~' ? 2 : 1);
      }
      case '>', '<' -> {
        return symbol(n == '=' ? 2 : 1);
      }
      case '&', '|' -> {
        if (n == c) {
          return symbol(2);
        }
        throw new QuerySyntaxException(start, "'" + c + "' is not an operator: use " + c + c + " or "
            + (c == '&' ? "and" : "or"));
      }
      case '~' -> throw new QuerySyntaxException(start, "'~' is not an operator: use =~ (matches) or !~ (not_matches)");
      default -> {
        while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))
            && WORD_STOP.indexOf(text.charAt(pos)) < 0) {
          pos++;
        }
        return new Token(Type.WORD, text.substring(start, pos), start, pos);
      }
    }
  }

  private Token single(Type type) {
    pos++;
    return new Token(type, text.substring(pos - 1, pos), pos - 1, pos);
  }

  private Token symbol(int length) {
    int start = pos;
    pos += length;
    return new Token(Type.SYMBOL, text.substring(start, pos), start, pos);
  }

  private String quoted() throws QuerySyntaxException {
    int start = pos;
    char quote = text.charAt(pos);
    int close = text.indexOf(quote, pos + 1);
    if (close < 0) {
      throw new QuerySyntaxException(start, "the quoted value that starts here has no closing " + quote);
    }
    pos = close + 1;
    return text.substring(start + 1, close);
  }
}
