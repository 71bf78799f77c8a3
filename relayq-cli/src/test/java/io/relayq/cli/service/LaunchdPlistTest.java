package io.relayq.cli.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/** plutil is not available here, so the plist is checked as XML with the keys launchd reads. */
class LaunchdPlistTest {
  private static Map<String, Node> topLevel(String plist) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    // the DOCTYPE names Apple's DTD: never fetch it
    f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
    Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(plist)));
    Element root = doc.getDocumentElement();
    assertThat(root.getTagName()).isEqualTo("plist");
    Element dict = child(root, 0);
    assertThat(dict.getTagName()).isEqualTo("dict");
    Map<String, Node> entries = new LinkedHashMap<>();
    List<Element> children = elements(dict);
    for (int i = 0; i < children.size(); i += 2) {
      assertThat(children.get(i).getTagName()).isEqualTo("key");
      entries.put(children.get(i).getTextContent(), children.get(i + 1));
    }
    return entries;
  }

  private static List<Element> elements(Node parent) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        out.add(e);
      }
    }
    return out;
  }

  private static Element child(Node parent, int index) {
    return elements(parent).get(index);
  }

  @Test
  void anAgentKeepsTheWorkerAliveInTheBackgroundWithItsLog() throws Exception {
    Map<String, Node> p = topLevel(LaunchdPlist.render(Specs.worker(ServiceScope.USER, 21)));

    assertThat(p.keySet()).containsExactly("Label", "ProgramArguments", "EnvironmentVariables", "WorkingDirectory",
        "RunAtLoad", "KeepAlive", "ThrottleInterval", "ProcessType", "Nice", "ExitTimeOut", "StandardOutPath",
        "StandardErrorPath");
    assertThat(p.get("Label").getTextContent()).isEqualTo("io.relayq.worker");
    assertThat(((Element) p.get("KeepAlive")).getTagName()).isEqualTo("true");
    assertThat(((Element) p.get("RunAtLoad")).getTagName()).isEqualTo("true");
    assertThat(p.get("ProcessType").getTextContent()).isEqualTo("Background");
    assertThat(p.get("Nice").getTextContent()).isEqualTo("5");
    assertThat(p.get("ExitTimeOut").getTextContent()).isEqualTo("150");
    assertThat(p.get("StandardErrorPath").getTextContent()).isEqualTo("/home/ann/.relayq/logs/worker.log");
    assertThat(elements(p.get("ProgramArguments")).stream().map(Node::getTextContent).toList())
        .startsWith(JavaRuntime.currentJava().toString())
        .endsWith("-jar", "/home/ann/.relayq/lib/relayq.jar", "worker", "--drain-timeout", "1m");
    assertThat(elements(p.get("EnvironmentVariables")).stream().map(Node::getTextContent).toList())
        .containsExactly("PATH", "/opt/homebrew/bin:/usr/bin:/bin", "HOME", "/home/ann");
  }

  @Test
  void aDaemonRunsAsItsUser() throws Exception {
    Map<String, Node> p = topLevel(LaunchdPlist.render(Specs.server(ServiceScope.SYSTEM)));

    assertThat(p.get("UserName").getTextContent()).isEqualTo("ann");
    assertThat(p.get("Label").getTextContent()).isEqualTo("io.relayq.server");
    assertThat(LaunchdPlist.file(ServiceKind.SERVER, ServiceScope.SYSTEM, Specs.HOME))
        .isEqualTo(Path.of("/Library/LaunchDaemons/io.relayq.server.plist"));
    assertThat(LaunchdPlist.file(ServiceKind.WORKER, ServiceScope.USER, Specs.HOME))
        .isEqualTo(Path.of("/home/ann/Library/LaunchAgents/io.relayq.worker.plist"));
  }

  @Test
  void markupInPathsIsEscaped() throws Exception {
    ServiceSpec s = Specs.server(ServiceScope.USER);
    ServiceSpec odd = new ServiceSpec(s.kind(), s.scope(), s.java(), s.javaFeature(), s.jar(),
        List.of("server", "--data", "/srv/<q>&\"data\"--x"), null, s.home(), 0, null, null, s.stopTimeout(), null);

    Map<String, Node> p = topLevel(LaunchdPlist.render(odd));

    assertThat(elements(p.get("ProgramArguments")).getLast().getTextContent()).isEqualTo("/srv/<q>&\"data\"--x");
    assertThat(elements(p.get("EnvironmentVariables")).stream().map(Node::getTextContent).toList())
        .containsExactly("HOME", "/home/ann");
  }

  @Test
  void launchdRefusesTheSystemdOnlyLimits() {
    assertThatThrownBy(() -> new Launchd(new Host(Host.Os.MACOS, 501, "ann", Specs.HOME, Map.of(), false))
        .render(Specs.worker(ServiceScope.USER, 25)))
        .hasMessageContaining("--memory-max and --cpu-quota are systemd limits");
  }
}
