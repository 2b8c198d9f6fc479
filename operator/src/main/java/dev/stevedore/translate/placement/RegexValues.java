package dev.stevedore.translate.placement;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a regular expression of a =~ constraint can become in node affinity, which has no regular expressions:
 * a finite language ({@code us-east-1[ab]}, {@code m5\.(large|xlarge)}, {@code t3\.(micro|small)?}) is the list
 * of strings it matches, for an {@code In} or {@code NotIn}; {@code .*} and {@code .+} match every value, an
 * {@code Exists}. Anything else (a prefix such as {@code t2\..*}, a negated class) matches an unbounded set of
 * values and cannot be written as node affinity.
 *
 * <p>ECS matches the whole attribute value, so leading {@code ^} and trailing {@code $} change nothing.
 * Supported syntax: literals, escapes of punctuation, {@code \d}, groups {@code (...)} and {@code (?:...)},
 * alternation, character classes of literals and ranges, and the bounded quantifiers {@code ?}, {@code {n}} and
 * {@code {m,n}}.
 */
public final class RegexValues {
  /** More values than this are not worth an In list. */
  public static final int MAX_VALUES = 64;

  /**
   * The outcome.
   *
   * @param everything the expression matches any non-empty value (an Exists)
   * @param values the finite set it matches, sorted, when not everything
   */
  public record Expansion(boolean everything, Set<String> values) {}

  private final String regex;
  private int pos;

  private RegexValues(String regex) {
    this.regex = regex;
  }

  /** The expansion, or empty with the reason in {@code why[0]} when the language is not finite. */
  public static Optional<Expansion> expand(String regex, String[] why) {
    String body = regex;
    if (body.startsWith("^")) {
      body = body.substring(1);
    }
    if (body.endsWith("$") && !body.endsWith("\\$")) {
      body = body.substring(0, body.length() - 1);
    }
    if (body.equals(".*") || body.equals(".+")) {
      return Optional.of(new Expansion(true, Set.of()));
    }
    RegexValues parser = new RegexValues(body);
    try {
      Set<String> values = parser.alternation();
      if (parser.pos != body.length()) {
        throw new Infinite("unexpected '" + body.charAt(parser.pos) + "'");
      }
      return Optional.of(new Expansion(false, new TreeSet<>(values)));
    } catch (Infinite e) {
      why[0] = e.getMessage();
      return Optional.empty();
    }
  }

  private static final class Infinite extends Exception {
    Infinite(String reason) {
      super(reason);
    }
  }

  private Set<String> alternation() throws Infinite {
    Set<String> all = new LinkedHashSet<>(sequence());
    while (pos < regex.length() && regex.charAt(pos) == '|') {
      pos++;
      all.addAll(sequence());
      limit(all.size());
    }
    return all;
  }

  private Set<String> sequence() throws Infinite {
    Set<String> result = new LinkedHashSet<>(List.of(""));
    while (pos < regex.length() && regex.charAt(pos) != '|' && regex.charAt(pos) != ')') {
      Set<String> atom = quantified(atom());
      Set<String> next = new LinkedHashSet<>();
      for (String prefix : result) {
        for (String suffix : atom) {
          next.add(prefix + suffix);
          limit(next.size());
        }
      }
      result = next;
    }
    return result;
  }

  private Set<String> atom() throws Infinite {
    char c = regex.charAt(pos);
    switch (c) {
      case '(' -> {
        pos++;
        if (regex.startsWith("?:", pos)) {
          pos += 2;
        } else if (pos < regex.length() && regex.charAt(pos) == '?') {
          throw new Infinite("lookaround and flag groups (?...) are not supported");
        }
        Set<String> inner = alternation();
        if (pos >= regex.length() || regex.charAt(pos) != ')') {
          throw new Infinite("unbalanced '('");
        }
        pos++;
        return inner;
      }
      case '[' -> {
        return characterClass();
      }
      case '\\' -> {
        pos++;
        if (pos >= regex.length()) {
          throw new Infinite("trailing '\\'");
        }
        char e = regex.charAt(pos++);
        if (e == 'd') {
          return range('0', '9');
        }
        if (Character.isLetterOrDigit(e)) {
          throw new Infinite("the escape \\" + e + " is not supported");
        }
        return Set.of(String.valueOf(e));
      }
      case '.' -> throw new Infinite("'.' matches any character (write \\. for a literal dot)");
      case '*', '+' -> throw new Infinite("'" + c + "' repeats without bound");
      case '^', '$' -> throw new Infinite("anchors inside the expression are not supported");
      default -> {
        pos++;
        return Set.of(String.valueOf(c));
      }
    }
  }

