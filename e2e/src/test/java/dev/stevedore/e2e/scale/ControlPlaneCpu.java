package dev.stevedore.e2e.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The CPU seconds each control-plane component has used so far, read from /proc by command name: on this 2-core
 * machine the operator and the controllers it is compared with share the same cores, so where the time went decides
 * the ratio. Every process of a name is summed; nothing else may run a component of the same name during a run.
 */
final class ControlPlaneCpu {
  /** /proc/PID/comm holds at most 15 characters: kube-controller-manager reads "kube-controller". */
  static final Map<String, String> COMPONENTS = Map.of(
      "kube-apiserver", "kube-apiserver",
      "etcd", "etcd",
      "kube-controller", "kube-controller-manager",
      "kube-scheduler", "kube-scheduler",
      "kwok", "kwok");

  private ControlPlaneCpu() {}

  /** Component name to CPU seconds (user + system) so far; components not running are left out. */
  static Map<String, Double> read() {
    Map<String, Double> seconds = new TreeMap<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path process : entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .toList()) {
        String component = COMPONENTS.get(command(process));
        if (component != null) {
          try {
            seconds.merge(component, ProcessFigures.cpuSeconds(Long.parseLong(process.getFileName().toString())),
                Double::sum);
          } catch (UncheckedIOException gone) {
            // The process ended between the listing and the read.
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seconds;
  }

  /** What each component used between two readings, in the order of {@link #ORDER}. */
  static Map<String, Double> since(Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> used = new java.util.LinkedHashMap<>();
    for (String component : ORDER) {
      if (after.containsKey(component)) {
        used.put(component, after.get(component) - before.getOrDefault(component, 0.0));
      }
    }
    return used;
  }

  static final List<String> ORDER = List.of("kube-apiserver", "etcd", "kube-controller-manager", "kube-scheduler",
      "kwok");

  private static String command(Path process) {
    try {
      return Files.readString(process.resolve("comm")).strip();
    } catch (IOException gone) {
      return "";
    }
  }
}
