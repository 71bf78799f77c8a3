package io.relayq.cli.service;

import io.relayq.cli.CliException;
import io.relayq.cli.ExitCodes;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The steps that install or remove a service, decided before any is taken, so that {@code --dry-run}
 * shows exactly what a real run does. Files are replaced atomically: a reader never sees half a
 * unit or a config file with loose permissions.
 */
public final class ServicePlan {
  private static final Set<PosixFilePermission> SECRET = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> PUBLIC = PosixFilePermissions.fromString("rw-r--r--");

  /** One thing to do. */
  public sealed interface Step permits WriteFile, CopyFile, DeleteFile, RunCommand {}

  /**
   * Writes {@code content} to {@code path}, mode 0600 when {@code secret} else 0644.
   *
   * @param owner who must own the file and the directories created for it, or null for whoever runs relayq
   */
  public record WriteFile(Path path, String content, boolean secret, Owner owner) implements Step {}

  /** Copies the file {@code from} to {@code to} (mode 0644), unless they are the same file. */
  public record CopyFile(Path from, Path to, Owner owner) implements Step {}

  /** Deletes {@code path} if it exists. */
  public record DeleteFile(Path path) implements Step {}

  /** Runs a command; a failure stops the plan unless {@code mayFail}. */
  public record RunCommand(List<String> argv, boolean mayFail) implements Step {}

  /** A user other than the one running relayq, and the home directory below which relayq creates directories for them. */
  public record Owner(String user, Path home) {}

  private final List<Step> steps;

  public ServicePlan(List<Step> steps) {
    this.steps = List.copyOf(steps);
  }

  public List<Step> steps() {
    return steps;
  }

  /** Prints what {@link #execute} would do, with every file's full content. */
  public void print(PrintStream out) {
    for (Step step : steps) {
      switch (step) {
        case WriteFile w -> {
          out.println("# write " + w.path() + (w.secret() ? " (mode 0600)" : "") + ownedBy(w.owner()) + ":");
          out.print(w.content());
          out.println();
        }
        case CopyFile c -> out.println("# copy " + c.from() + " to " + c.to() + ownedBy(c.owner()));
        case DeleteFile d -> out.println("# delete " + d.path());
        case RunCommand r -> out.println("# run: " + String.join(" ", r.argv()));
      }
    }
  }

  /**
   * Takes every step in order; says on {@code log} what it did.
   *
   * @throws CliException with exit code 1 at the first step that fails (not {@code mayFail}): the
   *     message names the step and what went wrong; steps before it stay done
   */
  public void execute(PrintStream log) {
    for (Step step : steps) {
      try {
        switch (step) {
          case WriteFile w -> write(w);
          case CopyFile c -> copy(c);
          case DeleteFile d -> {
            if (Files.deleteIfExists(d.path())) {
              log.println("removed " + d.path());
            }
          }
          case RunCommand r -> run(r, log);
        }
      } catch (IOException e) {
        throw new CliException(ExitCodes.FAILED, "cannot " + describe(step) + ": " + e
            + (e instanceof AccessDeniedException ? " (run it with sudo, or use --user)" : ""), e);
      }
      if (step instanceof WriteFile w) {
        log.println("wrote " + w.path() + (w.secret() ? " (mode 0600)" : ""));
      } else if (step instanceof CopyFile c && !sameFile(c.from(), c.to())) {
        log.println("copied " + c.from() + " to " + c.to());
      }
    }
  }

  private static void run(RunCommand r, PrintStream log) {
    HostCommand.Result result = HostCommand.run(r.argv());
    if (result.ok()) {
      log.println("ran " + String.join(" ", r.argv()));
    } else if (!r.mayFail()) {
      throw new CliException(ExitCodes.FAILED, result.describe());
    }
  }

  private static void write(WriteFile w) throws IOException {
    createDirectories(w.path().getParent(), w.owner());
    Path tmp = w.path().resolveSibling("." + w.path().getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    // created with its final mode: a secret is never readable by others, not even for a moment
    Files.createFile(tmp, PosixFilePermissions.asFileAttribute(w.secret() ? SECRET : PUBLIC));
    Files.writeString(tmp, w.content(), StandardCharsets.UTF_8);
    chown(tmp, w.owner());
    move(tmp, w.path());
  }

  private static void copy(CopyFile c) throws IOException {
    if (sameFile(c.from(), c.to())) {
      return;
    }
    createDirectories(c.to().getParent(), c.owner());
    Path tmp = c.to().resolveSibling("." + c.to().getFileName() + ".tmp");
    Files.copy(c.from(), tmp, StandardCopyOption.REPLACE_EXISTING);
    Files.setPosixFilePermissions(tmp, PUBLIC);
    chown(tmp, c.owner());
    move(tmp, c.to());
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /** Creates {@code dir} and its missing parents; those below the owner's home become the owner's. */
  private static void createDirectories(Path dir, Owner owner) throws IOException {
    List<Path> missing = new ArrayList<>();
    for (Path d = dir; d != null && !Files.exists(d); d = d.getParent()) {
      missing.add(d);
    }
    Files.createDirectories(dir);
    if (owner != null) {
      for (Path d : missing) {
        if (d.startsWith(owner.home()) && !d.equals(owner.home())) {
          chown(d, owner);
        }
      }
    }
  }

  private static void chown(Path path, Owner owner) throws IOException {
    if (owner != null) {
      UserPrincipal user = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(owner.user());
      Files.setOwner(path, user);
    }
  }

  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private static String ownedBy(Owner owner) {
    return owner == null ? "" : " owned by " + owner.user();
  }

  private static String describe(Step step) {
    return switch (step) {
      case WriteFile w -> "write " + w.path();
      case CopyFile c -> "copy " + c.from() + " to " + c.to();
      case DeleteFile d -> "delete " + d.path();
      case RunCommand r -> "run " + String.join(" ", r.argv());
    };
  }
}
