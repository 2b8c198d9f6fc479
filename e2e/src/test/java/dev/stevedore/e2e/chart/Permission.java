package dev.stevedore.e2e.chart;

import java.net.URI;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What RBAC authorizes for one API request: a verb on a resource (with its subresource, "ecsservices/status") of an
 * API group ("" for the core group), or, for paths that name no resource (/version, /apis), a lower-case HTTP verb
 * on a non-resource URL. The mapping from method and path is the API server's (request info resolution): GET on a
 * collection is list, on an object get, with watch=true watch; POST create; PUT update; PATCH patch; DELETE on an
 * object delete, on a collection deletecollection.
 *
 * @param apiGroup the API group, "" for the core group; null for a non-resource URL
 * @param resource the resource, "resource/subresource" for a subresource; the path for a non-resource URL
 * @param verb the RBAC verb
 */
record Permission(String apiGroup, String resource, String verb) implements Comparable<Permission> {
  private static final Comparator<Permission> ORDER = Comparator
      .comparing((Permission p) -> Objects.toString(p.apiGroup, "~"))
      .thenComparing(Permission::resource).thenComparing(Permission::verb);

  static Permission resource(String apiGroup, String resource, String verb) {
    return new Permission(apiGroup, resource, verb);
  }

  static Permission nonResource(String path, String verb) {
    return new Permission(null, path, verb);
  }

  boolean isNonResource() {
    return apiGroup == null;
  }

  /** The same request's permission with another verb (server-side apply that creates also needs create). */
  Permission withVerb(String otherVerb) {
    return new Permission(apiGroup, resource, otherVerb);
  }

  /** The permission a request with this method and URI needs. */
  static Permission of(String method, URI uri) {
    String httpMethod = method.toUpperCase(Locale.ROOT);
    String path = uri.getRawPath();
    List<String> segments = Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toList();
    int resourceStart;
    String group;
    if (segments.size() >= 2 && segments.get(0).equals("api")) {
      group = "";
      resourceStart = 2;
    } else if (segments.size() >= 3 && segments.get(0).equals("apis")) {
      group = segments.get(1);
      resourceStart = 3;
    } else {
      return nonResource(path, httpMethod.toLowerCase(Locale.ROOT));
    }
    List<String> parts = segments.subList(resourceStart, segments.size());
    boolean watch = isWatch(uri.getRawQuery());
    if (!parts.isEmpty() && parts.get(0).equals("watch")) {
      // The deprecated /watch/ prefix.
      watch = true;
      parts = parts.subList(1, parts.size());
    }
    if (parts.size() >= 3 && parts.get(0).equals("namespaces")) {
      parts = parts.subList(2, parts.size());
    }
    if (parts.isEmpty()) {
      // Discovery of a group version, /apis/apps/v1.
      return nonResource(path, httpMethod.toLowerCase(Locale.ROOT));
    }
    String resource = parts.get(0) + (parts.size() > 2 ? "/" + parts.get(2) : "");
    boolean named = parts.size() > 1;
    String verb = switch (httpMethod) {
      case "GET", "HEAD" -> watch ? "watch" : named ? "get" : "list";
      case "POST" -> "create";
      case "PUT" -> "update";
      case "PATCH" -> "patch";
      case "DELETE" -> named ? "delete" : "deletecollection";
      default -> httpMethod.toLowerCase(Locale.ROOT);
    };
    return resource(group, resource, verb);
  }

  private static boolean isWatch(String rawQuery) {
    if (rawQuery == null) {
      return false;
    }
    return Arrays.stream(rawQuery.split("&")).anyMatch(p -> p.equals("watch=true") || p.equals("watch=1"));
  }

  @Override
  public int compareTo(Permission other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    if (isNonResource()) {
      return verb + " " + resource;
    }
    return verb + " " + (apiGroup.isEmpty() ? "" : apiGroup + "/") + resource;
  }
}
