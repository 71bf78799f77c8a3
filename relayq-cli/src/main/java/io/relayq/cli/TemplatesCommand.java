package io.relayq.cli;

import io.relayq.core.api.TemplateList;
import io.relayq.core.api.TemplateView;
import io.relayq.core.template.TemplateParam;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code relayq templates [NAME]}: the job templates the coordinator offers, with their parameters. */
@Command(
    name = "templates",
    header = "List the coordinator's job templates and their parameters.",
    description = {
      "List the job templates the coordinator offers: what each runs, the parameters",
      "it takes (type, required, default) and the labels and timeout its jobs get.",
      "Run one with: relayq run --template NAME --param K=V...",
      ""
    },
    footer = ExitCodes.HELP_FOOTER)
final class TemplatesCommand extends ClientCommand {
  @Parameters(paramLabel = "NAME", arity = "0..1", description = "show only this template")
  private String name;

  @Option(names = "--json", description = "print the templates as JSON (the API's TemplateList, or one TemplateView with NAME)")
  private boolean json;

  @Override
  protected int execute() {
    if (name != null) {
      TemplateView one = client().template(name);
      if (json) {
        JsonOutput.print(ctx().out(), one);
      } else {
        print(ctx().out(), one);
      }
      return ExitCodes.OK;
    }
    TemplateList list = client().templates();
    if (json) {
      JsonOutput.print(ctx().out(), list);
      return ExitCodes.OK;
    }
    for (int i = 0; i < list.templates().size(); i++) {
      if (i > 0) {
        ctx().out().println();
      }
      print(ctx().out(), list.templates().get(i));
    }
    ctx().out().flush();
    return ExitCodes.OK;
  }

  static void print(PrintStream out, TemplateView t) {
    out.println(t.name() + " (" + t.source() + ")" + (t.description() == null ? "" : "  " + t.description()));
    out.println("  runs:     " + argv(t.argv()));
    List<String> defaults = new ArrayList<>();
    if (!t.labels().isEmpty()) {
      defaults.add("labels " + String.join(",", t.labels()));
    }
    if (t.timeout() != null) {
      defaults.add("timeout " + t.timeout());
    }
    if (t.retries() != null) {
      defaults.add("retries " + t.retries());
    }
    if (t.priority() != null) {
      defaults.add("priority " + t.priority());
    }
    if (t.prefer() != null && !t.prefer().isEmpty()) {
      defaults.add("prefers " + String.join(",", t.prefer()) + (t.preferWait() == null ? "" : " for " + t.preferWait()));
    }
    if (t.group() != null) {
      defaults.add("group " + t.group() + (t.groupLimit() == null ? "" : " (limit " + t.groupLimit() + ")"));
    }
    if (!defaults.isEmpty()) {
      out.println("  defaults: " + String.join(", ", defaults));
    }
    if (t.params().isEmpty()) {
      return;
    }
    Table table = new Table("  param", "type", "default", "description");
    for (Map.Entry<String, TemplateParam> e : t.params().entrySet()) {
      TemplateParam p = e.getValue();
      table.row("  " + e.getKey(), type(p), need(p), p.description());
    }
    table.print(out);
  }

  private static String type(TemplateParam p) {
    return switch (p.type()) {
      case ENUM -> "enum " + String.join("|", p.values());
      case INT -> "int" + (p.min() != null || p.max() != null
          ? " " + (p.min() == null ? "" : p.min()) + ".." + (p.max() == null ? "" : p.max()) : "");
      default -> p.type().wireName();
    };
  }

  /** {@code (required)}, the default value, or null (shown as {@code -}) for an optional one. */
  private static String need(TemplateParam p) {
    if (p.isRequired()) {
      return "(required)";
    }
    return p.defaultValue() == null ? null : String.valueOf(p.defaultValue());
  }

  /** The argv as one line: groups in brackets, since they are left out without their parameters. */
  private static String argv(List<Object> argv) {
    List<String> words = new ArrayList<>();
    for (Object o : argv) {
      if (o instanceof List<?> group) {
        words.add("[" + String.join(" ", group.stream().map(String::valueOf).toList()) + "]");
      } else {
        words.add(String.valueOf(o));
      }
    }
    return String.join(" ", words);
  }
}
