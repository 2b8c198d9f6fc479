package dev.stevedore.e2e.scale;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a process costs, read from /proc and, for a JVM, jcmd: CPU time, resident memory, heap after a full GC. */
final class ProcessFigures {
  /** USER_HZ: the unit of /proc/<pid>/stat's times; 100 on every Linux architecture Java runs on. */
  private static final double CLOCK_TICKS_PER_SECOND = 100.0;
  /** A generation's line in GC.heap_info: "def new generation   total 78656K, used 3913K [...]". */
  private static final Pattern HEAP_USED = Pattern.compile("^\\s*(.+?)\\s+total \\d+K, used (\\d+)K");
  private static final Pattern VM_RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB", Pattern.MULTILINE);

  private ProcessFigures() {}

  /** User plus system CPU seconds the process has used so far. */
  static double cpuSeconds(long pid) {
    String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
    // The command name (field 2) is in parentheses and may hold spaces; fields are counted after it.
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    long utime = Long.parseLong(fields[11]);
    long stime = Long.parseLong(fields[12]);
    return (utime + stime) / CLOCK_TICKS_PER_SECOND;
  }

  /** Resident set size in MiB. */
  static double rssMiB(long pid) {
    Matcher m = VM_RSS.matcher(read(Path.of("/proc", Long.toString(pid), "status")));
    if (!m.find()) {
      throw new IllegalStateException("no VmRSS for process " + pid);
    }
    return Long.parseLong(m.group(1)) / 1024.0;
  }

  /**
   * Runs a full GC in the JVM {@code pid} (jcmd GC.run) and returns the heap then in use, in MiB: the live data plus
   * what the collector did not free at once; the generations of GC.heap_info summed (Metaspace excluded).
   */
  static double heapAfterFullGcMiB(long pid) {
    jcmd(pid, "GC.run");
    String info = jcmd(pid, "GC.heap_info");
    long usedKiB = 0;
    boolean found = false;
    for (String line : info.split("\n")) {
      Matcher m = HEAP_USED.matcher(line);
      if (m.find() && !m.group(1).contains("Metaspace") && !m.group(1).contains("class space")) {
        usedKiB += Long.parseLong(m.group(2));
        found = true;
      }
    }
    if (!found) {
      throw new IllegalStateException("cannot read the heap of process " + pid + " from: " + info);
    }
    return usedKiB / 1024.0;
  }

  private static String jcmd(long pid, String command) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
          .redirectErrorStream(true).start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
