package dev.stevedore.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/**
 * What the tasks of a cluster may ask of the node, in the terms of Kubernetes' Pod Security Standards. Stevedore's
 * addition to CreateCluster: ECS lets any EC2 task ask for these, Kubernetes clusters are shared. Everything is
 * refused unless allowed here, and the FARGATE capacity providers refuse them whatever this says, as ECS does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TaskSecurity {
  @JsonPropertyDescription("Allow privileged containers (containerDefinitions[].privileged). Default false; never on FARGATE.")
  public Boolean allowPrivileged;

  @JsonPropertyDescription("Allow networkMode host (the pod joins the node's network). Default false; never on FARGATE.")
  public Boolean allowHostNetwork;

  @JsonPropertyDescription("Allow pidMode host (the node's process namespace). Default false; never on FARGATE.")
  public Boolean allowHostPID;

  @JsonPropertyDescription("Allow ipcMode host (the node's IPC namespace). Default false; never on FARGATE.")
  public Boolean allowHostIPC;

  @Size(max = 32)
  @JsonPropertyDescription("Host directories tasks may mount (volumes[].host.sourcePath), by path prefix. Empty: none. Never on FARGATE.")
  public List<AllowedHostPath> allowedHostPaths;

  @Size(max = 64)
  @JsonPropertyDescription("Linux capabilities tasks may add beyond the container runtime's defaults (linuxParameters.capabilities.add), e.g. NET_ADMIN; ALL allows any. FARGATE allows SYS_PTRACE only.")
  public List<@Pattern("^[A-Z_]{1,64}$") String> allowedCapabilities;
}
