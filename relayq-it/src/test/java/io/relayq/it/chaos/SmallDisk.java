package io.relayq.it.chaos;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A small ext4 file system on a loop device, mounted for one test with {@code errors=remount-ro},
 * so a test can fill it up or have the kernel turn it read-only for real (through ext4's
 * {@code trigger_fs_error}, as after an I/O error), then repair and mount it again. It needs root
 * and a container that may use loop devices; {@link #mount} says when it cannot.
 */
final class SmallDisk implements AutoCloseable {
  private final Path image;
  private final Path dir;
  private String device;

  private SmallDisk(Path image, Path dir) {
    this.image = image;
    this.dir = dir;
  }

  /** Makes and mounts a file system of {@code megabytes} MB on {@code dir}; null (reason printed) if not allowed. */
  static SmallDisk mount(Path parent, int megabytes) {
    Path image = parent.resolve("disk.img");
    Path dir = parent.resolve("disk");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String failed = firstFailure(
        List.of("truncate", "-s", megabytes + "M", image.toString()),
        List.of("mkfs.ext4", "-q", "-F", image.toString()));
    SmallDisk disk = new SmallDisk(image, dir);
    if (failed == null) {
      failed = disk.mountImage();
    }
    if (failed != null) {
      System.out.println("cannot mount a loop file system here: " + failed);
      return null;
    }
    return disk;
  }

  private String mountImage() {
    String failed = run("mount", "-o", "loop,errors=remount-ro", image.toString(), dir.toString());
    if (failed == null) {
      device = output("findmnt", "-n", "-o", "SOURCE", dir.toString()).strip();
    }
    return failed;
  }

  Path dir() {
    return dir;
  }

  /** Writes a filler file until the disk is full; returns it. */
  Path fill() {
    Path filler = dir.resolve("filler");
    byte[] block = new byte[64 * 1024];
    try (OutputStream out = Files.newOutputStream(filler)) {
      while (true) {
        out.write(block);
      }
    } catch (IOException full) {
      return filler;
    }
  }

  /** Has the kernel see a file system error: ext4 remounts read-only at once, open files included. */
  void failReadOnly() {
    Path trigger = Path.of("/sys/fs/ext4", Path.of(device).getFileName().toString(), "trigger_fs_error");
    try {
      Files.writeString(trigger, "1");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot trigger a file system error through " + trigger, e);
    }
  }

  /** What an administrator does: unmount, check and repair, mount again read-write. */
  void repair() {
    require(run("umount", dir.toString()), "unmount");
    try {
      Process fsck = new ProcessBuilder("e2fsck", "-fy", image.toString()).redirectErrorStream(true).start();
      fsck.getInputStream().readAllBytes();
      if (!fsck.waitFor(30, TimeUnit.SECONDS) || fsck.exitValue() > 1) {
        throw new IllegalStateException("e2fsck could not repair " + image + " (exit " + fsck.exitValue() + ")");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    require(mountImage(), "mount again");
  }

  @Override
  public void close() {
    run("umount", "-l", dir.toString());
  }

  private static void require(String failure, String what) {
    if (failure != null) {
      throw new IllegalStateException("cannot " + what + ": " + failure);
    }
  }

  private static String firstFailure(List<String> a, List<String> b) {
    String f = run(a.toArray(String[]::new));
    return f != null ? f : run(b.toArray(String[]::new));
  }

  /** Runs a command; null when it succeeded, else what it printed. */
  private static String run(String... cmd) {
    try {
      Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return String.join(" ", cmd) + " did not finish within 30 s";
      }
      return p.exitValue() == 0 ? null : String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out;
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }

  private static String output(String... cmd) {
    try {
      Process p = new ProcessBuilder(List.of(cmd)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor(30, TimeUnit.SECONDS);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
