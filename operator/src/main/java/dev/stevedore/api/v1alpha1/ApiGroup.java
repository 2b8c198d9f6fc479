package dev.stevedore.api.v1alpha1;

/** Names shared by every kind of the API. */
public final class ApiGroup {
  public static final String GROUP = "ecs.stevedore.dev";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  /** {@code kubectl get ecs} lists every kind of the API. */
  public static final String CATEGORY = "ecs";

  private ApiGroup() {}
}
