package dev.stevedore.translate;

import static dev.stevedore.translate.PodTemplateTranslatorTest.container;
import static dev.stevedore.translate.PodTemplateTranslatorTest.fields;
import static dev.stevedore.translate.PodTemplateTranslatorTest.spec;
import static dev.stevedore.translate.PodTemplateTranslatorTest.translate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.ContainerDependency;
import dev.stevedore.api.v1alpha1.EcsServiceSpec;
import dev.stevedore.api.v1alpha1.HealthCheck;
import dev.stevedore.api.v1alpha1.HostEntry;
import dev.stevedore.api.v1alpha1.PortMapping;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The translation bugs the property test (dev.stevedore.fuzz) found, each as the small example it shrank to:
 * each used to throw or to write an object the API server refuses.
 */
class FuzzFoundTranslationTest {

  @Test
  void aHostnameWithNothingBeforeItsFirstDotIsReportedInsteadOfThrowing() {
    ContainerDefinition c = container("web");
    c.hostname = ".";
    var result = translate(spec(c));
    assertThat(result.template().getSpec().getHostname()).isNull();
    assertThat(fields(result.reports())).contains("containerDefinitions[].hostname");
  }

  @Test
  void aUserIdBeyondKubernetesRangeIsReportedInsteadOfThrowingOrWritingAnInvalidId() {
    ContainerDefinition huge = container("huge");
    huge.user = "99999999999999999999";
    ContainerDefinition unsigned = container("unsigned");
    unsigned.user = "1000:2147483648";
    ContainerDefinition ok = container("ok");
    ok.user = "2147483647:0";
    var result = translate(spec(huge, unsigned, ok));
    List<Container> containers = result.template().getSpec().getContainers();
    assertThat(containers.get(0).getSecurityContext()).isNull();
    assertThat(containers.get(1).getSecurityContext()).isNull();
    assertThat(containers.get(2).getSecurityContext().getRunAsUser()).isEqualTo(2147483647L);
    assertThat(fields(result.reports())).contains("containerDefinitions[0].user", "containerDefinitions[1].user")
        .doesNotContain("containerDefinitions[2].user");
  }

  @Test
  void anAppArmorOptionWithoutAProfileIsReportedNotWrittenAsAnEmptyLocalhostProfile() {
    ContainerDefinition c = container("web");
    c.dockerSecurityOptions = List.of("apparmor:");
    var result = translate(spec(c));
    assertThat(result.template().getSpec().getContainers().get(0).getSecurityContext()).isNull();
    assertThat(fields(result.reports())).contains("containerDefinitions[0].dockerSecurityOptions[0]");
  }

  @Test
  void noNewPrivilegesOnAPrivilegedContainerIsReportedBecauseKubernetesRefusesTheCombination() {
    ContainerDefinition c = container("web");
    c.privileged = true;
    c.dockerSecurityOptions = List.of("no-new-privileges");
    var result = translate(spec(c));
    var sc = result.template().getSpec().getContainers().get(0).getSecurityContext();
    assertThat(sc.getPrivileged()).isTrue();
    assertThat(sc.getAllowPrivilegeEscalation()).isNull();
    assertThat(fields(result.reports())).contains("containerDefinitions[0].dockerSecurityOptions[0]");
  }

  @Test
  void aContainerOthersWaitForToCompleteGetsNoProbeEvenWithAStartPeriod() {
    ContainerDefinition migrate = container("migrate");
    migrate.essential = false;
    migrate.healthCheck = new HealthCheck();
    migrate.healthCheck.command = List.of("CMD", "true");
    migrate.healthCheck.startPeriod = 60;
    ContainerDefinition app = container("app");
    ContainerDependency dep = new ContainerDependency();
    dep.containerName = "migrate";
    dep.condition = "SUCCESS";
    app.dependsOn = List.of(dep);
    var result = translate(spec(migrate, app));
    Container init = result.template().getSpec().getInitContainers().get(0);
    assertThat(init.getName()).isEqualTo("migrate");
    assertThat(init.getStartupProbe()).isNull();
    assertThat(fields(result.reports())).contains("containerDefinitions[0].healthCheck");
  }

  @Test
  void aPodKeepsTheFirstThreeNameServersInTheTaskOrderAsTheResolverDoes() {
    ContainerDefinition c = container("web");
    c.dnsServers = List.of("10.0.0.9", "10.0.0.1", "8.8.8.8", "1.1.1.1");
    c.dnsSearchDomains = List.of("Corp.Example.COM");
    var result = translate(spec(c));
    PodSpec pod = result.template().getSpec();
    assertThat(pod.getDnsConfig().getNameservers()).containsExactly("10.0.0.9", "10.0.0.1", "8.8.8.8");
    assertThat(pod.getDnsConfig().getSearches()).containsExactly("corp.example.com");
    assertThat(fields(result.reports())).contains("containerDefinitions[].dnsServers");
  }

