package dev.stevedore.fuzz;

import dev.stevedore.api.v1alpha1.CapacityProviderDefinition;
import dev.stevedore.api.v1alpha1.CapacityProviderStrategyItem;
import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerDependency;
import dev.stevedore.api.v1alpha1.ContainerRestartPolicy;
import dev.stevedore.api.v1alpha1.DeploymentCircuitBreaker;
import dev.stevedore.api.v1alpha1.DeploymentConfiguration;
import dev.stevedore.api.v1alpha1.DockerVolumeConfiguration;
import dev.stevedore.api.v1alpha1.EcsClusterSpec;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.EfsVolumeConfiguration;
import dev.stevedore.api.v1alpha1.EphemeralStorage;
import dev.stevedore.api.v1alpha1.HealthCheck;
import dev.stevedore.api.v1alpha1.HostEntry;
import dev.stevedore.api.v1alpha1.HostVolumeProperties;
import dev.stevedore.api.v1alpha1.KernelCapabilities;
import dev.stevedore.api.v1alpha1.KeyValuePair;
import dev.stevedore.api.v1alpha1.LinuxParameters;
import dev.stevedore.api.v1alpha1.LoadBalancer;
import dev.stevedore.api.v1alpha1.LogConfiguration;
import dev.stevedore.api.v1alpha1.MountPoint;
import dev.stevedore.api.v1alpha1.PlacementConstraint;
import dev.stevedore.api.v1alpha1.PlacementStrategy;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.RepositoryCredentials;
import dev.stevedore.api.v1alpha1.ResourceRequirement;
import dev.stevedore.api.v1alpha1.RuntimePlatform;
import dev.stevedore.api.v1alpha1.Secret;
import dev.stevedore.api.v1alpha1.SystemControl;
import dev.stevedore.api.v1alpha1.Tag;
import dev.stevedore.api.v1alpha1.TaskDefinitionPlacementConstraint;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.Tmpfs;
import dev.stevedore.api.v1alpha1.Ulimit;
import dev.stevedore.api.v1alpha1.Volume;
import dev.stevedore.api.v1alpha1.VolumeFrom;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Generates task definitions, services and clusters the way people write them and at the edges of what ECS and
 * the CRD schema allow: 10 containers, 255-character names with underscores, every cpu and memory form, port
 * mappings by the dozen, dependsOn graphs with cycles, health checks at their bounds, every kind of volume,
 * hostile user names, DNS settings and kernel parameters. The schema's per-field limits (patterns, sizes,
 * ranges) are kept, because the API server refuses anything else before Stevedore sees it; the cross-field
 * rules are mostly kept and sometimes broken on purpose, because the validators must catch what CEL cannot.
 * Deterministic: one seed, one case.
 */
final class SpecGenerator {
  private static final List<String> IMAGES = List.of("nginx", "public.ecr.aws/nginx/nginx:1.27",
      "123456789012.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:" + "a".repeat(64), "busybox:latest",
      "registry.example.com:5000/team/app:v1.2.3");
  private static final List<String> CAPABILITIES = List.of("SYS_PTRACE", "NET_ADMIN", "SYS_ADMIN", "CHOWN",
      "NET_BIND_SERVICE", "ALL", "KILL", "AUDIT_WRITE");
  /** Fargate's valid (cpu, memory) pairs, a sample of each row of the table. */
  private static final int[][] FARGATE_SIZES = {{256, 512}, {256, 2048}, {512, 1024}, {512, 4096}, {1024, 2048},
      {1024, 8192}, {2048, 4096}, {2048, 16384}, {4096, 8192}, {4096, 30720}, {8192, 16384}, {8192, 61440},
      {16384, 32768}, {16384, 122880}};

  private final SplittableRandom random;

  SpecGenerator(long seed) {
    this.random = new SplittableRandom(seed);
  }

  FuzzCase next() {
    TaskDefinitionSpec td = taskDefinition();
    EcsClusterSpec cluster = new EcsClusterSpec();
    // Nearly always a cluster that allows what EC2 tasks may ask for (privileges, host namespaces and paths), so
    // that those translations run too; now and then none, so the cluster's refusal runs as well.
    if (chance(0.95)) {
      cluster.taskSecurity = new dev.stevedore.api.v1alpha1.TaskSecurity();
      cluster.taskSecurity.allowPrivileged = true;
      cluster.taskSecurity.allowHostNetwork = true;
      cluster.taskSecurity.allowHostPID = true;
      cluster.taskSecurity.allowHostIPC = true;
      var anyPath = new dev.stevedore.api.v1alpha1.AllowedHostPath();
      anyPath.pathPrefix = "/";
      cluster.taskSecurity.allowedHostPaths = List.of(anyPath);
      cluster.taskSecurity.allowedCapabilities = List.of("ALL");
    }
    EcsServiceSpec service = service(td, cluster);
    return new FuzzCase(objectName(), td, service, cluster);
  }

