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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts every request the operator's Kubernetes client sends, by verb and resource:
 * {@code stevedore_api_requests_total{verb,resource}} with verb get, list, watch, create, update, patch, delete or
 * other, and resource the plural the URL names with its subresource ({@code ecsservices/status}), a dry run marked
 * ({@code controllerrevisions (dry run)}). Divided by the reconciles, it says what one reconcile costs the API server,
 * the figure that decides how far the operator scales; by resource, it says which writes to cut. A fabric8
 * interceptor, so it sees retries and the informers' lists and watches too, not only the writes the reconcilers ask
 * for.
 *
 * <p>The client is built before the meter registry exists, so the counts are kept here and bound to the registry
 * later ({@link #bindTo}). The series are few: the operator's client only names the kinds it works with.
 */
public final class ApiRequestCounter implements Interceptor, MeterBinder {
  public static final String NAME = "stevedore-api-request-counter";
  static final List<String> VERBS = List.of("get", "list", "watch", "create", "update", "patch", "delete", "other");

  private record Series(String verb, String resource) {
  }

  private final Map<Series, LongAdder> counts = new ConcurrentHashMap<>();
  private volatile MeterRegistry registry;

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    URI uri = request.uri();
    // Every request passes here: its path is split once for both labels.
    List<String> segments = resourceSegments(uri.getPath());
    Series series = new Series(verb(request.method(), uri, segments), resource(uri, segments));
    LongAdder count = counts.get(series);
    if (count == null) {
      count = counts.computeIfAbsent(series, s -> new LongAdder());
      MeterRegistry bound = registry;
      if (bound != null) {
        register(bound, series, count);
      }
    }
    count.increment();
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    this.registry = registry;
    counts.forEach((series, count) -> register(registry, series, count));
  }

  private static void register(MeterRegistry registry, Series series, LongAdder count) {
    // Registering the same series twice (a race between bindTo and a first request) returns the first meter.
    FunctionCounter.builder("stevedore.api.requests", count, LongAdder::doubleValue)
        .description("Requests the operator sent to the Kubernetes API server, by verb and resource")
        .tag("verb", series.verb())
        .tag("resource", series.resource())
        .register(registry);
  }

  /**
   * The Kubernetes verb of a request, from its method and URL: a GET of a collection is a list (a watch when it asks
   * for one), a GET of one object (or of its subresource) a get.
   */
  static String verb(String method, URI uri) {
    return verb(method, uri, resourceSegments(uri.getPath()));
  }

  private static String verb(String method, URI uri, List<String> segments) {
    return switch (method.toUpperCase(java.util.Locale.ROOT)) {
      case "GET" -> hasQueryParameter(uri, "watch=true") ? "watch" : segments.size() == 1 ? "list" : "get";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> "delete";
      default -> "other";
    };
  }

  /**
   * The resource a request names: its plural, with the subresource after a slash, "(dry run)" after a dry run;
   * "namespaces" for a namespace itself, "other" for what names no resource (/version, discovery).
   */
  static String resource(URI uri) {
    return resource(uri, resourceSegments(uri.getPath()));
  }

  private static String resource(URI uri, List<String> rest) {
    if (rest.isEmpty()) {
      return "other";
    }
    String resource = rest.size() >= 3 ? rest.get(0) + "/" + rest.get(2) : rest.get(0);
    return hasQueryParameter(uri, "dryRun=All") ? resource + " (dry run)" : resource;
  }

  private static boolean hasQueryParameter(URI uri, String parameter) {
    String query = uri.getRawQuery();
    return query != null && Arrays.asList(query.split("&")).contains(parameter);
  }

  /**
   * The path after the group and version and after namespaces/NS when a resource follows it: RESOURCE [NAME
   * [SUBRESOURCE]]; empty when the path names no resource. A collection
   * (/api/v1/[namespaces/NS/]RESOURCE, /apis/GROUP/VERSION/[namespaces/NS/]RESOURCE) is one segment.
   */
  private static List<String> resourceSegments(String path) {
    List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    boolean core = !segments.isEmpty() && segments.get(0).equals("api");
    boolean grouped = !segments.isEmpty() && segments.get(0).equals("apis");
    int prefix = core ? 2 : 3;
    if (!(core || grouped) || segments.size() <= prefix) {
      return List.of();
    }
    List<String> rest = segments.subList(prefix, segments.size());
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      rest = rest.subList(2, rest.size());
    }
    return rest;
  }
}