  @Test
  void hostAliasesAreLowerCaseAndLinkAliasesThatAreNoHostNamesAreReported() {
    ContainerDefinition c = container("web");
    HostEntry host = new HostEntry();
    host.hostname = "DB.Internal";
    host.ipAddress = "10.0.0.5";
    c.extraHosts = List.of(host);
    c.links = List.of("db:Database", "cache:cache_alias");
    var result = translate(spec(c));
    assertThat(result.template().getSpec().getHostAliases())
        .anySatisfy(a -> assertThat(a.getHostnames()).containsExactly("db.internal"))
        .anySatisfy(a -> assertThat(a.getHostnames()).containsExactly("database"));
    assertThat(result.reports()).anyMatch(r -> r.field.equals("containerDefinitions[0].links")
        && r.reason.contains("cache_alias"));
  }

  @Test
  void containerCpuRequestsStayWithinTheTaskCapAfterRounding() {
    ContainerDefinition a = container("a");
    a.cpu = 64;
    ContainerDefinition b = container("b");
    b.cpu = 64;
    TaskDefinitionSpec spec = spec(a, b);
    spec.cpu = new IntOrString("0.125 vCPU");
    PodSpec pod = translate(spec).template().getSpec();
    assertThat(pod.getResources().getRequests()).containsEntry("cpu", new Quantity("125m"));
    assertThat(pod.getContainers()).allSatisfy(c ->
        assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("62m")));
    // Without a task cap the usual rounding holds.
    assertThat(translate(spec(a)).template().getSpec().getContainers().get(0).getResources().getRequests())
        .containsEntry("cpu", new Quantity("63m"));
  }

  @Test
  void taskSizesBeyondAnIntAreInvalidNotThrown() {
    assertThat(Units.cpuUnits(new IntOrString("9999999999999999"))).isEmpty();
    assertThat(Units.cpuUnits(new IntOrString("99999999 vCPU"))).isEmpty();
    assertThat(Units.memoryMiB(new IntOrString("99999999 GB"))).isEmpty();
    TaskDefinitionSpec spec = spec(container("web"));
    spec.cpu = new IntOrString("9999999999999999");
    spec.memory = new IntOrString("99999999 GB");
    assertThat(dev.stevedore.validate.TaskDefinitionValidator.validate(spec))
        .extracting(dev.stevedore.validate.ValidationIssue::field).contains("cpu", "memory");
  }

  @Test
  void aGpuCountThatIsNoNumberIsReportedInsteadOfThrowing() {
    ContainerDefinition c = container("cuda");
    var gpu = new dev.stevedore.api.v1alpha1.ResourceRequirement();
    gpu.type = "GPU";
    gpu.value = "ünïcödé";
    c.resourceRequirements = List.of(gpu);
    var result = translate(spec(c));
    assertThat(result.template().getSpec().getContainers().get(0).getResources()).isNull();
    assertThat(fields(result.reports())).contains("containerDefinitions[0].resourceRequirements[0].value");
  }

  @Test
  void aServiceNameThatIsNoDns1035LabelIsCleanedAndSuffixedAndAValidOneIsKept() {
    assertThat(KubernetesServiceTranslator.serviceName("web")).isEqualTo("web");
    for (String name : List.of("7", "7web", "with.dots", "n".repeat(64), "s".repeat(253))) {
      String service = KubernetesServiceTranslator.serviceName(name);
      assertThat(service).as(name).matches("[a-z]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
    }
    assertThat(KubernetesServiceTranslator.serviceName("with.dots"))
        .isNotEqualTo(KubernetesServiceTranslator.serviceName("with-dots"));
    assertThat(serviceOf("7web").getMetadata().getName()).isEqualTo(KubernetesServiceTranslator.serviceName("7web"));
  }

  @Test
  void aWorkloadNameLeavesRoomForTheReplicaSetHashSuffix() {
    String longest = "s".repeat(253);
    String name = WorkloadTranslator.workloadName(context(longest));
    assertThat(name.length() + 11).isLessThanOrEqualTo(253);
    assertThat(WorkloadTranslator.workloadName(context("s".repeat(242)))).isEqualTo("s".repeat(242));
    assertThatCode(() -> WorkloadTranslator.deployment(context(longest))).doesNotThrowAnyException();
  }

  private static io.fabric8.kubernetes.api.model.Service serviceOf(String name) {
    ContainerDefinition c = container("web");
    PortMapping port = new PortMapping();
    port.containerPort = 80;
    c.portMappings = List.of(port);
    ServiceContext ctx = new ServiceContext(name, "ns", "default", new EcsServiceSpec(),
        PodTemplateTranslatorTest.revision(spec(c)), null, 1, List.of(), TaskRoleBinding.IRSA, "1", null);
    return KubernetesServiceTranslator.service(ctx).orElseThrow();
  }

  private static ServiceContext context(String name) {
    return new ServiceContext(name, "ns", "default", new EcsServiceSpec(),
        PodTemplateTranslatorTest.revision(spec(container("web"))), null, 1, List.of(), TaskRoleBinding.IRSA, "1", null);
  }
}
