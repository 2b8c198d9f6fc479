package dev.stevedore.e2e.chart;

import io.fabric8.kubernetes.client.http.AsyncBody;
import io.fabric8.kubernetes.client.http.BasicBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.fabric8.kubernetes.client.http.Interceptor;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.LongAdder;

/**
 * A fabric8 HTTP interceptor that records the permission every request of a client needs, and the requests the API
 * server refused with 403. Server-side apply needs create too when it creates the object (the API server checks
 * create on that path, k8s.io/apiserver handlers/patch.go): a PATCH answered 201 Created, which only an apply
 * that created the object gets, is counted as both.
 */
final class ApiRequestRecorder implements Interceptor {
  static final String NAME = "stevedore-e2e-api-request-recorder";

  private final Map<Permission, LongAdder> used = new ConcurrentHashMap<>();
  private final Queue<String> forbidden = new ConcurrentLinkedQueue<>();

  @Override
  public void before(BasicBuilder builder, HttpRequest request, RequestTags tags) {
    count(Permission.of(request.method(), request.uri()));
  }

  @Override
  public void after(HttpRequest request, HttpResponse<?> response, AsyncBody.Consumer<List<ByteBuffer>> consumer) {
    if (response.code() == 201 && "PATCH".equalsIgnoreCase(request.method())) {
      count(Permission.of(request.method(), request.uri()).withVerb("create"));
    }
    if (response.code() == 403) {
      forbidden.add(request.method() + " " + request.uri() + " -> 403");
    }
  }

  private void count(Permission permission) {
    used.computeIfAbsent(permission, p -> new LongAdder()).increment();
  }

  /** Every permission used so far, with how many requests needed it. */
  Map<Permission, Long> used() {
    Map<Permission, Long> copy = new TreeMap<>();
    used.forEach((permission, count) -> copy.put(permission, count.sum()));
    return copy;
  }

  /** The requests refused with 403 Forbidden. */
  List<String> forbidden() {
    return List.copyOf(forbidden);
  }
}
