package io.relayq.core.template;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A template's argv with its placeholders parsed once, at load time. A word that is exactly
 * {@code {name}} becomes the value as one argument (a list: as many arguments as it has); a
 * placeholder inside other text ({@code --model={model}}) is replaced within that one argument.
 * {@code {{} and {@code }}} stand for literal braces. A word, or a group of words, whose
 * parameters do not all have a value is left out. Values are never split or parsed again: one
 * value is one argument, whatever quotes, spaces or semicolons it holds.
 */
final class TemplateArgv {
  private record Segment(String literal, String param) {}

  private record Word(List<Segment> segments) {
    boolean isWholeParam() {
      return segments.size() == 1 && segments.get(0).param() != null;
    }
  }

  /** One element of the argv list: a single word, or a group of words kept or dropped together. */
  private record Item(List<Word> words, Set<String> params) {}

  private final List<Item> items;
  private final Set<String> referenced;

  private TemplateArgv(List<Item> items, Set<String> referenced) {
    this.items = items;
    this.referenced = referenced;
  }

  /**
   * Parses {@code raw} (strings, and lists of strings for groups) against the declared parameters.
   *
   * @throws TemplateException {@code invalid_template} naming the element at fault
   */
  static TemplateArgv parse(List<Object> raw, Map<String, TemplateParam> params, String where) {
    if (raw == null || raw.isEmpty()) {
      throw invalid(where, "argv is required: the program and its arguments, like [ffmpeg, -i, \"{input}\", \"{output}\"]");
    }
    List<Item> items = new ArrayList<>();
    Set<String> referenced = new LinkedHashSet<>();
    for (int i = 0; i < raw.size(); i++) {
      String at = where + "[" + i + "]";
      Object element = raw.get(i);
      List<Word> words = new ArrayList<>();
      Set<String> itemParams = new LinkedHashSet<>();
      if (element instanceof List<?> group) {
        if (group.isEmpty()) {
          throw invalid(at, "an empty group; a group is a list of words kept or left out together");
        }
        for (int j = 0; j < group.size(); j++) {
          words.add(word(group.get(j), params, at + "[" + j + "]", itemParams));
        }
        if (itemParams.isEmpty()) {
          throw invalid(at, "a group without a {parameter} is always kept; write its words as plain elements");
        }
      } else {
        words.add(word(element, params, at, itemParams));
      }
      if (i == 0 && (words.size() != 1 || !itemParams.isEmpty())) {
        throw invalid(at, "the program is fixed text, not a parameter: jobs choose arguments, never what runs");
      }
      referenced.addAll(itemParams);
      items.add(new Item(List.copyOf(words), Set.copyOf(itemParams)));
    }
    for (String name : params.keySet()) {
      if (!referenced.contains(name)) {
        throw invalid(where, "parameter '" + name + "' is declared but argv never uses it; add \"{" + name
            + "}\" where it belongs or remove the parameter");
      }
    }
    return new TemplateArgv(List.copyOf(items), Set.copyOf(referenced));
  }

  private static Word word(Object element, Map<String, TemplateParam> params, String at, Set<String> used) {
    if (!(element instanceof String text)) {
      throw invalid(at, "expected a string, got " + TemplateParam.describe(element)
          + (element instanceof Number || element instanceof Boolean ? "; quote it: \"" + element + "\"" : ""));
    }
    if (text.indexOf('\0') >= 0) {
      throw invalid(at, "cannot contain a NUL character");
    }
    List<Segment> segments = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '{' && i + 1 < text.length() && text.charAt(i + 1) == '{') {
        literal.append('{');
        i += 2;
      } else if (c == '}' && i + 1 < text.length() && text.charAt(i + 1) == '}') {
        literal.append('}');
        i += 2;
      } else if (c == '{') {
        int close = text.indexOf('}', i);
        if (close < 0) {
          throw invalid(at, "'{' is not closed in \"" + text + "\"; write {{ for a literal brace");
        }
        String name = text.substring(i + 1, close);
        TemplateParam p = params.get(name);
        if (p == null) {
          throw invalid(at, "\"{" + name + "}\" names no declared parameter (declared: "
              + (params.isEmpty() ? "none" : String.join(", ", params.keySet())) + ")");
        }
        if (!literal.isEmpty()) {
          segments.add(new Segment(literal.toString(), null));
          literal.setLength(0);
        }
        segments.add(new Segment(null, name));
        used.add(name);
        i = close + 1;
      } else if (c == '}') {
        throw invalid(at, "a lone '}' in \"" + text + "\"; write }} for a literal brace");
      } else {
        literal.append(c);
        i++;
      }
    }
    if (!literal.isEmpty() || segments.isEmpty()) {
      segments.add(new Segment(literal.toString(), null));
    }
    Word w = new Word(List.copyOf(segments));
    for (Segment s : w.segments()) {
      if (s.param() != null && params.get(s.param()).type() == ParamType.LIST && !w.isWholeParam()) {
        throw invalid(at, "the list parameter '" + s.param() + "' must be a word of its own, \"{" + s.param()
            + "}\": it becomes as many arguments as it has elements");
      }
    }
    return w;
  }

  /** The argv for these parameter values (only parameters that have a value are keys). */
  List<String> expand(Map<String, Object> values) {
    List<String> argv = new ArrayList<>();
    for (Item item : items) {
      if (!values.keySet().containsAll(item.params())) {
        continue;
      }
      for (Word w : item.words()) {
        if (w.isWholeParam() && values.get(w.segments().get(0).param()) instanceof List<?> list) {
          list.forEach(v -> argv.add((String) v));
          continue;
        }
        StringBuilder arg = new StringBuilder();
        for (Segment s : w.segments()) {
          arg.append(s.param() == null ? s.literal() : String.valueOf(values.get(s.param())));
        }
        argv.add(arg.toString());
      }
    }
    return argv;
  }

  Set<String> referenced() {
    return referenced;
  }

  private static TemplateException invalid(String where, String message) {
    return new TemplateException(TemplateException.INVALID_TEMPLATE, where + ": " + message);
  }
}
