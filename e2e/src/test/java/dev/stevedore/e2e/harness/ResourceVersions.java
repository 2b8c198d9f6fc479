package dev.stevedore.e2e.harness;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;

/** The resourceVersions of a set of objects, by "Kind/name", and what moved between two readings of them. */
public final class ResourceVersions {
  private ResourceVersions() {}

  public static Map<String, String> of(Collection<? extends Collection<? extends HasMetadata>> lists) {
    Map<String, String> versions = new TreeMap<>();
    lists.forEach(list -> list.forEach(o -> versions.put(o.getKind() + "/" + o.getMetadata().getName(),
        o.getMetadata().getResourceVersion())));
    return versions;
  }

  /** Each object whose version differs: "before -> after", "new" for one only {@code after} has. */
  public static Map<String, String> changed(Map<String, String> before, Map<String, String> after) {
    Map<String, String> changed = new TreeMap<>();
    before.forEach((key, version) -> {
      if (!version.equals(after.get(key))) {
        changed.put(key, version + " -> " + after.get(key));
      }
    });
    after.keySet().stream().filter(key -> !before.containsKey(key)).forEach(key -> changed.put(key, "new"));
    return changed;
  }
}
