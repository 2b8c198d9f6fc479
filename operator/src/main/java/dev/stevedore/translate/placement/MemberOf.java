package dev.stevedore.translate.placement;

import dev.stevedore.naming.Labels;
import dev.stevedore.naming.Names;
import dev.stevedore.translate.placement.NodeAttributes.NotTranslatable;
import dev.stevedore.translate.placement.QueryExpression.And;
import dev.stevedore.translate.placement.QueryExpression.Comparison;
import dev.stevedore.translate.placement.QueryExpression.Not;
import dev.stevedore.translate.placement.QueryExpression.Operator;
import dev.stevedore.translate.placement.QueryExpression.Or;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTermBuilder;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A memberOf constraint's expression as Kubernetes affinity: node affinity for attributes, pod affinity for
 * {@code task:group}.
 *
 * <p>The expression is brought into disjunctive normal form: {@code not} is pushed down to the comparisons
 * (De Morgan), {@code or} becomes several {@code nodeSelectorTerms} (which Kubernetes ORs) and {@code and} becomes
 * the {@code matchExpressions} of one term (which it ANDs). Comparisons map as follows:
 *
 * <table>
 *   <tr><th>ECS</th><th>node selector requirement</th><th>negated</th></tr>
 *   <tr><td>==, in</td><td>In</td><td>NotIn</td></tr>
 *   <tr><td>!=, not_in</td><td>NotIn (also nodes without the label)</td><td>In</td></tr>
 *   <tr><td>exists / not_exists</td><td>Exists / DoesNotExist</td><td>the other</td></tr>
 *   <tr><td>&gt; n, &gt;= n, &lt; n, &lt;= n (integers)</td><td>Gt n, Gt n-1, Lt n, Lt n+1</td>
 *       <td>the opposite bound, or DoesNotExist</td></tr>
 *   <tr><td>=~ regex</td><td>In the values of a finite regex; Exists for .* and .+</td><td>NotIn, DoesNotExist</td></tr>
 * </table>
 *
 * {@code task:group == service:NAME} (or {@code family:NAME}) is required pod affinity to the pods of that service
 * (or family) on the same node; {@code !=} and {@code not(...)} make it anti-affinity. Pod affinity cannot be ORed
 * with node affinity, so task:group must be a conjunct of the whole expression. Subjects with no node label
 * (ec2InstanceId, agentConnected, agentVersion, registeredAt, runningTasksCount) and regular expressions with an
 * unbounded language cannot be translated: the constraint is then reported, never half-applied.
 */
public final class MemberOf {
  /** More nodeSelectorTerms than this is not a constraint anyone means. */
  public static final int MAX_TERMS = 64;

  /**
   * An expression as affinity.
   *
   * @param nodeTerms nodeSelectorTerms (ORed); empty when the expression constrains no node label
   * @param podAffinity required pod affinity terms
   * @param podAntiAffinity required pod anti-affinity terms
   * @param approximations where matching a node label is not quite what ECS does
   */
  public record Affinity(List<NodeSelectorTerm> nodeTerms, List<PodAffinityTerm> podAffinity,
                         List<PodAffinityTerm> podAntiAffinity, List<String> approximations) {}

  /** An expression that parses but cannot be expressed as affinity. */
  public static final class Untranslatable extends Exception {
    private final int position;

    Untranslatable(int position, String reason) {
      super("column " + (position + 1) + ": " + reason);
      this.position = position;
    }

    public int position() {
      return position;
    }
  }

  private sealed interface Atom permits NodeAtom, GroupAtom {}

  private record NodeAtom(NodeSelectorRequirement requirement) implements Atom {}

  private record GroupAtom(boolean together, String labelKey, Set<String> values, int position) implements Atom {}

  private final Set<String> approximations = new LinkedHashSet<>();

  private MemberOf() {}

  /** Parses and translates; syntax errors and untranslatable expressions are thrown with their column. */
  public static Affinity translate(String expression) throws QuerySyntaxException, Untranslatable {
    return translate(ClusterQueryParser.parse(expression));
  }

  public static Affinity translate(QueryExpression expression) throws Untranslatable {
    MemberOf m = new MemberOf();
    List<List<Atom>> dnf = m.dnf(expression, false);
    List<NodeSelectorTerm> terms = new ArrayList<>();
    List<PodAffinityTerm> affinity = new ArrayList<>();
    List<PodAffinityTerm> antiAffinity = new ArrayList<>();
    for (List<Atom> term : dnf) {
      List<NodeSelectorRequirement> requirements = new ArrayList<>();
      for (Atom atom : term) {
        if (atom instanceof NodeAtom n) {
          requirements.add(n.requirement());
        } else if (atom instanceof GroupAtom g) {
          if (dnf.size() > 1) {
            throw new Untranslatable(g.position(), "task:group can only be combined with 'and': Kubernetes cannot OR"
                + " pod affinity with node affinity");
          }
          (g.together() ? affinity : antiAffinity).add(groupTerm(g));
        }
      }
      if (!requirements.isEmpty()) {
        NodeSelectorTerm t = new NodeSelectorTerm();
        t.setMatchExpressions(requirements);
        terms.add(t);
      }
    }
    if (terms.size() < dnf.size() && !terms.isEmpty()) {
      // A term with no node requirement matches every node: the whole OR does.
      terms.clear();
    }
    return new Affinity(List.copyOf(terms), List.copyOf(affinity), List.copyOf(antiAffinity),
        List.copyOf(m.approximations));
  }

