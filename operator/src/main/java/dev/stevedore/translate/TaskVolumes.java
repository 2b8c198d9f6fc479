package dev.stevedore.translate;

import dev.stevedore.naming.Names;
import static dev.stevedore.translate.Units.mebibytes;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.LinuxParameters;
import dev.stevedore.api.v1alpha1.MountPoint;
import dev.stevedore.api.v1alpha1.Tmpfs;
import dev.stevedore.api.v1alpha1.VolumeFrom;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The pod's volumes, from the task's volumes and the containers' shared memory and tmpfs, and their mounts. */
final class TaskVolumes {
  private final TaskTranslation task;
  private final TranslationReport report;
  // By name, sorted: the pod lists its volumes in an order that does not depend on the containers'.
  private final Map<String, Volume> volumes = new TreeMap<>();

  /** Translates the task definition's volumes; the containers' own are added as their mounts are. */
  TaskVolumes(TaskTranslation task) {
    this.task = task;
    this.report = task.report();
    List<dev.stevedore.api.v1alpha1.Volume> taskVolumes = task.spec().volumes;
    if (taskVolumes != null) {
      for (int i = 0; i < taskVolumes.size(); i++) {
        dev.stevedore.api.v1alpha1.Volume v = taskVolumes.get(i);
        if (v.name != null) {
          volumes.put(volumeName(v.name), taskVolume(v, "volumes[" + i + "]"));
        }
      }
    }
  }

  List<Volume> podVolumes() {
    return new ArrayList<>(volumes.values());
  }

  private Volume taskVolume(dev.stevedore.api.v1alpha1.Volume v, String path) {
    VolumeBuilder vb = new VolumeBuilder().withName(volumeName(v.name));
    if (v.host != null && v.host.sourcePath != null && !v.host.sourcePath.isEmpty()) {
      vb.withNewHostPath(v.host.sourcePath, "DirectoryOrCreate");
    } else if (v.dockerVolumeConfiguration != null) {
      var docker = v.dockerVolumeConfiguration;
      boolean tmpfs = docker.driverOpts != null && "tmpfs".equals(docker.driverOpts.get("type"));
      vb.withNewEmptyDir().withMedium(tmpfs ? "Memory" : null).endEmptyDir();
      if ("shared".equals(docker.scope)) {
        report.approximated(path + ".dockerVolumeConfiguration.scope", "a shared Docker volume outlives the task on"
            + " its instance; Stevedore gives each task its own emptyDir");
      }
      if (docker.driver != null && !"local".equals(docker.driver)) {
        report.unsupported(path + ".dockerVolumeConfiguration.driver", "volume driver '" + docker.driver
            + "' has no Kubernetes equivalent; an emptyDir is used");
      }
      if (docker.labels != null || (docker.driverOpts != null && !tmpfs)) {
        report.ignored(path + ".dockerVolumeConfiguration", "Docker labels and driver options do not apply to an emptyDir");
      }
    } else if (v.efsVolumeConfiguration != null) {
      String claim = claim(vb, "efs-", v.efsVolumeConfiguration.fileSystemId);
      report.approximated(path + ".efsVolumeConfiguration", "mounts the PersistentVolumeClaim '" + claim
          + "', which must be bound to a volume of the efs.csi.aws.com driver for " + v.efsVolumeConfiguration.fileSystemId);
    } else if (v.fsxWindowsFileServerVolumeConfiguration != null) {
      String claim = claim(vb, "fsx-", v.fsxWindowsFileServerVolumeConfiguration.fileSystemId);
      report.approximated(path + ".fsxWindowsFileServerVolumeConfiguration", "mounts the PersistentVolumeClaim '"
          + claim + "', which must be bound to an SMB volume");
    } else {
      vb.withNewEmptyDir().endEmptyDir();
      if (v.s3filesVolumeConfiguration != null) {
        report.unsupported(path + ".s3filesVolumeConfiguration", "S3 Files volumes are not supported; the task gets an emptyDir");
      }
      if (Boolean.TRUE.equals(v.configuredAtLaunch)) {
        report.unsupported(path + ".configuredAtLaunch", "volumes configured at launch (managed EBS) are not"
            + " supported yet; the task gets an emptyDir");
      }
    }
    return vb.build();
  }

