package dev.stevedore.translate;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.LinuxParameters;
import io.fabric8.kubernetes.api.model.AppArmorProfile;
import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.SELinuxOptions;
import io.fabric8.kubernetes.api.model.SecurityContext;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A container's user, privileges, capabilities, AppArmor and SELinux settings, and read-only root. */
final class ContainerSecurityContext {
  private static final Pattern NUMERIC_USER = Pattern.compile("(\\d+)(?::(\\d+))?");

  private ContainerSecurityContext() {}

  /** Null when the container asks for nothing, so that the template carries no empty securityContext. */
  static SecurityContext of(ContainerDefinition c, String path, TranslationReport report) {
    SecurityContext sc = new SecurityContext();
    boolean set = false;
    if (Boolean.TRUE.equals(c.privileged)) {
      sc.setPrivileged(true);
      set = true;
    }
    if (Boolean.TRUE.equals(c.readonlyRootFilesystem)) {
      sc.setReadOnlyRootFilesystem(true);
      set = true;
    }
    if (c.user != null) {
      Matcher m = NUMERIC_USER.matcher(c.user);
      if (m.matches() && (!isKubernetesId(m.group(1)) || m.group(2) != null && !isKubernetesId(m.group(2)))) {
        report.unsupported(path + ".user", "Kubernetes runs containers as ids 0-2147483647 only; the image's user applies");
      } else if (m.matches()) {
        sc.setRunAsUser(Long.parseLong(m.group(1)));
        if (sc.getRunAsUser() > 0) {
          // The Pod Security Standards count a container as non-root only when it says so.
          sc.setRunAsNonRoot(true);
        }
        if (m.group(2) != null) {
          sc.setRunAsGroup(Long.parseLong(m.group(2)));
        }
        set = true;
      } else {
        report.unsupported(path + ".user", "Kubernetes runs containers as numeric ids only; the image's user applies");
      }
    }
    LinuxParameters linux = c.linuxParameters;
    if (linux != null && linux.capabilities != null
        && (linux.capabilities.add != null || linux.capabilities.drop != null)) {
      sc.setCapabilities(new Capabilities(
          linux.capabilities.add == null ? null : List.copyOf(linux.capabilities.add),
          linux.capabilities.drop == null ? null : List.copyOf(linux.capabilities.drop)));
      set = true;
    }
    if (c.dockerSecurityOptions != null) {
      for (int i = 0; i < c.dockerSecurityOptions.size(); i++) {
        set |= dockerSecurityOption(sc, c, c.dockerSecurityOptions.get(i), path + ".dockerSecurityOptions[" + i + "]",
            report);
      }
    }
    return set ? sc : null;
  }

  /** Whether the option set a field; one with no Kubernetes form is reported instead. */
  private static boolean dockerSecurityOption(SecurityContext sc, ContainerDefinition c, String option, String where,
      TranslationReport report) {
    if (option.equals("no-new-privileges") || option.equals("no-new-privileges:true")) {
      if (Boolean.TRUE.equals(c.privileged)) {
        report.unsupported(where, "Kubernetes refuses no-new-privileges on a privileged container");
        return false;
      }
      sc.setAllowPrivilegeEscalation(false);
      return true;
    }
    if (option.equals("apparmor:")) {
      report.unsupported(where, "an AppArmor option needs a profile name");
      return false;
    }
    if (option.equals("seccomp:unconfined")) {
      sc.setSeccompProfile(new io.fabric8.kubernetes.api.model.SeccompProfile(null, "Unconfined"));
      return true;
    }
    if (option.startsWith("apparmor:")) {
      String profile = option.substring("apparmor:".length());
      sc.setAppArmorProfile(profile.equals("unconfined")
          ? new AppArmorProfile(null, "Unconfined")
          : new AppArmorProfile(profile, "Localhost"));
      return true;
    }
    if (option.startsWith("label:")) {
      return seLinux(sc, option.substring("label:".length()), where, report);
    }
    report.unsupported(where, "no Kubernetes security context field for '" + option + "'");
    return false;
  }

  private static boolean isKubernetesId(String digits) {
    return digits.length() <= 10 && Long.parseLong(digits) <= Integer.MAX_VALUE;
  }

  private static boolean seLinux(SecurityContext sc, String label, String where, TranslationReport report) {
    SELinuxOptions options = sc.getSeLinuxOptions() == null ? new SELinuxOptions() : sc.getSeLinuxOptions();
    int colon = label.indexOf(':');
    String key = colon < 0 ? label : label.substring(0, colon);
    String value = colon < 0 ? "" : label.substring(colon + 1);
    switch (key) {
      case "user" -> options.setUser(value);
      case "role" -> options.setRole(value);
      case "type" -> options.setType(value);
      case "level" -> options.setLevel(value);
      default -> {
        report.unsupported(where, "SELinux option '" + label + "' has no Kubernetes form");
        return false;
      }
    }
    sc.setSeLinuxOptions(options);
    return true;
  }
}