  private List<List<Atom>> dnf(QueryExpression e, boolean negated) throws Untranslatable {
    if (e instanceof Not not) {
      return dnf(not.operand(), !negated);
    }
    if (e instanceof And and) {
      return negated ? union(and.operands(), true) : product(and.operands(), false, and.position());
    }
    if (e instanceof Or or) {
      return negated ? product(or.operands(), true, or.position()) : union(or.operands(), false);
    }
    return literal((Comparison) e, negated);
  }

  private List<List<Atom>> union(List<QueryExpression> operands, boolean negated) throws Untranslatable {
    List<List<Atom>> result = new ArrayList<>();
    for (QueryExpression operand : operands) {
      result.addAll(dnf(operand, negated));
      if (result.size() > MAX_TERMS) {
        throw new Untranslatable(operand.position(), "the expression has more than " + MAX_TERMS + " alternatives");
      }
    }
    return result;
  }

  private List<List<Atom>> product(List<QueryExpression> operands, boolean negated, int position) throws Untranslatable {
    List<List<Atom>> result = List.of(List.of());
    for (QueryExpression operand : operands) {
      result = product(result, dnf(operand, negated), position);
    }
    return result;
  }

  static <T> List<List<T>> product(List<List<T>> left, List<List<T>> right, int position) throws Untranslatable {
    List<List<T>> result = new ArrayList<>();
    for (List<T> l : left) {
      for (List<T> r : right) {
        List<T> term = new ArrayList<>(l);
        term.addAll(r);
        result.add(term);
        if (result.size() > MAX_TERMS) {
          throw new Untranslatable(position, "the expression has more than " + MAX_TERMS + " alternatives once"
              + " written as node affinity (an OR of ANDs)");
        }
      }
    }
    return result;
  }

  private List<List<Atom>> literal(Comparison c, boolean negated) throws Untranslatable {
    return switch (c.subject().kind()) {
      case ATTRIBUTE -> attribute(c, negated);
      case TASK_GROUP -> List.of(List.of(group(c, negated)));
      case EC2_INSTANCE_ID -> throw new Untranslatable(c.position(), "ec2InstanceId has no node label: Kubernetes"
          + " nodes are not EC2 instances of the cluster; use an attribute (a node label) instead");
      default -> throw new Untranslatable(c.position(), c.subject().text() + " describes the ECS agent of an"
          + " instance, which Kubernetes nodes do not have");
    };
  }

  private List<List<Atom>> attribute(Comparison c, boolean negated) throws Untranslatable {
    NodeAttributes.Label label;
    try {
      label = NodeAttributes.of(c.subject().attribute());
    } catch (NotTranslatable e) {
      throw new Untranslatable(c.position(), e.getMessage());
    }
    if (label.approximation() != null) {
      approximations.add(label.approximation());
    }
    String key = label.key();
    Operator op = c.operator();
    switch (op) {
      case EQUALS, IN, NOT_EQUALS, NOT_IN -> {
        Set<String> values = new TreeSet<>();
        for (String v : c.values()) {
          values.add(labelValue(label, v, c));
        }
        boolean in = (op == Operator.EQUALS || op == Operator.IN) != negated;
        return single(requirement(key, in ? "In" : "NotIn", values));
      }
      case EXISTS, NOT_EXISTS -> {
        boolean exists = (op == Operator.EXISTS) != negated;
        return single(requirement(key, exists ? "Exists" : "DoesNotExist", Set.of()));
      }
      case GREATER, GREATER_OR_EQUAL, LESS, LESS_OR_EQUAL -> {
        return bound(key, c, negated);
      }
      case MATCHES, NOT_MATCHES -> {
        return regex(label, c, (op == Operator.MATCHES) != negated);
      }
      default -> throw new IllegalStateException(op.name());
    }
  }

