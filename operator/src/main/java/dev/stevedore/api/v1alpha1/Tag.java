package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class Tag {
  @Required
  @Size(min = 1, max = 128)
  @JsonPropertyDescription("Tag key, 1-128 characters. Keys starting with 'aws:' are reserved by AWS.")
  public String key;

  @Size(max = 256)
  @JsonPropertyDescription("Tag value, 0-256 characters.")
  public String value;

  public Tag() {}

  public Tag(String key, String value) {
    this.key = key;
    this.value = value;
  }
}
