package dev.stevedore.e2e.scale;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's results as Markdown (results.md), JSON (results.json) and a plot (scale.svg). */
final class ScaleReport {
  private final String machine;
  private final String controlPlane;
  private final String operatorJvm;
  private final List<SizeResult> results;

  ScaleReport(String machine, String controlPlane, String operatorJvm, List<SizeResult> results) {
    this.machine = machine;
    this.controlPlane = controlPlane;
    this.operatorJvm = operatorJvm;
    this.results = List.copyOf(results);
  }

  void write(Path directory) {
    try {
      Files.createDirectories(directory);
      Files.writeString(directory.resolve("results.md"), markdown());
      Files.writeString(directory.resolve("results.json"), json());
      Files.writeString(directory.resolve("scale.svg"), svg());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String markdown() {
    StringBuilder md = new StringBuilder();
    md.append("Machine: ").append(machine).append("  \n");
    md.append("Control plane: ").append(controlPlane).append("  \n");
    md.append("Operator JVM: `").append(operatorJvm).append("`\n\n");
    md.append("| services | baseline created / Ready (s) | Stevedore created / Stable (s) | ratio"
        + " | rollout baseline / Stevedore (s) | ratio | operator CPU (s) | heap after GC (MiB) | RSS (MiB)"
        + " | requests / reconcile | reconcile p50 / p99 (ms) | idle writes |\n");
    md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
    for (SizeResult r : results) {
      md.append(String.format(Locale.ROOT,
          "| %d | %.1f / %.1f | %.1f / %.1f | %.2fx | %.1f / %.1f | %.2fx | %.1f | %.0f | %.0f | %.2f (%.0f / %.0f)"
              + " | %.0f / %.0f | %.0f writes, %d objects changed in %.0f s |\n",
          r.services(), r.baselineCreated(), r.baselineReady(), r.stevedoreCreated(), r.stevedoreStable(),
          r.createRatio(), r.baselineRollout(), r.stevedoreRollout(), r.rolloutRatio(), r.operatorCpuSeconds(),
          r.heapAfterGcMiB(), r.rssMiB(), r.requestsPerReconcile(), r.apiRequests(), r.reconciles(),
          r.reconcileP50Ms(), r.reconcileP99Ms(), r.idleWrites(), r.idleChangedObjects(), r.idleSeconds()));
    }
    md.append("\nAPI requests the operator sent, by verb (first document to the end of the rollout):\n\n");
    for (SizeResult r : results) {
      md.append("- ").append(r.services()).append(" services: ");
      md.append(String.join(", ", r.apiRequestsByVerb().entrySet().stream()
          .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue())).toList()));
      md.append(String.format(Locale.ROOT, "; %.0f while idle\n", r.idleRequests()));
    }
    md.append("\nCPU seconds of the control plane, bare (creation and rollout) -> Stevedore (the same, with the"
        + " operator's own last):\n\n");
    for (SizeResult r : results) {
      md.append("- ").append(r.services()).append(" services: ");
      List<String> parts = new ArrayList<>();
      r.stevedoreControlPlaneCpu().forEach((component, seconds) -> parts.add(String.format(Locale.ROOT,
          "%s %.1f -> %.1f", component, r.baselineControlPlaneCpu().getOrDefault(component, 0.0), seconds)));
      parts.add(String.format(Locale.ROOT, "all %.1f -> %.1f + operator %.1f",
          r.baselineControlPlaneCpu().values().stream().mapToDouble(Double::doubleValue).sum(),
          r.stevedoreControlPlaneCpu().values().stream().mapToDouble(Double::doubleValue).sum(),
          r.operatorCpuSeconds()));
      md.append(String.join(", ", parts)).append("\n");
    }
    md.append("\nThe same by verb and resource, per service (most first):\n\n");
    for (SizeResult r : results) {
      md.append("- ").append(r.services()).append(" services: ");
      md.append(String.join(", ", r.apiRequestsByResource().entrySet().stream()
          .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
          .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / r.services())).toList()));
      md.append("\n");
    }
    md.append("\nReconciles by kind, with their p50 / p99 (same span):\n\n");
    for (SizeResult r : results) {
      md.append("- ").append(r.services()).append(" services: ");
      md.append(String.join(", ", r.reconcilesByKind().entrySet().stream()
          .map(e -> String.format(Locale.ROOT, "%s %.0f (%.0f / %.0f ms)", e.getKey(), e.getValue().reconciles(),
              e.getValue().p50Ms(), e.getValue().p99Ms())).toList()));
      md.append("\n");
    }
    md.append("\nTimeline, per service (median / max over the services, ms):\n\n");
    md.append("| services | gap | median | max |\n|---|---|---|---|\n");
    for (SizeResult r : results) {
      r.timeline().forEach((gap, g) -> md.append(String.format(Locale.ROOT, "| %d | %s | %d | %d |\n",
          r.services(), gap, g.medianMs(), g.maxMs())));
    }
    return md.toString();
  }

  String json() throws IOException {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("machine", machine);
    root.put("controlPlane", controlPlane);
    root.put("operatorJvm", operatorJvm);
    List<Map<String, Object>> sizes = new ArrayList<>();
    for (SizeResult r : results) {
      Map<String, Object> size = new LinkedHashMap<>();
      size.put("services", r.services());
      size.put("tasksPerService", r.tasks());
      size.put("nodes", r.nodes());
      size.put("baselineCreatedSeconds", r.baselineCreated());
      size.put("baselineReadySeconds", r.baselineReady());
      size.put("stevedoreCreatedSeconds", r.stevedoreCreated());
      size.put("stevedoreStableSeconds", r.stevedoreStable());
      size.put("createRatio", r.createRatio());
      size.put("baselineRolloutSeconds", r.baselineRollout());
      size.put("stevedoreRolloutSeconds", r.stevedoreRollout());
      size.put("rolloutRatio", r.rolloutRatio());
      size.put("operatorCpuSeconds", r.operatorCpuSeconds());
      size.put("heapAfterGcMiB", r.heapAfterGcMiB());
      size.put("rssMiB", r.rssMiB());
      size.put("apiRequests", r.apiRequests());
      size.put("apiRequestsByVerb", r.apiRequestsByVerb());
      size.put("apiRequestsByResource", r.apiRequestsByResource());
      size.put("baselineControlPlaneCpu", r.baselineControlPlaneCpu());
      size.put("stevedoreControlPlaneCpu", r.stevedoreControlPlaneCpu());
      size.put("reconciles", r.reconciles());
      size.put("requestsPerReconcile", r.requestsPerReconcile());
      size.put("reconcileP50Ms", r.reconcileP50Ms());
      size.put("reconcileP99Ms", r.reconcileP99Ms());
      size.put("reconcilesByKind", r.reconcilesByKind());
      size.put("idleSeconds", r.idleSeconds());
      size.put("idleWrites", r.idleWrites());
      size.put("idleChangedObjects", r.idleChangedObjects());
      size.put("idleRequests", r.idleRequests());
      size.put("timelineMs", r.timeline());
      sizes.add(size);
    }
    root.put("sizes", sizes);
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root) + "\n";
  }

  String svg() {
    double[] x = results.stream().mapToDouble(SizeResult::services).toArray();
    SvgPlot times = new SvgPlot("Time to all Ready / Stable, and to all rolled out", "services", "seconds")
        .series("bare Deployments Ready", "#1f77b4", false, x, values(SizeResult::baselineReady))
        .series("Stevedore Stable", "#d62728", false, x, values(SizeResult::stevedoreStable))
        .series("bare rollout", "#1f77b4", true, x, values(SizeResult::baselineRollout))
        .series("Stevedore rollout", "#d62728", true, x, values(SizeResult::stevedoreRollout));
    SvgPlot memory = new SvgPlot("Operator memory", "services", "MiB")
        .series("heap after full GC", "#2ca02c", false, x, values(SizeResult::heapAfterGcMiB))
        .series("RSS", "#9467bd", false, x, values(SizeResult::rssMiB));
    return SvgPlot.sideBySide(times, memory);
  }

  private double[] values(java.util.function.ToDoubleFunction<SizeResult> value) {
    return results.stream().mapToDouble(value).toArray();
  }
}
