package dev.guarddutyslack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Lambda's CPU share for a memory size, imposed with a Linux cgroup: Lambda gives one vCPU at 1,769 MB and
 * CPU in proportion to memory below that. Needs a writable cgroup CPU controller (root; cgroup v1 or v2).
 *
 * @see <a href="https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html">Lambda memory and CPU</a>
 */
final class CpuShare implements AutoCloseable {
  static final int FULL_VCPU_MB = 1769;
  private static final int PERIOD_US = 100_000;

  private final Path group;
  private final boolean v2;

  private CpuShare(Path group, boolean v2) {
    this.group = group;
    this.v2 = v2;
  }

  /** A cgroup limited to the share of {@code memoryMb}, or empty (with the reason printed) where none can be made. */
  static Optional<CpuShare> forMemory(int memoryMb) {
    int quota = (int) Math.min(PERIOD_US, (long) PERIOD_US * memoryMb / FULL_VCPU_MB);
    try {
      Path v1 = Path.of("/sys/fs/cgroup/cpu");
      if (Files.isDirectory(v1) && Files.isWritable(v1)) {
        Path group = Files.createDirectories(v1.resolve("guardduty-slack-bench-" + memoryMb));
        Files.writeString(group.resolve("cpu.cfs_period_us"), Integer.toString(PERIOD_US));
        Files.writeString(group.resolve("cpu.cfs_quota_us"), Integer.toString(quota));
        return Optional.of(new CpuShare(group, false));
      }
      Path v2root = Path.of("/sys/fs/cgroup");
      if (Files.exists(v2root.resolve("cgroup.controllers")) && Files.isWritable(v2root)) {
        Path group = Files.createDirectories(v2root.resolve("guardduty-slack-bench-" + memoryMb));
        Files.writeString(group.resolve("cpu.max"), quota + " " + PERIOD_US);
        return Optional.of(new CpuShare(group, true));
      }
    } catch (IOException e) {
      System.out.println("SKIPPED: no CPU-limited cgroup (" + e.getClass().getSimpleName() + "); run as root on Linux");
      return Optional.empty();
    }
    System.out.println("SKIPPED: no writable cgroup CPU controller; run as root on Linux");
    return Optional.empty();
  }

  /** A launcher that moves the process into the group before it runs the command. */
  List<String> launcher() {
    return List.of("sh", "-c", "echo $$ > '" + group.resolve("cgroup.procs") + "' && exec \"$@\"", "cpu-share");
  }

  /** Removes the group (its processes have exited). */
  @Override
  public void close() {
    try {
      Files.deleteIfExists(group);
    } catch (IOException e) {
      System.out.println("could not remove " + group + ": " + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return group + (v2 ? " (cgroup v2)" : " (cgroup v1)");
  }
}
