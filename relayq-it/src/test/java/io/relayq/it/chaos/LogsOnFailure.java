package io.relayq.it.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Prints the end of every child JVM's log when a test fails, so a chaos failure can be read from
 * the test report; it runs right after the test method, before the children are stopped and the
 * temporary directory is deleted.
 */
final class LogsOnFailure implements AfterTestExecutionCallback {
  private static final int TAIL_CHARS = 6000;
  private final List<Supplier<ChildJvm>> children = new ArrayList<>();

  /** Watches {@code child}; the supplier is read only on failure, so it may still be null now. */
  void watch(Supplier<ChildJvm> child) {
    children.add(child);
  }

  @Override
  public void afterTestExecution(ExtensionContext context) {
    if (context.getExecutionException().isEmpty()) {
      return;
    }
    for (Supplier<ChildJvm> s : children) {
      ChildJvm jvm = s.get();
      if (jvm != null) {
        String log = jvm.log();
        System.out.println("==== end of " + jvm.name() + " log ====\n"
            + log.substring(Math.max(0, log.length() - TAIL_CHARS)));
        if (jvm.isAlive()) {
          System.out.println("==== threads of " + jvm.name() + " ====\n" + jvm.threadDump());
        }
      }
    }
  }
}
