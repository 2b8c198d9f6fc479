package dev.stevedore.e2e.cluster;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/** A namespace of its own for one test, deleted when the test ends. */
public final class TestNamespace implements AutoCloseable {

  /** Marks namespaces made by end-to-end tests, so leftovers of a killed run are easy to find. */
  public static final String LABEL = "stevedore.dev/e2e";

  private static final int MAX_NAME_LENGTH = 63;
  private static final int SUFFIX_LENGTH = 5;
  private static final String SUFFIX_CHARACTERS = "abcdefghijklmnopqrstuvwxyz0123456789";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final KubernetesClient client;
  private final String name;

  private TestNamespace(KubernetesClient client, String name) {
    this.client = client;
    this.name = name;
  }

  /**
   * Creates the namespace and waits for its {@code default} ServiceAccount: the controller-manager adds it a
   * moment after the namespace, and until then the API server refuses pods that use it.
   */
  static TestNamespace create(KubernetesClient client, String testName) {
    String name = uniqueName(testName);
    client.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withName(name).addToLabels(LABEL, "true").endMetadata()
            .build())
        .create();
    client.serviceAccounts().inNamespace(name).withName("default")
        .waitUntilCondition(Objects::nonNull, 60, TimeUnit.SECONDS);
    return new TestNamespace(client, name);
  }

  public String name() {
    return name;
  }

  /** Deletes the namespace without waiting: the namespace controller removes its content in the background. */
  @Override
  public void close() {
    client.namespaces().withName(name).delete();
  }

  @Override
  public String toString() {
    return name;
  }

  private static String uniqueName(String testName) {
    String words =
        testName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    String base = "e2e-" + words;
    base = base.substring(0, Math.min(base.length(), MAX_NAME_LENGTH - SUFFIX_LENGTH - 1)).replaceAll("-+$", "");
    StringBuilder name = new StringBuilder(base).append('-');
    for (int i = 0; i < SUFFIX_LENGTH; i++) {
      name.append(SUFFIX_CHARACTERS.charAt(RANDOM.nextInt(SUFFIX_CHARACTERS.length())));
    }
    return name.toString();
  }
}
