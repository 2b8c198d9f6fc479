package dev.stevedore.convert;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Objects as YAML: one document per object, the way kubectl apply -f reads them. */
final class Manifests {
  private Manifests() {}

  static String yaml(HasMetadata object) {
    String yaml = Serialization.asYaml(object);
    return yaml.startsWith("---\n") ? yaml.substring(4) : yaml;
  }

  static String stream(List<HasMetadata> objects) {
    return objects.stream().map(o -> "---\n" + yaml(o)).collect(Collectors.joining());
  }

  /** The file an object is written to: {@code <kind>-<name>.yaml}. */
  static String fileName(HasMetadata object) {
    return object.getKind().toLowerCase(Locale.ROOT) + "-" + object.getMetadata().getName() + ".yaml";
  }
}
