package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A service event in ECS's words, e.g. "(service web) has reached a steady state." */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ServiceEvent {
  @JsonPropertyDescription("Event id.")
  public String id;

  @JsonPropertyDescription("When it happened (RFC 3339).")
  public String createdAt;

  @JsonPropertyDescription("The sentence.")
  public String message;
}
