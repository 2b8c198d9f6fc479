package dev.stevedore.ecsapi;

/**
 * An error the ECS endpoint answers with, in ECS's words: {@code {"__type": type, "message": message}}. Every client
 * fault is HTTP 400 as ECS sends it; signature problems are 403 as AWS's front door sends them; only
 * ServerException is 500.
 */
public final class EcsApiException extends RuntimeException {
  private final String type;
  private final int httpStatus;

  public EcsApiException(String type, String message, int httpStatus) {
    super(message);
    this.type = type;
    this.httpStatus = httpStatus;
  }

  public EcsApiException(String type, String message) {
    this(type, message, 400);
  }

  public String type() {
    return type;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public static EcsApiException clusterNotFound() {
    return new EcsApiException("ClusterNotFoundException", "Cluster not found.");
  }

  public static EcsApiException serviceNotFound() {
    return new EcsApiException("ServiceNotFoundException", "Service not found.");
  }

  public static EcsApiException serviceNotActive() {
    return new EcsApiException("ServiceNotActiveException", "Service was not ACTIVE.");
  }

  public static EcsApiException invalidParameter(String message) {
    return new EcsApiException("InvalidParameterException", message);
  }

  public static EcsApiException client(String message) {
    return new EcsApiException("ClientException", message);
  }

  public static EcsApiException accessDenied(String message) {
    return new EcsApiException("AccessDeniedException", message);
  }

  public static EcsApiException server(String message) {
    return new EcsApiException("ServerException", message, 500);
  }
}