  private Set<String> quantified(Set<String> atom) throws Infinite {
    if (pos >= regex.length()) {
      return atom;
    }
    char q = regex.charAt(pos);
    int min;
    int max;
    if (q == '?') {
      pos++;
      min = 0;
      max = 1;
    } else if (q == '*' || q == '+') {
      throw new Infinite("'" + q + "' repeats without bound");
    } else if (q == '{') {
      int close = regex.indexOf('}', pos);
      if (close < 0) {
        throw new Infinite("unbalanced '{'");
      }
      String[] bounds = regex.substring(pos + 1, close).split(",", -1);
      try {
        min = Integer.parseInt(bounds[0].trim());
        max = bounds.length == 1 ? min : bounds[1].isBlank() ? -1 : Integer.parseInt(bounds[1].trim());
      } catch (NumberFormatException e) {
        throw new Infinite("bad repetition {" + regex.substring(pos + 1, close) + "}");
      }
      if (max < 0) {
        throw new Infinite("'{" + min + ",}' repeats without bound");
      }
      pos = close + 1;
    } else {
      return atom;
    }
    if (pos < regex.length() && (regex.charAt(pos) == '?' || regex.charAt(pos) == '+')) {
      pos++; // lazy or possessive: the same language
    }
    Set<String> result = new LinkedHashSet<>();
    Set<String> power = new LinkedHashSet<>(List.of(""));
    for (int n = 0; n <= max; n++) {
      if (n >= min) {
        result.addAll(power);
        limit(result.size());
      }
      Set<String> next = new LinkedHashSet<>();
      for (String p : power) {
        for (String a : atom) {
          next.add(p + a);
          limit(next.size());
        }
      }
      power = next;
    }
    return result;
  }

  private Set<String> characterClass() throws Infinite {
    int start = pos;
    pos++;
    if (pos < regex.length() && regex.charAt(pos) == '^') {
      throw new Infinite("a negated class [^...] matches unboundedly many characters");
    }
    List<Character> chars = new ArrayList<>();
    boolean first = true;
    while (pos < regex.length() && (regex.charAt(pos) != ']' || first)) {
      first = false;
      char c = regex.charAt(pos++);
      if (c == '\\') {
        if (pos >= regex.length()) {
          throw new Infinite("trailing '\\'");
        }
        char e = regex.charAt(pos++);
        if (e == 'd') {
          for (char d = '0'; d <= '9'; d++) {
            chars.add(d);
          }
          continue;
        }
        if (Character.isLetterOrDigit(e)) {
          throw new Infinite("the escape \\" + e + " is not supported");
        }
        c = e;
      } else if (c == '[' || c == '&') {
        throw new Infinite("nested classes are not supported");
      }
      if (pos + 1 < regex.length() && regex.charAt(pos) == '-' && regex.charAt(pos + 1) != ']') {
        char to = regex.charAt(pos + 1);
        pos += 2;
        if (to < c) {
          throw new Infinite("bad range " + c + "-" + to);
        }
        for (char x = c; x <= to; x++) {
          chars.add(x);
        }
      } else {
        chars.add(c);
      }
      limit(chars.size());
    }
    if (pos >= regex.length()) {
      throw new Infinite("unbalanced '[' at " + start);
    }
    pos++;
    Set<String> result = new LinkedHashSet<>();
    chars.forEach(ch -> result.add(String.valueOf(ch)));
    return result;
  }

  private static Set<String> range(char from, char to) {
    Set<String> result = new LinkedHashSet<>();
    for (char c = from; c <= to; c++) {
      result.add(String.valueOf(c));
    }
    return result;
  }

  private static void limit(int size) throws Infinite {
    if (size > MAX_VALUES) {
      throw new Infinite("it matches more than " + MAX_VALUES + " values");
    }
  }
}