  // ---------------------------------------------------------------- task definition

  TaskDefinitionSpec taskDefinition() {
    TaskDefinitionSpec td = new TaskDefinitionSpec();
    boolean fargate = chance(0.35);
    td.family = maybe(0.8, this::ecsName);
    if (fargate) {
      td.requiresCompatibilities = oneOf(List.of(List.of("FARGATE"), List.of("EC2", "FARGATE")));
      td.networkMode = "awsvpc";
      int[] size = oneOf(List.of(FARGATE_SIZES));
      td.cpu = cpuForm(size[0]);
      td.memory = memoryForm(size[1]);
    } else {
      td.requiresCompatibilities = maybe(0.3, () -> oneOf(List.of(List.of("EC2"), List.of("EXTERNAL"),
          List.of("EC2", "EXTERNAL"))));
      td.networkMode = maybe(0.7, () -> oneOf(List.of("bridge", "host", "awsvpc", "none")));
      td.cpu = maybe(0.4, () -> cpuForm(oneOf(List.of(128, 256, 1024, 2048, 4096, 10240))));
      td.memory = maybe(0.4, () -> memoryForm(oneOf(List.of(512, 1024, 2048, 4096, 30720))));
      td.pidMode = maybe(0.15, () -> oneOf(List.of("host", "task")));
      td.ipcMode = maybe(0.15, () -> oneOf(List.of("host", "task", "none")));
      td.placementConstraints = maybe(0.1, () -> List.of(taskPlacementConstraint()));
    }
    td.taskRoleArn = maybe(0.4, () -> oneOf(List.of("arn:aws:iam::123456789012:role/app", "app-role",
        "arn:aws:iam::123456789012:role/path/to/" + "r".repeat(64))));
    td.executionRoleArn = maybe(0.3, () -> "arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
    td.ephemeralStorage = maybe(0.1, () -> {
      EphemeralStorage e = new EphemeralStorage();
      e.sizeInGiB = oneOf(List.of(21, 50, 200));
      return e;
    });
    td.runtimePlatform = maybe(0.2, () -> {
      RuntimePlatform p = new RuntimePlatform();
      p.cpuArchitecture = maybe(0.8, () -> oneOf(List.of("X86_64", "ARM64")));
      p.operatingSystemFamily = maybe(0.5, () -> oneOf(List.of("LINUX", "WINDOWS_SERVER_2022_CORE")));
      return p;
    });
    td.tags = maybe(0.2, () -> tags());
    td.enableFaultInjection = maybe(0.05, () -> true);
    td.volumes = maybe(0.4, () -> volumes(fargate));
    td.containerDefinitions = containers(td, fargate);
    // Fargate takes no dockerSecurityOptions, so a Fargate task cannot ask for no-new-privileges.
    if (!fargate && chance(0.2)) {
      harden(td);
    }
    if (chance(0.05)) {
      // What an export from ECS carries: accepted and ignored.
      td.taskDefinitionArn = "arn:aws:ecs:us-east-1:123456789012:task-definition/x:3";
      td.revision = 3;
      td.status = "ACTIVE";
      td.compatibilities = List.of("EC2", "FARGATE");
    }
    return td;
  }

  /** What the restricted Pod Security Standard asks of every container, as a careful team writes it. */
  private void harden(TaskDefinitionSpec td) {
    for (ContainerDefinition c : td.containerDefinitions) {
      c.privileged = null;
      c.dockerSecurityOptions = List.of("no-new-privileges");
      c.user = oneOf(List.of("1000", "1000:1000", "65532:65532"));
      c.linuxParameters = c.linuxParameters == null ? new LinuxParameters() : c.linuxParameters;
      c.linuxParameters.capabilities = new KernelCapabilities();
      c.linuxParameters.capabilities.drop = List.of("ALL");
      c.linuxParameters.capabilities.add = maybe(0.3, () -> List.of("NET_BIND_SERVICE"));
      c.systemControls = null;
      if (c.portMappings != null) {
        c.portMappings.forEach(p -> p.hostPort = "awsvpc".equals(td.networkMode) ? p.hostPort : null);
      }
    }
    if (!"awsvpc".equals(td.networkMode)) {
      td.networkMode = maybe(0.5, () -> "bridge");
    }
    td.pidMode = null;
    td.ipcMode = null;
    if (td.volumes != null) {
      td.volumes.forEach(v -> v.host = null);
    }
  }

  private List<ContainerDefinition> containers(TaskDefinitionSpec td, boolean fargate) {
    int count = chance(0.1) ? 10 : 1 + random.nextInt(chance(0.7) ? 3 : 10);
    Set<String> names = new LinkedHashSet<>();
    while (names.size() < count) {
      names.add(ecsName());
    }
    List<ContainerDefinition> containers = new ArrayList<>();
    for (String name : names) {
      containers.add(container(name, td, fargate));
    }
    if (containers.stream().noneMatch(c -> c.essential == null || c.essential)) {
      containers.get(random.nextInt(containers.size())).essential = null;
    }
    dependsOn(containers);
    volumesFrom(containers);
    return containers;
  }

  private ContainerDefinition container(String name, TaskDefinitionSpec td, boolean fargate) {
    ContainerDefinition c = new ContainerDefinition();
    c.name = name;
    c.image = oneOf(IMAGES);
    c.essential = maybe(0.4, () -> chance(0.5));
    c.cpu = maybe(0.5, () -> td.cpu != null ? oneOf(List.of(0, 1, 16, 64)) : oneOf(List.of(0, 1, 128, 256, 1024, 196608)));
    if (chance(0.6) || td.memory == null) {
      int memory = td.memory != null ? oneOf(List.of(6, 16, 48)) : oneOf(List.of(6, 128, 512, 2048, 30720));
      if (chance(0.8) || td.memory != null) {
        c.memory = memory;
      }
      if (chance(0.4)) {
        c.memoryReservation = Math.max(6, memory / 2);
        if (c.memory != null && c.memoryReservation >= c.memory) {
          c.memoryReservation = null;
        }
      }
      if (c.memory == null && c.memoryReservation == null) {
        c.memoryReservation = memory;
      }
    }
    if (!"none".equals(td.networkMode)) {
      c.portMappings = maybe(0.6, () -> portMappings(td.networkMode));
    }
    c.environment = maybe(0.5, this::environment);
    c.secrets = maybe(0.2, this::secrets);
    c.healthCheck = maybe(0.4, this::healthCheck);
    c.entryPoint = maybe(0.2, () -> List.of("/bin/sh", "-c"));
    c.command = maybe(0.3, () -> List.of(oneOf(List.of("nginx -g 'daemon off;'", "", "echo héllo wörld",
        "x".repeat(chance(0.1) ? 4096 : 8)))));
    c.workingDirectory = maybe(0.1, () -> oneOf(List.of("/app", "relative/dir", "/ünïcode")));
    c.interactive = maybe(0.05, () -> true);
    c.pseudoTerminal = maybe(0.05, () -> true);
    c.readonlyRootFilesystem = maybe(0.2, () -> chance(0.5));
    c.user = maybe(0.2, () -> oneOf(List.of("1000", "1000:1000", "0", "nginx", "www-data:www-data", "2147483647",
        "2147483648", "99999999999999999999", "1000:99999999999")));
    c.stopTimeout = maybe(0.2, () -> oneOf(List.of(0, 2, 30, 120)));
    c.startTimeout = maybe(0.1, () -> oneOf(List.of(2, 60, 120)));
    c.versionConsistency = maybe(0.1, () -> oneOf(List.of("enabled", "disabled")));
    c.logConfiguration = maybe(0.3, () -> {
      LogConfiguration log = new LogConfiguration();
      log.logDriver = fargate ? oneOf(List.of("awslogs", "splunk", "awsfirelens"))
          : oneOf(List.of("awslogs", "json-file", "fluentd", "syslog"));
      log.options = Map.of("awslogs-group", "/ecs/app", "awslogs-region", "us-east-1");
      return log;
    });
    c.dockerLabels = maybe(0.2, this::dockerLabels);
    c.ulimits = maybe(0.1, () -> {
      Ulimit u = new Ulimit();
      u.name = "nofile";
      u.softLimit = 1024;
      u.hardLimit = 65536;
      return List.of(u);
    });
    c.repositoryCredentials = maybe(0.1, () -> {
      RepositoryCredentials r = new RepositoryCredentials();
      r.credentialsParameter = oneOf(List.of("arn:aws:secretsmanager:us-east-1:123456789012:secret:registry-AbCdEf",
          "registry_Credentials", "arn:aws:secretsmanager:us-east-1:123456789012:secret:" + "z".repeat(200)));
      return r;
    });
    c.restartPolicy = maybe(0.1, () -> {
      ContainerRestartPolicy p = new ContainerRestartPolicy();
      p.enabled = chance(0.7);
      p.ignoredExitCodes = maybe(0.5, () -> List.of(0, 137));
      return p;
    });
    c.resourceRequirements = maybe(0.05, () -> {
      ResourceRequirement gpu = new ResourceRequirement();
      gpu.type = "GPU";
      gpu.value = chance(0.9) ? oneOf(List.of("1", "4")) : oneOf(List.of("0", "two", "1.5", ""));
      return List.of(gpu);
    });
    c.linuxParameters = maybe(0.3, () -> linuxParameters(td, fargate));
    if (!fargate) {
      c.privileged = maybe(0.15, () -> chance(0.7));
      c.dockerSecurityOptions = maybe(0.15, () -> subset(List.of("no-new-privileges", "no-new-privileges:true",
          "apparmor:docker-default", "apparmor:unconfined", "apparmor:", "label:type:container_t", "label:level:s0:c1",
          "label:disable", "seccomp:unconfined", "credentialspec:file://x.json")));
      c.disableNetworking = maybe(0.05, () -> true);
      c.dnsServers = maybe(0.1, () -> chance(0.8) ? subset(List.of("10.0.0.2", "8.8.8.8", "1.1.1.1", "9.9.9.9",
          "fd00::53")) : List.of("dns.example.com"));
      c.dnsSearchDomains = maybe(0.1, () -> chance(0.8) ? subset(List.of("example.com", "svc.cluster.local",
          "Corp.Example.COM.")) : List.of("bad_domain"));
      c.systemControls = maybe(0.15, this::systemControls);
      if ("bridge".equals(td.networkMode) || td.networkMode == null) {
        c.links = maybe(0.1, () -> List.of("db:database", "cache"));
      }
      if (!"awsvpc".equals(td.networkMode)) {
        c.hostname = maybe(0.15, () -> oneOf(List.of("web", "web.example.com", "Web_Host", ".", "", "a.b.c",
            "x".repeat(300))));
        c.extraHosts = maybe(0.15, this::extraHosts);
      }
    }
    c.mountPoints = td.volumes == null || td.volumes.isEmpty() ? null : maybe(0.6, () -> mountPoints(td.volumes));
    c.firelensConfiguration = maybe(0.03, () -> {
      var f = new dev.stevedore.api.v1alpha1.FirelensConfiguration();
      f.type = "fluentbit";
      return f;
    });
    return c;
  }

  private List<PortMapping> portMappings(String networkMode) {
    int count = chance(0.05) ? 100 : 1 + random.nextInt(4);
    List<PortMapping> mappings = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      PortMapping p = new PortMapping();
      if (chance(0.05) && !"host".equals(networkMode)) {
        int first = 1 + random.nextInt(60000);
        p.containerPortRange = first + "-" + (first + random.nextInt(100));
      } else {
        p.containerPort = count > 10 ? 1000 + i : chance(0.2) ? oneOf(List.of(1, 80, 443, 8080, 53, 65535))
            : 1 + random.nextInt(65535);
        boolean hostEqual = "awsvpc".equals(networkMode) || "host".equals(networkMode);
        p.hostPort = maybe(0.3, () -> hostEqual ? p.containerPort
            : chance(0.1) ? oneOf(List.of(0, 80, 8080, 65535)) : 1 + random.nextInt(65535));
      }
      p.protocol = maybe(0.3, () -> oneOf(List.of("tcp", "udp")));
      p.name = maybe(0.4, () -> chance(0.1) ? oneOf(List.of("http", "_grpc", "9000", "a_b_c", "x".repeat(64)))
          : oneOf(List.of("web-", "metrics_port_long_name-", "p", "_g")) + random.nextInt(100000));
      p.appProtocol = maybe(0.1, () -> oneOf(List.of("http", "http2", "grpc")));
      mappings.add(p);
    }
    return mappings;
  }