  /** A network file system is mounted through a claim named after it, which the cluster's admin binds. */
  private static String claim(VolumeBuilder vb, String prefix, String fileSystemId) {
    String claim = Names.dnsLabel(prefix + fileSystemId);
    vb.withNewPersistentVolumeClaim(claim, false);
    return claim;
  }

  /**
   * The container's mounts by path (a later one at the same path wins): its mount points, those of the containers
   * it takes volumes from, its shared memory and its tmpfs mounts, whose memory volumes are added to the pod.
   */
  List<VolumeMount> mounts(ContainerDefinition c, String path) {
    Map<String, VolumeMount> mounts = new TreeMap<>();
    addMountPoints(mounts, c.mountPoints, false);
    if (c.volumesFrom != null) {
      for (VolumeFrom from : c.volumesFrom) {
        task.spec().containerDefinitions.stream().filter(x -> x.name.equals(from.sourceContainer)).findFirst()
            .ifPresent(source -> addMountPoints(mounts, source.mountPoints, Boolean.TRUE.equals(from.readOnly)));
      }
    }
    LinuxParameters linux = c.linuxParameters;
    String k8sName = task.kubernetesName(c);
    if (linux != null && linux.sharedMemorySize != null && linux.sharedMemorySize > 0) {
      String volume = "shm-" + Names.dnsLabel(k8sName, Names.DNS_LABEL_MAX - 4);
      volumes.put(volume, memoryVolume(volume, linux.sharedMemorySize));
      mounts.put("/dev/shm", mount(volume, "/dev/shm", false));
    }
    if (linux != null && linux.tmpfs != null) {
      for (int i = 0; i < linux.tmpfs.size(); i++) {
        Tmpfs t = linux.tmpfs.get(i);
        String volume = Names.dnsLabel("tmpfs-" + k8sName + "-" + i);
        volumes.put(volume, memoryVolume(volume, t.size));
        boolean readOnly = t.mountOptions != null && t.mountOptions.contains("ro");
        mounts.put(t.containerPath, mount(volume, t.containerPath, readOnly));
        if (t.mountOptions != null && t.mountOptions.stream().anyMatch(o -> !o.equals("ro") && !o.equals("rw"))) {
          report.unsupported(path + ".linuxParameters.tmpfs[" + i + "].mountOptions",
              "Kubernetes mounts emptyDir volumes with its own options; only ro is honoured");
        }
      }
    }
    return List.copyOf(mounts.values());
  }

  private static void addMountPoints(Map<String, VolumeMount> mounts, List<MountPoint> points, boolean forceReadOnly) {
    if (points == null) {
      return;
    }
    for (MountPoint m : points) {
      if (m.sourceVolume != null && m.containerPath != null) {
        mounts.put(m.containerPath, mount(volumeName(m.sourceVolume), m.containerPath,
            forceReadOnly || Boolean.TRUE.equals(m.readOnly)));
      }
    }
  }

  /** readOnly is left unset rather than false: the template says only what differs from the default. */
  private static VolumeMount mount(String volume, String mountPath, boolean readOnly) {
    return new VolumeMountBuilder().withName(volume).withMountPath(mountPath).withReadOnly(readOnly ? true : null).build();
  }

  private static Volume memoryVolume(String name, int mib) {
    return new VolumeBuilder().withName(name)
        .withNewEmptyDir().withMedium("Memory").withSizeLimit(mebibytes(mib)).endEmptyDir().build();
  }

  /** Prefixed so that a task volume cannot take the name of a container's shm or tmpfs volume. */
  private static String volumeName(String ecsName) {
    return "v-" + Names.dnsLabel(ecsName, Names.DNS_LABEL_MAX - 2);
  }
}
