package dev.stevedore.convert;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * A YAML constructor that reads CloudFormation's short-form intrinsic functions as their long form, so a YAML
 * template and its JSON twin give the same tree: {@code !Ref X} is {@code {"Ref": "X"}}, {@code !Sub s} is
 * {@code {"Fn::Sub": s}}, {@code !GetAtt A.B} is {@code {"Fn::GetAtt": ["A", "B"]}}. Timestamps stay text
 * ({@code AWSTemplateFormatVersion: 2010-09-09} is a version, not a date).
 */
final class CloudFormationYaml extends SafeConstructor {
  /** The short-form tags CloudFormation documents, each with the long-form key it stands for. */
  private static final Map<String, String> FUNCTIONS = functions();

  CloudFormationYaml(LoaderOptions options) {
    super(options);
    FUNCTIONS.forEach((tag, key) -> yamlConstructors.put(new Tag(tag), new Function(key)));
    yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
  }

  private static Map<String, String> functions() {
    Map<String, String> functions = new LinkedHashMap<>();
    functions.put("!Ref", "Ref");
    functions.put("!Condition", "Condition");
    for (String name : List.of("Sub", "GetAtt", "ImportValue", "Join", "Select", "Split", "FindInMap", "If", "Equals",
        "And", "Or", "Not", "Base64", "Cidr", "GetAZs", "Transform", "Length", "ToJsonString")) {
      functions.put("!" + name, "Fn::" + name);
    }
    return Map.copyOf(functions);
  }

  private final class Function extends AbstractConstruct {
    private final String key;

    Function(String key) {
      this.key = key;
    }

    @Override
    public Object construct(Node node) {
      Object argument;
      if (node instanceof ScalarNode scalar) {
        String text = constructScalar(scalar);
        // The short form of GetAtt takes "Resource.Attribute"; the long form is a two-element list.
        int dot = text.indexOf('.');
        argument = key.equals("Fn::GetAtt") && dot > 0
            ? List.of(text.substring(0, dot), text.substring(dot + 1)) : text;
      } else if (node instanceof SequenceNode sequence) {
        argument = constructSequence(sequence);
      } else {
        argument = constructMapping((MappingNode) node);
      }
      Map<String, Object> function = new LinkedHashMap<>();
      function.put(key, argument);
      return function;
    }
  }
}
