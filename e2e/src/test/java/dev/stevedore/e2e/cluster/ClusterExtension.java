package dev.stevedore.e2e.cluster;

import dev.stevedore.e2e.harness.Ecs;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.reflect.Method;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands tests a real cluster: parameters of type {@link KubernetesCluster}, {@link KubernetesClient} (its
 * administrator client), {@link TestNamespace} (a fresh namespace per test, deleted afterwards) and {@link Ecs}
 * (that namespace seen as an ECS user sees it). Other extensions reach the same cluster and namespace through
 * {@link #cluster(ExtensionContext)} and {@link #namespace(ExtensionContext)}.
 *
 * <p>The cluster is chosen once per test run (see {@link ClusterLauncher}), kept in the root store and closed
 * when the run ends, whether tests passed or not.
 */
public final class ClusterExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(ClusterExtension.class);
  private static final Set<Class<?>> RESOLVED_TYPES =
      Set.of(KubernetesCluster.class, KubernetesClient.class, TestNamespace.class, Ecs.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return RESOLVED_TYPES.contains(parameter.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    KubernetesCluster cluster = cluster(context);
    Class<?> type = parameter.getParameter().getType();
    if (type == KubernetesCluster.class) {
      return cluster;
    }
    if (type == KubernetesClient.class) {
      return cluster.client();
    }
    if (type == Ecs.class) {
      return new Ecs(cluster.client(), namespace(context).name());
    }
    return namespace(context);
  }

  /** The namespace of the current test, made on first use and deleted when the test ends. */
  public static TestNamespace namespace(ExtensionContext context) {
    KubernetesCluster cluster = cluster(context);
    return context.getStore(STORE).computeIfAbsent(TestNamespace.class,
        key -> TestNamespace.create(cluster.client(), testName(context)), TestNamespace.class);
  }

  private static String testName(ExtensionContext context) {
    return context.getTestMethod().map(Method::getName).orElseGet(() -> context.getRequiredTestClass().getSimpleName());
  }

  /** The cluster of this test run, started on first use and stopped when the run ends. */
  public static KubernetesCluster cluster(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(STORE)
        .computeIfAbsent(KubernetesCluster.class, key -> ClusterLauncher.launch(), KubernetesCluster.class);
  }
}
