package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class KeyValuePair {
  @JsonPropertyDescription("Name (for environment variables: the variable's name).")
  public String name;

  @JsonPropertyDescription("Value.")
  public String value;

  public KeyValuePair() {}

  public KeyValuePair(String name, String value) {
    this.name = name;
    this.value = value;
  }
}
