package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** CreateCluster's request, plus how each capacity provider reaches its nodes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.defaultCapacityProviderStrategy) || self.defaultCapacityProviderStrategy.filter(i, has(i.base) && i.base > 0).size() <= 1",
    message = "defaultCapacityProviderStrategy: only one capacity provider can have a base")
@ValidationRule(value = "!has(self.defaultCapacityProviderStrategy) || size(self.defaultCapacityProviderStrategy) <= 1 || self.defaultCapacityProviderStrategy.exists(i, has(i.weight) && i.weight > 0)",
    message = "defaultCapacityProviderStrategy: with more than one capacity provider, at least one needs a weight above 0")
@ValidationRule(value = "!has(self.defaultCapacityProviderStrategy) || self.defaultCapacityProviderStrategy.all(i, i.capacityProvider in ['FARGATE', 'FARGATE_SPOT'] || (has(self.capacityProviders) && i.capacityProvider in self.capacityProviders))",
    message = "defaultCapacityProviderStrategy may only use FARGATE, FARGATE_SPOT and the cluster's capacityProviders")
@ValidationRule(value = "!has(self.capacityProviderDefinitions) || self.capacityProviderDefinitions.all(d, self.capacityProviderDefinitions.exists_one(e, e.name == d.name))",
    message = "capacityProviderDefinitions: each name can appear once")
public class EcsClusterSpec {
  @Size(min = 1, max = 255)
  @Pattern("^[A-Za-z0-9_-]+$")
  @JsonPropertyDescription("Cluster name, 1-255 letters, digits, '_' and '-'. Defaults to metadata.name. Services name it in spec.cluster.")
  public String clusterName;

  @Size(max = 50)
  @JsonPropertyDescription("Tags, at most 50.")
  public List<Tag> tags;

  @Size(max = 1)
  @JsonPropertyDescription("Cluster settings (containerInsights).")
  public List<ClusterSetting> settings;

  @JsonPropertyDescription("ECS Exec and managed storage configuration.")
  public ClusterConfiguration configuration;

  @Size(max = 20)
  @JsonPropertyDescription("Capacity providers the cluster may use, at most 20. FARGATE and FARGATE_SPOT are always available.")
  public List<String> capacityProviders;

  @Size(max = 20)
  @JsonPropertyDescription("Strategy for services that name neither launchType nor capacityProviderStrategy.")
  public List<CapacityProviderStrategyItem> defaultCapacityProviderStrategy;

  @JsonPropertyDescription("Service Connect defaults.")
  public ClusterServiceConnectDefaults serviceConnectDefaults;

  @JsonPropertyDescription("Stevedore: what the cluster's tasks may ask of the node (privileged, host namespaces, host paths, capabilities). Unset: none of these, as Fargate.")
  public TaskSecurity taskSecurity;

  @Size(max = 23)
  @JsonPropertyDescription("Stevedore: how each capacity provider's tasks reach their nodes (node selector, tolerations, runtime class).")
  public List<CapacityProviderDefinition> capacityProviderDefinitions;
}
