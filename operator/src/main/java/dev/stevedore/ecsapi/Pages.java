package dev.stevedore.ecsapi;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * ECS's pagination: maxResults 1-100 (refused outside, since the model sets no bounds), a default page size per
 * operation, and an opaque nextToken. The token carries the last item of the page, so a page stays correct when
 * items are added or removed between calls; items are listed in a stable (sorted) order.
 */
public final class Pages {
  private static final String PREFIX = "stevedore/v1/";

  private Pages() {}

  /** One page of a sorted list, and the token of the next page or null. */
  public record Page(List<String> items, String nextToken) {}

  public static Page page(List<String> sorted, Integer maxResults, String nextToken, int defaultSize) {
    return page(sorted, Comparator.naturalOrder(), maxResults, nextToken, defaultSize);
  }

  /** As {@link #page(List, Integer, String, int)}, for a list sorted by {@code order}. */
  public static Page page(List<String> sorted, Comparator<String> order, Integer maxResults, String nextToken,
      int defaultSize) {
    int size = maxResults == null ? defaultSize : maxResults;
    if (size < 1 || size > 100) {
      throw EcsApiException.invalidParameter("maxResults must be between 1 and 100.");
    }
    int from = 0;
    if (nextToken != null && !nextToken.isEmpty()) {
      // The first item after the token's, whether or not that item is still there.
      int at = Collections.binarySearch(sorted, decode(nextToken), order);
      from = at >= 0 ? at + 1 : -at - 1;
    }
    int to = Math.min(sorted.size(), from + size);
    List<String> items = List.copyOf(sorted.subList(from, to));
    String next = to < sorted.size() ? encode(items.get(items.size() - 1)) : null;
    return new Page(items, next);
  }

  private static String encode(String last) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + last).getBytes(StandardCharsets.UTF_8));
  }

  private static String decode(String token) {
    try {
      String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
      if (text.startsWith(PREFIX)) {
        return text.substring(PREFIX.length());
      }
    } catch (IllegalArgumentException e) {
      // falls through to the refusal
    }
    throw EcsApiException.invalidParameter("Invalid nextToken.");
  }
}
