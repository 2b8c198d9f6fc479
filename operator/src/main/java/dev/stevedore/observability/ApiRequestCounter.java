package dev.stevedore.observability;

import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.Interceptor;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Counts every request the operator's Kubernetes client sends, by verb: {@code stevedore_api_requests_total{verb}}
 * with verb get, list, watch, create, update, patch, delete or other. Divided by the reconciles, it says what one
 * reconcile costs the API server, the figure that decides how far the operator scales. A fabric8 interceptor, so it
 * sees retries and the informers' lists and watches too, not only the writes the reconcilers ask for.
 *
 * <p>The client is built before the meter registry exists, so the counts are kept here and bound to the registry
 * later ({@link #bindTo}).
 */
public final class ApiRequestCounter implements Interceptor, MeterBinder {
  public static final String NAME = "stevedore-api-request-counter";
  static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete", "other");

  private final Map<String, LongAdder> counts =
      VERBS.stream().collect(Collectors.toUnmodifiableMap(Function.identity(), v -> new LongAdder()));

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    counts.get(verb(request.method(), request.uri())).increment();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    for (String verb : VERBS) {
      FunctionCounter.builder("stevedore.api.requests", counts.get(verb), LongAdder::doubleValue)
          .description("Requests the operator sent to the Kubernetes API server, by verb")
          .tag("verb", verb)
          .register(registry);
    }
  }

  /**
   * The Kubernetes verb of a request, from its method and URL: a GET of a collection is a list (a watch when it asks
   * for one), a GET of one object (or of its subresource) a get.
   */
  static String verb(String method, URI uri) {
    return switch (method.toUpperCase(java.util.Locale.ROOT)) {
      case "GET" -> isWatch(uri) ? "watch" : isCollection(uri.getPath()) ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "other";
    };
  }

  private static boolean isWatch(URI uri) {
    String query = uri.getRawQuery();
    return query != null && Arrays.asList(query.split("&")).contains("watch=true");
  }

  /** /api/v1/[namespaces/NS/]RESOURCE or /apis/GROUP/VERSION/[namespaces/NS/]RESOURCE, with no name after it. */
  private static boolean isCollection(String path) {
    List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    int prefix = !segments.isEmpty() && segments.get(0).equals("api") ? 2 : 3;
    if (segments.size() <= prefix) {
      return false;
    }
    List<String> rest = segments.subList(prefix, segments.size());
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
    }
    return rest.size() == 1;
  }
}
