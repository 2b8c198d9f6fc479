package dev.stevedore.translate.placement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The cluster query language, expression by expression: what each becomes as affinity, or the error and its
 * column. Affinity is written compactly: node selector terms joined by " | " (ORed), the requirements of a term by
 * " & " (ANDed), then pod affinity as affinity(...) and anti(...).
 */
class MemberOfTest {
  static final String ZONE = "topology.kubernetes.io/zone";
  static final String TYPE = "node.kubernetes.io/instance-type";
  static final String CUSTOM = "attribute.ecs.stevedore.dev/";

  static Stream<Arguments> translatable() {
    return Stream.of(
        arguments("attribute:ecs.availability-zone == us-east-1a", ZONE + " In [us-east-1a]"),
        arguments("attribute:ecs.availability-zone equals us-east-1a", ZONE + " In [us-east-1a]"),
        arguments("attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", ZONE + " In [us-east-1a, us-east-1b]"),
        arguments("attribute:ecs.availability-zone in [us-east-1b,us-east-1a,us-east-1b]",
            ZONE + " In [us-east-1a, us-east-1b]"),
        arguments("attribute:ecs.instance-type == t3.micro", TYPE + " In [t3.micro]"),
        arguments("attribute:ecs.instance-type != m5.large", TYPE + " NotIn [m5.large]"),
        arguments("attribute:ecs.instance-type not_equals m5.large", TYPE + " NotIn [m5.large]"),
        arguments("attribute:ecs.instance-type not_in [m5.large, m5.xlarge]", TYPE + " NotIn [m5.large, m5.xlarge]"),
        arguments("attribute:ecs.instance-type !in [m5.large]", TYPE + " NotIn [m5.large]"),
        arguments("attribute:ecs.os-type == linux", "kubernetes.io/os In [linux]"),
        arguments("attribute:ecs.os-family == LINUX", "kubernetes.io/os In [linux]"),
        arguments("attribute:ecs.cpu-architecture == x86_64", "kubernetes.io/arch In [amd64]"),
        arguments("attribute:ecs.cpu-architecture in [x86_64, arm64]", "kubernetes.io/arch In [amd64, arm64]"),
        arguments("attribute:stack exists", CUSTOM + "stack Exists"),
        arguments("attribute:stack !exists", CUSTOM + "stack DoesNotExist"),
        arguments("attribute:stack not_exists", CUSTOM + "stack DoesNotExist"),
        arguments("attribute:stack == prod", CUSTOM + "stack In [prod]"),
        arguments("attribute:stevedore.dev/pool == spot", "stevedore.dev/pool In [spot]"),
        arguments("attribute:ecs.instance-type == 't3.micro'", TYPE + " In [t3.micro]"),
        arguments("attribute:ecs.instance-type in [\"m5.large\", 'm5.xlarge']", TYPE + " In [m5.large, m5.xlarge]"),
        arguments("attribute:ecs.availability-zone == us-east-1a and attribute:ecs.instance-type == m5.large",
            ZONE + " In [us-east-1a] & " + TYPE + " In [m5.large]"),
        arguments("attribute:ecs.availability-zone == us-east-1a && attribute:ecs.instance-type == m5.large",
            ZONE + " In [us-east-1a] & " + TYPE + " In [m5.large]"),
        arguments("attribute:a == x AND attribute:b IN [y] Or attribute:c Exists",
            CUSTOM + "a In [x] & " + CUSTOM + "b In [y] | " + CUSTOM + "c Exists"),
        arguments("attribute:ecs.availability-zone == us-east-1a or attribute:ecs.instance-type == m5.large",
            ZONE + " In [us-east-1a] | " + TYPE + " In [m5.large]"),
        arguments("attribute:ecs.availability-zone == us-east-1a || attribute:stevedore.dev/pool == fargate",
            ZONE + " In [us-east-1a] | stevedore.dev/pool In [fargate]"),
        arguments("not(attribute:ecs.availability-zone == us-east-1a)", ZONE + " NotIn [us-east-1a]"),
        arguments("not not attribute:stack exists", CUSTOM + "stack Exists"),
        arguments("!(attribute:ecs.instance-type in [m5.large] or attribute:stack exists)",
            TYPE + " NotIn [m5.large] & " + CUSTOM + "stack DoesNotExist"),
        arguments("not (attribute:a == x and attribute:b == y)", CUSTOM + "a NotIn [x] | " + CUSTOM + "b NotIn [y]"),
        arguments("(attribute:a == x or attribute:b == y) and attribute:c == z",
            CUSTOM + "a In [x] & " + CUSTOM + "c In [z] | " + CUSTOM + "b In [y] & " + CUSTOM + "c In [z]"),
        arguments("attribute:ecs.availability-zone == us-east-1a and (attribute:ecs.instance-type == m5.large"
                + " or attribute:ecs.instance-type == m5.xlarge)",
            ZONE + " In [us-east-1a] & " + TYPE + " In [m5.large] | " + ZONE + " In [us-east-1a] & " + TYPE
                + " In [m5.xlarge]"),
        arguments("((attribute:a == x))", CUSTOM + "a In [x]"),
        arguments("attribute:gpus > 2", CUSTOM + "gpus Gt [2]"),
        arguments("attribute:gpus >= 2", CUSTOM + "gpus Gt [1]"),
        arguments("attribute:gpus < 4", CUSTOM + "gpus Lt [4]"),
        arguments("attribute:gpus <= 4", CUSTOM + "gpus Lt [5]"),
        arguments("not attribute:gpus > 2", CUSTOM + "gpus Lt [3] | " + CUSTOM + "gpus DoesNotExist"),
        arguments("attribute:ecs.instance-type =~ m5\\.(large|xlarge)", TYPE + " In [m5.large, m5.xlarge]"),
        arguments("attribute:ecs.instance-type =~ \"m5\\.(large|xlarge)\"", TYPE + " In [m5.large, m5.xlarge]"),
        arguments("attribute:ecs.instance-type =~ ^m5\\.(?:large|xlarge)$", TYPE + " In [m5.large, m5.xlarge]"),
        arguments("attribute:ecs.availability-zone matches us-east-1[ab]", ZONE + " In [us-east-1a, us-east-1b]"),
        arguments("attribute:ecs.availability-zone !~ us-east-1[c-d]", ZONE + " NotIn [us-east-1c, us-east-1d]"),
        arguments("(attribute:ecs.availability-zone =~ us-east-1(a|b))", ZONE + " In [us-east-1a, us-east-1b]"),
        arguments("attribute:ecs.instance-type =~ t3\\.(nano|micro)?", TYPE + " In [t3.micro, t3.nano]"),
        arguments("attribute:node =~ n\\d", CUSTOM + "node In [n0, n1, n2, n3, n4, n5, n6, n7, n8, n9]"),
        arguments("attribute:stack =~ .*", CUSTOM + "stack Exists"),
        arguments("attribute:stack not_matches .+", CUSTOM + "stack DoesNotExist"),
        arguments("attribute:ecs.cpu-architecture =~ x86_64|arm64", "kubernetes.io/arch In [amd64, arm64]"),
        arguments("task:group == service:web", "affinity(ecs.stevedore.dev/service In [web])"),
        arguments("not(task:group == service:db)", "anti(ecs.stevedore.dev/service In [db])"),
        arguments("task:group in [family:batch, family:etl]", "affinity(ecs.stevedore.dev/family In [batch, etl])"),
        arguments("task:group != family:batch and attribute:ecs.os-type == linux",
            "kubernetes.io/os In [linux] ; anti(ecs.stevedore.dev/family In [batch])"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("translatable")
  void translatesToAffinity(String expression, String expected) throws Exception {
    assertThat(render(MemberOf.translate(expression))).isEqualTo(expected);
  }

  static Stream<Arguments> syntaxErrors() {
    return Stream.of(
        arguments("", 1, "the expression is empty"),
        arguments("attribute:ecs.instance-type t2.small", 29, "expected an operator"),
        arguments("attribute:ecs.instance-type ==", 31, "expected a value after '=='"),
        arguments("attribute:zone in us-east-1a", 19, "expected '[' to start the list of values"),
        arguments("attribute:zone in [us-east-1a, us-east-1b", 42, "expected ',' or ']'"),
        arguments("attribute:zone in []", 20, "the list of values is empty"),
        arguments("(attribute:a == b", 18, "expected ')' to close the '(' at column 1"),
        arguments("attribute:a == b)", 17, "expected 'and', 'or' or the end of the expression, found ')'"),
        arguments("attribute:a == b and", 21, "expected a condition"),
        arguments("attribute:a = b", 13, "'=' is not an operator"),
        arguments("instance-type == t2.small", 1, "unknown subject 'instance-type'"),
        arguments("attribute: == x", 11, "expected an attribute name"),
        arguments("attribute:a =~ (abc", 20, "invalid regular expression '(abc'"),
        arguments("attribute:a == 'unterminated", 16, "has no closing '"),
        arguments("attribute:a & attribute:b", 13, "'&' is not an operator"),
        arguments("attribute:a == b or or attribute:c == d", 21, "expected a condition"),
        arguments("attribute:a exists b", 20, "expected 'and', 'or' or the end of the expression, found 'b'"),
        arguments("attribute:a == b attribute:c == d", 18, "expected 'and', 'or'"),
        arguments("attribute:a has b", 13, "expected an operator"),
        arguments("attribute:a ~ b", 13, "'~' is not an operator"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("syntaxErrors")
  void rejectsWithTheColumn(String expression, int column, String message) {
    QuerySyntaxException e = org.junit.jupiter.api.Assertions.assertThrows(QuerySyntaxException.class,
        () -> ClusterQueryParser.parse(expression));
    assertThat(e.getMessage()).startsWith("column " + column + ": ").contains(message);
    assertThat(e.position()).isEqualTo(column - 1);
  }

  static Stream<Arguments> untranslatable() {
    return Stream.of(
        arguments("attribute:ecs.instance-type =~ t2.*", 32, "cannot be node affinity"),
        arguments("attribute:ecs.instance-type =~ m5.large", 32, "write \\. for a literal dot"),
        arguments("attribute:ecs.instance-type =~ [^x]", 32, "negated class"),
        arguments("ec2InstanceId in ['i-abcd1234', 'i-wxyx7890']", 1, "ec2InstanceId has no node label"),
        arguments("agentConnected == true", 1, "agentConnected describes the ECS agent"),
        arguments("attribute:a == x and runningTasksCount == 0", 22, "runningTasksCount describes the ECS agent"),
        arguments("task:group == database", 15, "not service:<name> or family:<name>"),
        arguments("task:group in [service:a, family:b]", 15, "must all be service:<name> or all family:<name>"),
        arguments("task:group exists", 1, "task:group can be compared with"),
        arguments("task:group == service:web or attribute:a == b", 1, "only be combined with 'and'"),
        arguments("attribute:gpus > many", 18, "is not an integer"),
        arguments("attribute:ecs.os-family == WINDOWS_SERVER_2019_FULL", 28, "has no node label value"),
        arguments("attribute:stack == 'has space'", 20, "cannot be the value of a node label"),
        arguments("attribute:a\\b == x", 1, "cannot be a node label name"),
        arguments("attribute:Example.com/team == x", 1, "neither a node label key"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("untranslatable")
  void reportsWhatAffinityCannotSay(String expression, int column, String message) {
    MemberOf.Untranslatable e = org.junit.jupiter.api.Assertions.assertThrows(MemberOf.Untranslatable.class,
        () -> MemberOf.translate(expression));
    assertThat(e.getMessage()).startsWith("column " + column + ": ").contains(message);
  }

  @org.junit.jupiter.api.Test
  void builtInsWithoutAKubernetesLabelAreApproximatedByCustomLabels() throws Exception {
    MemberOf.Affinity a = MemberOf.translate("attribute:ecs.ami-id == ami-12345");
    assertThat(render(a)).isEqualTo(CUSTOM + "ecs.ami-id In [ami-12345]");
    assertThat(a.approximations()).singleElement().asString().contains("only when they are labelled so");
  }

  @org.junit.jupiter.api.Test
  void tooManyAlternativesAreRefused() {
    String eight = Stream.of("a", "b", "c", "d", "e", "f", "g").map(k -> "(attribute:" + k + " == x or attribute:"
        + k + " == y)").collect(Collectors.joining(" and "));
    org.junit.jupiter.api.Assertions.assertThrows(MemberOf.Untranslatable.class, () -> MemberOf.translate(eight));
  }

  static String render(MemberOf.Affinity a) {
    List<String> parts = new ArrayList<>();
    if (!a.nodeTerms().isEmpty()) {
      parts.add(a.nodeTerms().stream().map(MemberOfTest::render).collect(Collectors.joining(" | ")));
    }
    a.podAffinity().forEach(t -> parts.add("affinity(" + render(t) + ")"));
    a.podAntiAffinity().forEach(t -> parts.add("anti(" + render(t) + ")"));
    return String.join(" ; ", parts);
  }

  static String render(NodeSelectorTerm t) {
    return t.getMatchExpressions().stream().map(MemberOfTest::render).collect(Collectors.joining(" & "));
  }

  static String render(NodeSelectorRequirement r) {
    return r.getKey() + " " + r.getOperator()
        + (r.getValues() == null || r.getValues().isEmpty() ? "" : " " + r.getValues().toString());
  }

  static String render(PodAffinityTerm t) {
    assertThat(t.getTopologyKey()).isEqualTo("kubernetes.io/hostname");
    LabelSelectorRequirement r = t.getLabelSelector().getMatchExpressions().get(0);
    return r.getKey() + " " + r.getOperator() + " " + r.getValues();
  }
}
