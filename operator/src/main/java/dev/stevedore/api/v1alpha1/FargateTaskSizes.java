package dev.stevedore.api.v1alpha1;

/**
 * The task sizes Fargate accepts, as CEL for the TaskDefinition CRD. Task cpu and memory may be integers or
 * ECS's text forms ("1024", "1 vCPU", "2 GB"), so the rule converts them first. CRD validation has no
 * cel.bind, so each conversion is spelled out once.
 */
final class FargateTaskSizes {
  static final String CPU_FORMAT = "'^ *([0-9]+|[0-9]*[.]?[0-9]+ *[vV][cC][pP][uU]) *$'";
  static final String MEMORY_FORMAT = "'^ *([0-9]+|[0-9]*[.]?[0-9]+ *[gG][bB]) *$'";

  static final String CPU = "(type(self.cpu) == int ? self.cpu : (self.cpu.trim().lowerAscii().endsWith('vcpu')"
      + " ? int(double(self.cpu.lowerAscii().replace('vcpu', '').trim()) * 1024.0) : int(self.cpu.trim())))";
  static final String MEMORY = "(type(self.memory) == int ? self.memory : (self.memory.trim().lowerAscii().endsWith('gb')"
      + " ? int(double(self.memory.lowerAscii().replace('gb', '').trim()) * 1024.0) : int(self.memory.trim())))";

  /** The valid "cpu:memory" pairs; the conversions appear once each to keep CEL's cost estimate in budget. */
  static final String RULE = "(string(" + CPU + ") + ':' + string(" + MEMORY + ")) in ["
      + "'256:512', '256:1024', '256:2048'" + ", "
      + "'512:1024', '512:2048', '512:3072', '512:4096'" + ", "
      + "'1024:2048', '1024:3072', '1024:4096', '1024:5120', '1024:6144', '1024:7168', '1024:8192'" + ", "
      + "'2048:4096', '2048:5120', '2048:6144', '2048:7168', '2048:8192', '2048:9216', '2048:10240', '2048:11264', '2048:12288', '2048:13312', '2048:14336', '2048:15360', '2048:16384'" + ", "
      + "'4096:8192', '4096:9216', '4096:10240', '4096:11264', '4096:12288', '4096:13312', '4096:14336', '4096:15360', '4096:16384', '4096:17408', '4096:18432', '4096:19456', '4096:20480', '4096:21504', '4096:22528', '4096:23552', '4096:24576', '4096:25600', '4096:26624', '4096:27648', '4096:28672', '4096:29696', '4096:30720'" + ", "
      + "'8192:16384', '8192:20480', '8192:24576', '8192:28672', '8192:32768', '8192:36864', '8192:40960', '8192:45056', '8192:49152', '8192:53248', '8192:57344', '8192:61440'" + ", "
      + "'16384:32768', '16384:40960', '16384:49152', '16384:57344', '16384:65536', '16384:73728', '16384:81920', '16384:90112', '16384:98304', '16384:106496', '16384:114688', '16384:122880'"
      + "]";

  static final String MESSAGE = "FARGATE supports these task sizes (cpu units: memory MiB): 256: 512, 1024, 2048;"
      + " 512: 1024-4096 in steps of 1024; 1024: 2048-8192 step 1024; 2048: 4096-16384 step 1024;"
      + " 4096: 8192-30720 step 1024; 8192: 16384-61440 step 4096; 16384: 32768-122880 step 8192";

  private FargateTaskSizes() {}
}
