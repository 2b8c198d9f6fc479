package dev.stevedore.convert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.ArrayList;
import java.util.List;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads a file's text into JSON trees: JSON as it is (duplicate keys are an error, as the loader has it), YAML
 * (several documents separated by {@code ---} allowed) with CloudFormation's short-form tags read as their long
 * form.
 */
final class DocumentReader {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private DocumentReader() {}

  static List<JsonNode> read(String fileName, String text) {
    String trimmed = text.stripLeading();
    if (trimmed.isEmpty()) {
      throw new InputError("the file is empty");
    }
    boolean json = fileName.endsWith(".json") || trimmed.startsWith("{") || trimmed.startsWith("[");
    return json ? List.of(json(text)) : yaml(text);
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      throw new InputError("not valid JSON: " + e.getOriginalMessage()
          + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
    }
  }

  private static List<JsonNode> yaml(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    Yaml yaml = new Yaml(new CloudFormationYaml(options));
    List<JsonNode> documents = new ArrayList<>();
    try {
      for (Object document : yaml.loadAll(text)) {
        if (document != null) {
          documents.add(JSON.valueToTree(document));
        }
      }
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark();
      throw new InputError("not valid YAML: " + e.getProblem()
          + (mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")"));
    } catch (YAMLException e) {
      throw new InputError("not valid YAML: " + e.getMessage());
    }
    if (documents.isEmpty()) {
      throw new InputError("the file holds no YAML document");
    }
    return documents;
  }
}
