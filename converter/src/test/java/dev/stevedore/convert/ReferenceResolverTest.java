package dev.stevedore.convert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What resolves from --param and the template, and what stays unresolved, with the parameter that would do it. */
class ReferenceResolverTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final ReferenceResolver.Template TEMPLATE = new ReferenceResolver.Template(
      json("{\"Env\": {\"Type\": \"String\", \"Default\": \"staging\"}, \"Tag\": {\"Type\": \"String\"}}"),
      json("{\"Sizes\": {\"staging\": {\"Memory\": \"512\"}}}"),
      json("{\"IsProd\": {\"Fn::Equals\": [{\"Ref\": \"Env\"}, \"prod\"]},"
          + " \"NotProd\": {\"Fn::Not\": [{\"Condition\": \"IsProd\"}]}}"),
      Map.of("TaskDef", "orders"), Map.of("Svc.Name", "orders-svc"));

  private static JsonNode resolve(String json, Map<String, String> params) {
    return new ReferenceResolver(params, TEMPLATE, true).resolve(json(json));
  }

  @Test
  void refTakesTheParamThenTheDefaultThenTheResource() {
    assertThat(resolve("{\"Ref\": \"Env\"}", Map.of("Env", "prod")).asText()).isEqualTo("prod");
    assertThat(resolve("{\"Ref\": \"Env\"}", Map.of()).asText()).isEqualTo("staging");
    assertThat(resolve("{\"Ref\": \"TaskDef\"}", Map.of()).asText()).isEqualTo("orders");
    assertThat(resolve("{\"Ref\": \"AWS::Partition\"}", Map.of()).asText()).isEqualTo("aws");
  }

  @Test
  void aRefNothingAnswersIsUnresolvedAndNamesItsParameter() {
    Unresolved unresolved = Unresolved.of(resolve("{\"Ref\": \"Tag\"}", Map.of())).orElseThrow();

    assertThat(unresolved).isEqualTo(new Unresolved("Tag", "Ref Tag", "Tag"));
  }

  @Test
  void noValueRemovesTheMember() {
    JsonNode resolved = resolve("{\"A\": {\"Ref\": \"AWS::NoValue\"}, \"B\": [1, {\"Ref\": \"AWS::NoValue\"}]}", Map.of());

    assertThat(resolved).isEqualTo(json("{\"B\": [1]}"));
  }

  @Test
  void subResolvesVariablesAttributesAndLiterals() {
    JsonNode resolved = resolve("{\"Fn::Sub\": [\"${Env}-${Svc.Name}-${X}-${!Keep}\", {\"X\": {\"Ref\": \"TaskDef\"}}]}",
        Map.of());

    assertThat(resolved.asText()).isEqualTo("staging-orders-svc-orders-${Keep}");
  }

  @Test
  void aPartlyResolvedSubKeepsWhatIsMissingInItsPlaceholder() {
    Unresolved unresolved = Unresolved.of(resolve("{\"Fn::Sub\": \"${AWS::AccountId}.dkr.ecr/${Env}:${Tag}\"}",
        Map.of())).orElseThrow();

    assertThat(unresolved.placeholder()).isEqualTo("${AWS::AccountId}.dkr.ecr/staging:${Tag}");
    assertThat(unresolved.parameter()).isEqualTo("AWS::AccountId, Tag");
  }

  @Test
  void joinSelectSplitFindInMapAndIf() {
    assertThat(resolve("{\"Fn::Join\": [\"/\", [\"a\", {\"Ref\": \"Env\"}]]}", Map.of()).asText()).isEqualTo("a/staging");
    assertThat(resolve("{\"Fn::Select\": [1, {\"Fn::Split\": [\",\", \"x,y,z\"]}]}", Map.of()).asText()).isEqualTo("y");
    assertThat(resolve("{\"Fn::FindInMap\": [\"Sizes\", {\"Ref\": \"Env\"}, \"Memory\"]}", Map.of()).asText())
        .isEqualTo("512");
    assertThat(resolve("{\"Fn::If\": [\"NotProd\", \"small\", \"large\"]}", Map.of()).asText()).isEqualTo("small");
    assertThat(resolve("{\"Fn::If\": [\"NotProd\", \"small\", \"large\"]}", Map.of("Env", "prod")).asText())
        .isEqualTo("large");
  }

  @Test
  void importValueAndGetAttComeFromParams() {
    assertThat(resolve("{\"Fn::ImportValue\": {\"Fn::Sub\": \"${Env}-subnet\"}}", Map.of("staging-subnet", "subnet-1"))
        .asText()).isEqualTo("subnet-1");
    assertThat(Unresolved.of(resolve("{\"Fn::ImportValue\": \"vpc-id\"}", Map.of())).orElseThrow().parameter())
        .isEqualTo("vpc-id");
    assertThat(resolve("{\"Fn::GetAtt\": [\"Role\", \"Arn\"]}", Map.of("Role.Arn", "arn:aws:iam::1:role/r")).asText())
        .isEqualTo("arn:aws:iam::1:role/r");
  }

  @Test
  void templatePlaceholdersTakeParamsAndTheirDefaults() {
    ReferenceResolver resolver = new ReferenceResolver(Map.of("ACCOUNT", "123"), ReferenceResolver.Template.NONE,
        false);

    assertThat(resolver.resolve(json("\"arn:{{ must_env `ACCOUNT` }}:x\"")).asText()).isEqualTo("arn:123:x");
    assertThat(resolver.resolve(json("\"{{ env `TAG` `latest` }}\"")).asText()).isEqualTo("latest");
    Unresolved unresolved = Unresolved.of(resolver.resolve(json("\"{{ tfstate `aws_subnet.a.id` }}\""))).orElseThrow();
    assertThat(unresolved.placeholder()).isEqualTo("aws_subnet.a.id");
    assertThat(unresolved.parameter()).isEqualTo("aws_subnet.a.id");
  }

  @Test
  void intrinsicsAreTextOutsideCloudFormation() {
    ReferenceResolver resolver = new ReferenceResolver(Map.of(), ReferenceResolver.Template.NONE, false);

    assertThat(resolver.resolve(json("{\"Ref\": \"X\"}"))).isEqualTo(json("{\"Ref\": \"X\"}"));
  }

  @Test
  void shortFormYamlTagsReadAsTheirLongForm() {
    List<JsonNode> yaml = DocumentReader.read("t.yaml", """
        Version: 2010-09-09
        A: !Ref X
        B: !GetAtt Role.Arn
        C: !Sub ["${Y}", {Y: !ImportValue z}]
        D: !Join ["-", [!Ref X, !Select [0, !Split [",", "a,b"]]]]
        E: !If [Cond, !Base64 s, !Ref "AWS::NoValue"]
        """);

    assertThat(yaml).singleElement().isEqualTo(json("""
        {"Version": "2010-09-09", "A": {"Ref": "X"}, "B": {"Fn::GetAtt": ["Role", "Arn"]},
         "C": {"Fn::Sub": ["${Y}", {"Y": {"Fn::ImportValue": "z"}}]},
         "D": {"Fn::Join": ["-", [{"Ref": "X"}, {"Fn::Select": [0, {"Fn::Split": [",", "a,b"]}]}]]},
         "E": {"Fn::If": ["Cond", {"Fn::Base64": "s"}, {"Ref": "AWS::NoValue"}]}}
        """));
  }

  @Test
  void duplicateYamlKeysAreAnError() {
    InputError error = org.assertj.core.api.Assertions.catchThrowableOfType(InputError.class,
        () -> DocumentReader.read("t.yaml", "A: 1\nA: 2\n"));

    assertThat(error).isNotNull();
    assertThat(error.getMessage()).contains("duplicate key A").contains("line 2");
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }
}
