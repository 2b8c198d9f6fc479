package dev.stevedore.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.events.v1.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.api.model.MicroTime;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records Kubernetes Events on Stevedore's resources, so kubectl describe tells the story too. */
public final class KubernetesEvents {
  private static final Logger LOG = LoggerFactory.getLogger(KubernetesEvents.class);
  private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", Locale.ROOT)
      .withZone(ZoneOffset.UTC);

  private final KubernetesClient client;
  private final Clock clock;

  public KubernetesEvents(KubernetesClient client, Clock clock) {
    this.client = client;
    this.clock = clock;
  }

  public void normal(HasMetadata regarding, String reason, String note) {
    record(regarding, "Normal", reason, note);
  }

  public void warning(HasMetadata regarding, String reason, String note) {
    record(regarding, "Warning", reason, note);
  }

  private void record(HasMetadata regarding, String type, String reason, String note) {
    try {
      client.resource(new EventBuilder()
          .withNewMetadata().withGenerateName(regarding.getMetadata().getName() + "-")
          .withNamespace(regarding.getMetadata().getNamespace()).endMetadata()
          .withRegarding(new ObjectReferenceBuilder().withApiVersion(regarding.getApiVersion())
              .withKind(regarding.getKind()).withName(regarding.getMetadata().getName())
              .withNamespace(regarding.getMetadata().getNamespace()).withUid(regarding.getMetadata().getUid()).build())
          .withType(type)
          .withReason(reason)
          .withAction(reason)
          .withNote(note.length() > 1024 ? note.substring(0, 1021) + "..." : note)
          .withEventTime(new MicroTime(MICRO.format(clock.instant())))
          .withReportingController("ecs.stevedore.dev/operator")
          .withReportingInstance(System.getenv().getOrDefault("HOSTNAME", "stevedore"))
          .build()).create();
    } catch (KubernetesClientException e) {
      // An event is a courtesy; failing to record one must not fail the reconcile.
      LOG.warn("could not record event {} on {}/{}: {}", reason, regarding.getKind(), regarding.getMetadata().getName(),
          e.getMessage());
    }
  }
}
