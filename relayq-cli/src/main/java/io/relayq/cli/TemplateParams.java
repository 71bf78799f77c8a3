package io.relayq.cli;

import io.relayq.core.api.TemplateView;
import io.relayq.core.template.ParamType;
import io.relayq.core.template.TemplateParam;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns {@code --param NAME=VALUE} flags into a template's typed JSON params, using the schema the
 * coordinator gave: an {@code int} is sent as a number, a {@code list} collects every value given
 * for its name, in order. What does not fit (an unknown name, a number that is not one) is sent as
 * text, so the coordinator, the one judge of parameters, names the problem.
 */
final class TemplateParams {
  private TemplateParams() {}

  static Map<String, Object> typed(TemplateView template, List<String> flags) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (String flag : flags) {
      int eq = flag.indexOf('=');
      if (eq <= 0) {
        throw CliException.usage("--param: expected NAME=VALUE, like --param input=a.mp4; got '" + flag + "'");
      }
      String name = flag.substring(0, eq);
      String value = flag.substring(eq + 1);
      TemplateParam p = template.params().get(name);
      if (p != null && p.type() == ParamType.LIST) {
        @SuppressWarnings("unchecked")
        List<String> values = (List<String>) out.computeIfAbsent(name, k -> new ArrayList<String>());
        values.add(value);
        continue;
      }
      if (out.containsKey(name)) {
        throw CliException.usage("--param " + name + " is given twice; it takes one value (only list parameters"
            + " repeat: " + listParams(template) + ")");
      }
      out.put(name, p != null && p.type() == ParamType.INT ? number(value) : value);
    }
    return out;
  }

  private static Object number(String value) {
    try {
      return Integer.parseInt(value.strip());
    } catch (NumberFormatException e) {
      return value;
    }
  }

  private static String listParams(TemplateView template) {
    List<String> names = template.params().entrySet().stream()
        .filter(e -> e.getValue().type() == ParamType.LIST).map(Map.Entry::getKey).toList();
    return names.isEmpty() ? "this template has none" : String.join(", ", names);
  }
}