  private List<KeyValuePair> environment() {
    boolean huge = chance(0.02);
    int count = huge ? 1024 : random.nextInt(12);
    List<KeyValuePair> env = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String name = count > 20 ? "VAR_" + i : chance(0.97) ? oneOf(List.of("PATH", "lower_case", "1LEADING_DIGIT",
          "WITH.DOT", "with-dash", "SPACE IN NAME", "A", "DUP", "DUP", "VAR_" + i))
          : oneOf(List.of("ÜNICODE", "=EQUALS", "tab\tname", ""));
      String value = maybe(0.9, () -> huge && chance(0.5) ? "x".repeat(128)
          : oneOf(List.of("", "value", "ünïcödé ✓", "line\nbreak", "$(VAR)", "x".repeat(chance(0.05) ? 8192 : 64))));
      env.add(new KeyValuePair(chance(0.01) ? null : name, value));
    }
    return env;
  }

  private List<Secret> secrets() {
    List<Secret> secrets = new ArrayList<>();
    for (int i = 0; i < 1 + random.nextInt(3); i++) {
      Secret s = new Secret();
      s.name = oneOf(List.of("DB_PASSWORD", "API_KEY", "lower", "PATH"));
      s.valueFrom = oneOf(List.of(
          "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf",
          "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password::",
          "arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:weird key!::",
          "arn:aws:ssm:us-east-1:123456789012:parameter/app/Api_Key",
          "plain-parameter", "/path/param", "arn:aws:secretsmanager:us-east-1:1:secret:" + "s".repeat(250)));
      secrets.add(s);
    }
    return secrets;
  }

  private HealthCheck healthCheck() {
    HealthCheck h = new HealthCheck();
    h.command = oneOf(List.of(List.of("CMD-SHELL", "curl -f http://localhost/ || exit 1"),
        List.of("CMD", "/bin/check", "--fast"), List.of("CMD-SHELL", "exit 0", "extra"), List.of("CMD", "x")));
    h.interval = maybe(0.6, () -> oneOf(List.of(5, 30, 300, 5 + random.nextInt(296))));
    h.timeout = maybe(0.6, () -> oneOf(List.of(2, 5, 60)));
    h.retries = maybe(0.6, () -> oneOf(List.of(1, 3, 10)));
    h.startPeriod = maybe(0.5, () -> oneOf(List.of(0, 1, 60, 300)));
    return h;
  }

  private LinuxParameters linuxParameters(TaskDefinitionSpec td, boolean fargate) {
    LinuxParameters l = new LinuxParameters();
    l.capabilities = maybe(0.7, () -> {
      KernelCapabilities k = new KernelCapabilities();
      k.add = maybe(0.7, () -> fargate ? List.of("SYS_PTRACE") : subset(CAPABILITIES));
      k.drop = maybe(0.5, () -> subset(CAPABILITIES));
      return k;
    });
    l.initProcessEnabled = maybe(0.2, () -> true);
    if (!fargate) {
      l.sharedMemorySize = maybe(0.2, () -> oneOf(List.of(0, 64, 1024)));
      l.tmpfs = maybe(0.2, () -> {
        List<Tmpfs> list = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(3); i++) {
          Tmpfs t = new Tmpfs();
          t.containerPath = oneOf(List.of("/tmp", "/run", "/var/cache/app", "/dev/shm"));
          t.size = oneOf(List.of(1, 64, 512));
          t.mountOptions = maybe(0.5, () -> subset(List.of("ro", "rw", "noexec", "nosuid", "mode=1777")));
          list.add(t);
        }
        return list;
      });
      l.maxSwap = maybe(0.1, () -> 1024);
      l.swappiness = maybe(0.1, () -> 60);
      l.devices = maybe(0.05, () -> {
        var d = new dev.stevedore.api.v1alpha1.Device();
        d.hostPath = "/dev/fuse";
        return List.of(d);
      });
    }
    return l;
  }

  private Map<String, String> dockerLabels() {
    Map<String, String> labels = new TreeMap<>();
    for (int i = 0; i < 1 + random.nextInt(4); i++) {
      labels.put(oneOf(List.of("com.example.team", "traefik.http.routers.web.rule", "a/b", "UPPER", "-bad",
          "x".repeat(70), "ünï", "app")), oneOf(List.of("", "value", "Host(`example.com`)", "ünïcödé")));
    }
    return labels;
  }

  private List<SystemControl> systemControls() {
    List<SystemControl> list = new ArrayList<>();
    for (int i = 0; i < 1 + random.nextInt(3); i++) {
      SystemControl s = new SystemControl();
      s.namespace = chance(0.95) ? oneOf(List.of("net.core.somaxconn", "net.ipv4.ip_local_port_range",
          "kernel.msgmax", "kernel.shm_rmid_forced", "net/ipv4/tcp_syncookies", "fs.mqueue.msg_max")) : "Bad Name";
      s.value = oneOf(List.of("1024", "1024 65535", "1"));
      list.add(s);
    }
    return list;
  }

  private List<HostEntry> extraHosts() {
    List<HostEntry> list = new ArrayList<>();
    for (int i = 0; i < 1 + random.nextInt(3); i++) {
      HostEntry h = new HostEntry();
      h.hostname = chance(0.9) ? oneOf(List.of("db", "db.internal", "Upper.Example"))
          : oneOf(List.of("under_score", "x".repeat(300)));
      h.ipAddress = chance(0.9) ? oneOf(List.of("10.0.0.5", "127.0.0.1", "::1", "fe80::1"))
          : oneOf(List.of("not-an-ip", "10.0.0.256"));
      list.add(h);
    }
    return list;
  }

  private List<Volume> volumes(boolean fargate) {
    List<Volume> volumes = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    int count = chance(0.05) ? 64 : 1 + random.nextInt(4);
    while (names.size() < count) {
      names.add(ecsName());
    }
    for (String name : names) {
      Volume v = new Volume();
      v.name = name;
      switch (random.nextInt(fargate ? 3 : 5)) {
        case 0 -> { }
        case 1 -> {
          v.efsVolumeConfiguration = new EfsVolumeConfiguration();
          v.efsVolumeConfiguration.fileSystemId = oneOf(List.of("fs-12345678", "fs-ABCDEF_x"));
        }
        case 2 -> v.configuredAtLaunch = chance(0.5);
        case 3 -> {
          v.host = new HostVolumeProperties();
          v.host.sourcePath = maybe(0.8, () -> chance(0.9) ? oneOf(List.of("/var/log", "/", "/var/run/docker.sock",
              "relative/path", "/ünïcode")) : "/data/../etc");
        }
        default -> {
          v.dockerVolumeConfiguration = new DockerVolumeConfiguration();
          v.dockerVolumeConfiguration.scope = maybe(0.7, () -> oneOf(List.of("task", "shared")));
          v.dockerVolumeConfiguration.driver = maybe(0.6, () -> oneOf(List.of("local", "rexray/ebs")));
          v.dockerVolumeConfiguration.driverOpts = maybe(0.4, () -> oneOf(List.of(Map.of("type", "tmpfs"),
              Map.of("type", "nfs", "device", ":/x"))));
          v.dockerVolumeConfiguration.labels = maybe(0.1, () -> Map.of("a", "b"));
        }
      }
      volumes.add(v);
    }
    return volumes;
  }

  private List<MountPoint> mountPoints(List<Volume> volumes) {
    List<MountPoint> mounts = new ArrayList<>();
    for (int i = 0; i < 1 + random.nextInt(Math.min(4, volumes.size())); i++) {
      MountPoint m = new MountPoint();
      m.sourceVolume = oneOf(volumes).name;
      m.containerPath = oneOf(List.of("/data", "/var/log/app", "/", "relative", "/with:colon", "/data",
          "/tmp", "/etc/../etc"));
      m.readOnly = maybe(0.4, () -> chance(0.5));
      mounts.add(m);
    }
    return mounts;
  }

  /** dependsOn edges between the containers, cycles included; the CEL rules on conditions are kept. */
  private void dependsOn(List<ContainerDefinition> containers) {
    if (containers.size() < 2 || !chance(0.5)) {
      return;
    }
    for (ContainerDefinition c : containers) {
      if (!chance(0.5)) {
        continue;
      }
      List<ContainerDependency> deps = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(Math.min(3, containers.size())); i++) {
        ContainerDefinition target = oneOf(containers);
        if (target == c && !chance(0.1)) {
          continue;
        }
        ContainerDependency d = new ContainerDependency();
        d.containerName = target.name;
        List<String> allowed = new ArrayList<>(List.of("START"));
        if (target.healthCheck != null) {
          allowed.add("HEALTHY");
        }
        if (Boolean.FALSE.equals(target.essential)) {
          allowed.add("COMPLETE");
          allowed.add("SUCCESS");
        }
        d.condition = oneOf(allowed);
        deps.add(d);
      }
      c.dependsOn = deps.isEmpty() ? null : deps;
    }
  }

  private void volumesFrom(List<ContainerDefinition> containers) {
    for (ContainerDefinition c : containers) {
      if (chance(0.1)) {
        VolumeFrom from = new VolumeFrom();
        from.sourceContainer = oneOf(containers).name;
        from.readOnly = maybe(0.5, () -> true);
        c.volumesFrom = List.of(from);
      }
    }
  }

  private TaskDefinitionPlacementConstraint taskPlacementConstraint() {
    TaskDefinitionPlacementConstraint c = new TaskDefinitionPlacementConstraint();
    c.type = "memberOf";
    c.expression = oneOf(List.of("attribute:ecs.instance-type =~ t3.*", "attribute:ecs.cpu-architecture == arm64",
        "attribute:ecs.availability-zone in [us-east-1a, us-east-1b]", "not a (valid expression"));
    return c;
  }

  // ---------------------------------------------------------------- service and cluster

  private EcsServiceSpec service(TaskDefinitionSpec td, EcsClusterSpec cluster) {
    EcsServiceSpec s = new EcsServiceSpec();
    s.taskDefinition = oneOf(List.of("family", "family:1", "arn:aws:ecs:us-east-1:123456789012:task-definition/family:1"));
    s.serviceName = maybe(0.3, this::ecsName);
    boolean fargate = td.requiresCompatibilities != null && td.requiresCompatibilities.contains("FARGATE");
    boolean daemon = !fargate && chance(0.2);
    if (daemon) {
      s.schedulingStrategy = "DAEMON";
    } else {
      s.schedulingStrategy = maybe(0.3, () -> "REPLICA");
      s.desiredCount = maybe(0.9, () -> oneOf(List.of(0, 1, 2, 3, 4, 10, 100, 100000)));
    }
    List<String> launchTypes = fargate ? List.of("FARGATE") : td.requiresCompatibilities == null
        ? List.of("EC2", "EXTERNAL") : td.requiresCompatibilities;
    switch (random.nextInt(4)) {
      case 0 -> s.launchType = oneOf(launchTypes);
      case 1 -> s.capacityProviderStrategy = strategy(fargate, daemon, cluster);
      case 2 -> cluster.defaultCapacityProviderStrategy = strategy(fargate, daemon, cluster);
      default -> { }
    }
    s.deploymentConfiguration = maybe(0.7, () -> {
      DeploymentConfiguration d = new DeploymentConfiguration();
      d.minimumHealthyPercent = maybe(0.8, () -> oneOf(List.of(0, 50, 67, 99, 100)));
      d.maximumPercent = daemon ? maybe(0.5, () -> 100) : maybe(0.8, () -> oneOf(List.of(100, 101, 150, 200, 2000)));
      if (d.minimumHealthyPercent != null && d.maximumPercent != null && d.minimumHealthyPercent > d.maximumPercent) {
        d.minimumHealthyPercent = d.maximumPercent;
      }
      d.deploymentCircuitBreaker = maybe(0.4, () -> {
        DeploymentCircuitBreaker b = new DeploymentCircuitBreaker();
        b.enable = chance(0.8);
        b.rollback = chance(0.5);
        return b;
      });
      return d;
    });
    s.placementConstraints = daemon || fargate ? null : maybe(0.2, () -> {
      PlacementConstraint c = new PlacementConstraint();
      c.type = oneOf(List.of("distinctInstance", "memberOf"));
      if ("memberOf".equals(c.type)) {
        c.expression = oneOf(List.of("attribute:ecs.availability-zone != us-east-1d", "attribute:stack == prod",
            "task:group == service:web"));
      }
      return List.of(c);
    });
    s.placementStrategy = daemon ? null : maybe(0.3, () -> {
      List<PlacementStrategy> list = new ArrayList<>();
      for (int i = 0; i < 1 + random.nextInt(3); i++) {
        PlacementStrategy p = new PlacementStrategy();
        p.type = oneOf(List.of("random", "spread", "binpack"));
        p.field = switch (p.type) {
          case "spread" -> oneOf(List.of("attribute:ecs.availability-zone", "instanceId", "host", "attribute:custom_attr"));
          case "binpack" -> oneOf(List.of("cpu", "memory"));
          default -> null;
        };
        list.add(p);
      }
      return list;
    });
    s.loadBalancers = maybe(0.2, () -> loadBalancers(td));
    s.healthCheckGracePeriodSeconds = maybe(0.3, () -> oneOf(List.of(0, 60, 2147483647)));
    s.tags = maybe(0.3, this::tags);
    s.propagateTags = maybe(0.3, () -> oneOf(List.of("TASK_DEFINITION", "SERVICE", "NONE")));
    s.enableECSManagedTags = maybe(0.2, () -> chance(0.5));
    s.enableExecuteCommand = maybe(0.1, () -> true);
    s.platformVersion = maybe(0.05, () -> "LATEST");
    return s;
  }

  private List<CapacityProviderStrategyItem> strategy(boolean fargate, boolean daemon, EcsClusterSpec cluster) {
    List<String> providers = fargate ? List.of("FARGATE", "FARGATE_SPOT")
        : List.of("EC2", "spot_pool", "On-Demand-Pool", "x".repeat(255), "gpu");
    int count = daemon ? 1 : 1 + random.nextInt(Math.min(3, providers.size()));
    List<String> chosen = new ArrayList<>(new LinkedHashSet<>(providers.subList(0, count)));
    List<CapacityProviderStrategyItem> items = new ArrayList<>();
    boolean based = false;
    for (String name : chosen) {
      CapacityProviderStrategyItem item = new CapacityProviderStrategyItem();
      item.capacityProvider = name;
      item.weight = maybe(0.8, () -> oneOf(List.of(0, 1, 3, 1000)));
      if (!based && chance(0.3)) {
        item.base = oneOf(List.of(1, 2, 100000));
        based = true;
      }
      items.add(item);
    }
    if (items.size() > 1 && items.stream().noneMatch(i -> i.weight != null && i.weight > 0)) {
      items.get(0).weight = 1;
    }
    for (String name : chosen) {
      if (!name.startsWith("FARGATE") && !"EC2".equals(name)) {
        if (cluster.capacityProviders == null) {
          cluster.capacityProviders = new ArrayList<>();
          cluster.capacityProviderDefinitions = new ArrayList<>();
        }
        cluster.capacityProviders.add(name);
        CapacityProviderDefinition d = new CapacityProviderDefinition();
        d.name = name;
        d.nodeSelector = maybe(0.7, () -> Map.of("node.example.com/pool", Names.safe(name)));
        d.tolerations = maybe(0.5, () -> List.of(new Toleration("NoSchedule", "pool", "Equal", null, "spot")));
        d.runtimeClassName = maybe(0.2, () -> "gvisor");
        cluster.capacityProviderDefinitions.add(d);
      }
    }
    return items;
  }

  private List<LoadBalancer> loadBalancers(TaskDefinitionSpec td) {
    LoadBalancer lb = new LoadBalancer();
    ContainerDefinition c = oneOf(td.containerDefinitions);
    lb.containerName = c.name;
    lb.targetGroupArn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/abc";
    if (c.portMappings != null && !c.portMappings.isEmpty() && c.portMappings.get(0).containerPort != null) {
      lb.containerPort = c.portMappings.get(0).containerPort;
    } else {
      lb.containerPort = maybe(0.1, () -> 8443);
    }
    return List.of(lb);
  }

  private List<Tag> tags() {
    List<Tag> tags = new ArrayList<>();
    for (int i = 0; i < (chance(0.05) ? 50 : 1 + random.nextInt(4)); i++) {
      Tag t = new Tag();
      t.key = i >= 4 ? "key" + i : oneOf(List.of("team", "Cost-Center", "aws:cloudformation:stack-name", "ünï",
          "k".repeat(128), "a b", "env"));
      t.value = maybe(0.9, () -> oneOf(List.of("", "prod", "Some Value!", "v".repeat(256), "ünïcödé")));
      tags.add(t);
    }
    return tags;
  }

  // ---------------------------------------------------------------- names and forms

  /** ECS names: 1-255 letters, digits, '_' and '-', in every shape that pattern allows. */
  String ecsName() {
    return switch (random.nextInt(10)) {
      case 0 -> "web";
      case 1 -> "log_router" + random.nextInt(100);
      case 2 -> "App" + random.nextInt(100);
      case 3 -> random.nextInt(10) + "leading-digit";
      case 4 -> "-leading-dash" + random.nextInt(10);
      case 5 -> "_" + random.nextInt(100);
      case 6 -> "x".repeat(255);
      case 7 -> "a".repeat(62) + random.nextInt(10) + "_" + random.nextInt(10);
      case 8 -> "___";
      default -> "c" + random.nextInt(1000);
    };
  }

  /** Kubernetes object names the API server accepts for an EcsService (DNS subdomains). */
  private String objectName() {
    return switch (random.nextInt(8)) {
      case 0 -> "web";
      case 1 -> random.nextInt(10) + "leading-digit";
      case 2 -> "with.dots.in-it";
      case 3 -> "n".repeat(63);
      case 4 -> "n".repeat(64);
      case 5 -> "s".repeat(253);
      case 6 -> "a-" + random.nextInt(1000);
      default -> "svc" + random.nextInt(100);
    };
  }

  private IntOrString cpuForm(int units) {
    return switch (random.nextInt(4)) {
      case 0 -> new IntOrString(units);
      case 1 -> new IntOrString(Integer.toString(units));
      case 2 -> new IntOrString(vcpus(units) + " vCPU");
      default -> new IntOrString(" " + vcpus(units) + "vcpu ");
    };
  }

  private IntOrString memoryForm(int mib) {
    if (mib % 1024 != 0 && mib != 512) {
      return chance(0.5) ? new IntOrString(mib) : new IntOrString(Integer.toString(mib));
    }
    return switch (random.nextInt(4)) {
      case 0 -> new IntOrString(mib);
      case 1 -> new IntOrString(Integer.toString(mib));
      case 2 -> new IntOrString(gigabytes(mib) + " GB");
      default -> new IntOrString(gigabytes(mib) + "gb");
    };
  }

  private static String vcpus(int units) {
    return java.math.BigDecimal.valueOf(units).divide(java.math.BigDecimal.valueOf(1024)).stripTrailingZeros()
        .toPlainString();
  }

  private static String gigabytes(int mib) {
    return java.math.BigDecimal.valueOf(mib).divide(java.math.BigDecimal.valueOf(1024)).stripTrailingZeros()
        .toPlainString();
  }

  // ---------------------------------------------------------------- randomness

  private boolean chance(double p) {
    return random.nextDouble() < p;
  }

  private <T> T maybe(double p, Supplier<T> value) {
    return chance(p) ? value.get() : null;
  }

  private <T> T oneOf(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  private <T> List<T> subset(List<T> values) {
    List<T> chosen = new ArrayList<>();
    for (T v : values) {
      if (chance(0.3)) {
        chosen.add(v);
      }
    }
    return chosen.isEmpty() ? List.of(values.get(0)) : chosen;
  }

  /** Label-safe forms of generated names, for the node selectors a cluster defines. */
  private static final class Names {
    static String safe(String name) {
      String cleaned = name.replaceAll("[^A-Za-z0-9_.-]", "-");
      return cleaned.length() > 63 ? cleaned.substring(0, 63) : cleaned;
    }
  }
}
