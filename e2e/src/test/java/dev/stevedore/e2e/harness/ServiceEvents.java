package dev.stevedore.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.EcsService;
import dev.stevedore.api.v1alpha1.ServiceEvent;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Checks on a service's story as ECS tells it: its events in status and as Kubernetes Events. */
public final class ServiceEvents {
  private static final Pattern TASK = Pattern.compile("\\(task ([0-9a-z-]+)\\)");

  private ServiceEvents() {}

  /** The task ids that "has started" events name, in order. */
  public static List<String> tasksStarted(List<String> events) {
    List<String> ids = new ArrayList<>();
    for (String e : events) {
      if (e.contains(" has started ")) {
        Matcher m = TASK.matcher(e);
        while (m.find()) {
          ids.add(m.group(1));
        }
      }
    }
    return ids;
  }

  /**
   * Each ECS event of the service was recorded once: unique ids in status, no task reported started twice, and
   * no Kubernetes Event that the status does not hold (two writers would each record theirs).
   */
  public static void assertEachRecordedOnce(Ecs ecs, EcsService service) {
    List<ServiceEvent> events = service.getStatus().events;
    List<String> story = Ecs.eventsOldestFirst(service);
    assertThat(events).extracting(e -> e.id).as("event ids").doesNotHaveDuplicates();
    assertThat(tasksStarted(story)).as("tasks reported started, in " + story).doesNotHaveDuplicates();
    Map<String, Long> inStatus = events.stream().collect(Collectors.groupingBy(e -> e.message, Collectors.counting()));
    Map<String, Long> recorded = ecs.kubernetesEvents(service.getMetadata().getName()).stream()
        .filter(e -> "ServiceEvent".equals(e.getReason()))
        .collect(Collectors.groupingBy(Event::getNote, Collectors.counting()));
    Map<String, Long> extra = new HashMap<>();
    recorded.forEach((note, count) -> {
      long expected = inStatus.getOrDefault(note, 0L);
      if (count > expected) {
        extra.put(note, count - expected);
      }
    });
    assertThat(extra).as("Kubernetes Events recorded more often than the service's status holds them; status: "
        + story).isEmpty();
  }
}