  /** x &gt; n is Gt n; x &gt;= n is Gt n-1; negated, the other side or no label at all. */
  private static List<List<Atom>> bound(String key, Comparison c, boolean negated) throws Untranslatable {
    long n;
    try {
      n = Long.parseLong(c.values().get(0));
    } catch (NumberFormatException e) {
      throw new Untranslatable(c.argumentPosition(), "'" + c.values().get(0) + "' is not an integer: node affinity"
          + " compares labels with Gt and Lt as integers only");
    }
    Operator op = c.operator();
    if (negated) {
      op = switch (op) {
        case GREATER -> Operator.LESS_OR_EQUAL;
        case GREATER_OR_EQUAL -> Operator.LESS;
        case LESS -> Operator.GREATER_OR_EQUAL;
        default -> Operator.GREATER;
      };
    }
    try {
      NodeSelectorRequirement r = switch (op) {
        case GREATER -> requirement(key, "Gt", Set.of(Long.toString(n)));
        case GREATER_OR_EQUAL -> requirement(key, "Gt", Set.of(Long.toString(Math.subtractExact(n, 1))));
        case LESS -> requirement(key, "Lt", Set.of(Long.toString(n)));
        default -> requirement(key, "Lt", Set.of(Long.toString(Math.addExact(n, 1))));
      };
      if (!negated) {
        return single(r);
      }
      return List.of(List.of(new NodeAtom(r)), List.of(new NodeAtom(requirement(key, "DoesNotExist", Set.of()))));
    } catch (ArithmeticException e) {
      throw new Untranslatable(c.argumentPosition(), "'" + n + "' is out of range");
    }
  }

  private static List<List<Atom>> regex(NodeAttributes.Label label, Comparison c, boolean matches) throws Untranslatable {
    String regex = c.values().get(0);
    String[] why = new String[1];
    Optional<RegexValues.Expansion> expansion = RegexValues.expand(regex, why);
    if (expansion.isEmpty()) {
      throw new Untranslatable(c.argumentPosition(), "the regular expression '" + regex + "' cannot be node affinity,"
          + " which can only list values: " + why[0]);
    }
    if (expansion.get().everything()) {
      return single(requirement(label.key(), matches ? "Exists" : "DoesNotExist", Set.of()));
    }
    Set<String> values = new TreeSet<>();
    for (String v : expansion.get().values()) {
      try {
        values.add(label.value(v));
      } catch (NotTranslatable e) {
        // No node label can have this value: leaving it out of In or NotIn changes nothing.
      }
    }
    if (values.isEmpty()) {
      throw new Untranslatable(c.argumentPosition(), "the regular expression '" + regex + "' matches no value a"
          + " node label can have");
    }
    return single(requirement(label.key(), matches ? "In" : "NotIn", values));
  }

  private static String labelValue(NodeAttributes.Label label, String value, Comparison c) throws Untranslatable {
    try {
      return label.value(value);
    } catch (NotTranslatable e) {
      throw new Untranslatable(c.argumentPosition(), e.getMessage());
    }
  }

  private static GroupAtom group(Comparison c, boolean negated) throws Untranslatable {
    Operator op = c.operator();
    if (op != Operator.EQUALS && op != Operator.NOT_EQUALS && op != Operator.IN && op != Operator.NOT_IN) {
      throw new Untranslatable(c.position(), "task:group can be compared with ==, !=, in and not_in only");
    }
    boolean together = (op == Operator.EQUALS || op == Operator.IN) != negated;
    String key = null;
    Set<String> values = new TreeSet<>();
    for (String group : c.values()) {
      String groupKey;
      String name;
      if (group.startsWith("service:")) {
        groupKey = Labels.SERVICE;
        name = group.substring("service:".length());
      } else if (group.startsWith("family:")) {
        groupKey = Labels.FAMILY;
        name = group.substring("family:".length());
      } else {
        throw new Untranslatable(c.argumentPosition(), "task group '" + group + "' is not service:<name> or"
            + " family:<name>, the groups Stevedore's pods are labelled with");
      }
      if (name.isEmpty() || (key != null && !key.equals(groupKey))) {
        throw new Untranslatable(c.argumentPosition(), "the task groups of one comparison must all be service:<name>"
            + " or all family:<name>");
      }
      key = groupKey;
      values.add(Names.labelValue(name));
    }
    return new GroupAtom(together, key, values, c.position());
  }

  private static PodAffinityTerm groupTerm(GroupAtom g) {
    return new PodAffinityTermBuilder()
        .withLabelSelector(new LabelSelectorBuilder().withMatchExpressions(
            new LabelSelectorRequirement(g.labelKey(), "In", List.copyOf(g.values()))).build())
        .withTopologyKey(NodeAttributes.HOSTNAME)
        .build();
  }

  private static NodeSelectorRequirement requirement(String key, String operator, Set<String> values) {
    return new NodeSelectorRequirement(key, operator, values.isEmpty() ? null : List.copyOf(new TreeSet<>(values)));
  }

  private static List<List<Atom>> single(NodeSelectorRequirement r) {
    return List.of(List.of(new NodeAtom(r)));
  }
}
