package dev.stevedore.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stevedore.api.v1alpha1.ContainerDefinition;
import dev.stevedore.api.v1alpha1.LinuxParameters;
import dev.stevedore.api.v1alpha1.MountPoint;
import dev.stevedore.api.v1alpha1.TaskDefinitionSpec;
import dev.stevedore.api.v1alpha1.Tmpfs;
import dev.stevedore.api.v1alpha1.Volume;
import dev.stevedore.api.v1alpha1.VolumeFrom;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskVolumesTest {

  @Test
  void volumesFromMountsTheSourceContainersVolumesReadOnlyWhenAsked() {
    ContainerDefinition source = PodTemplateTranslatorTest.container("source");
    source.mountPoints = List.of(mountPoint("data", "/data"));
    ContainerDefinition reader = PodTemplateTranslatorTest.container("reader");
    VolumeFrom from = new VolumeFrom();
    from.sourceContainer = "source";
    from.readOnly = true;
    reader.volumesFrom = List.of(from);
    TaskVolumes volumes = volumes(PodTemplateTranslatorTest.spec(source, reader), "data");

    assertThat(volumes.mounts(source, "containerDefinitions[0]")).singleElement()
        .satisfies(m -> assertThat(m.getReadOnly()).isNull());
    assertThat(volumes.mounts(reader, "containerDefinitions[1]")).singleElement().satisfies(m -> {
      assertThat(m.getName()).isEqualTo("v-data");
      assertThat(m.getMountPath()).isEqualTo("/data");
      assertThat(m.getReadOnly()).isTrue();
    });
  }

  @Test
  void sharedMemoryAndTmpfsBecomeMemoryVolumesOfThePod() {
    ContainerDefinition c = PodTemplateTranslatorTest.container("app");
    c.linuxParameters = new LinuxParameters();
    c.linuxParameters.sharedMemorySize = 128;
    Tmpfs tmpfs = new Tmpfs();
    tmpfs.containerPath = "/run";
    tmpfs.size = 64;
    tmpfs.mountOptions = List.of("ro", "noexec");
    c.linuxParameters.tmpfs = List.of(tmpfs);
    TaskTranslation task = task(PodTemplateTranslatorTest.spec(c));
    TaskVolumes volumes = new TaskVolumes(task);
    assertThat(volumes.podVolumes()).isEmpty();

    List<VolumeMount> mounts = volumes.mounts(c, "containerDefinitions[0]");

    assertThat(mounts).extracting(VolumeMount::getMountPath).containsExactly("/dev/shm", "/run");
    assertThat(mounts.get(1).getReadOnly()).isTrue();
    assertThat(volumes.podVolumes()).extracting(v -> v.getName() + " " + v.getEmptyDir().getMedium()
        + " " + v.getEmptyDir().getSizeLimit()).containsExactly("shm-app Memory 128Mi", "tmpfs-app-0 Memory 64Mi");
    assertThat(task.report().fields()).containsExactly("containerDefinitions[0].linuxParameters.tmpfs[0].mountOptions");
  }

  private static TaskVolumes volumes(TaskDefinitionSpec spec, String... names) {
    spec.volumes = new java.util.ArrayList<>();
    for (String name : names) {
      Volume v = new Volume();
      v.name = name;
      spec.volumes.add(v);
    }
    return new TaskVolumes(task(spec));
  }

  private static TaskTranslation task(TaskDefinitionSpec spec) {
    return new TaskTranslation(PodTemplateTranslatorTest.revision(spec), PodTemplateTranslator.Options.DEFAULTS);
  }

  private static MountPoint mountPoint(String volume, String path) {
    MountPoint m = new MountPoint();
    m.sourceVolume = volume;
    m.containerPath = path;
    return m;
  }
}
