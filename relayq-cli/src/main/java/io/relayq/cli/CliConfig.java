package io.relayq.cli;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import io.relayq.core.template.TemplateDefinition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings read from {@code ~/.relayq/config.yml} (or the file {@code RELAYQ_CONFIG} names).
 * Every field is optional; a missing one falls back to its environment variable or default.
 * Unknown keys are errors, so a typo never goes unnoticed.
 *
 * @param server the coordinator URL the client commands and workers talk to; several (over one database)
 *     comma-separated or as a YAML list, read here as one comma-separated text
 * @param token the bearer token sent to the coordinator ({@code RELAYQ_TOKEN} wins over it)
 * @param aliases worker aliases of the Python client ({@code mac: mac-mini} or {@code rpi: [arm, light]});
 *     read here only so one file serves every client
 * @param worker settings of {@code relayq worker} and of the local worker of {@code relayq up}
 * @param templates job templates the coordinator of {@code relayq server} and {@code relayq up}
 *     offers besides the built-in ones, by name
 * @param caFile a PEM file of the CA certificates that client commands and workers trust for an
 *     {@code https://} server instead of the system's ({@code RELAYQ_CA_FILE} and {@code --ca-file} win over it)
 * @param tlsCert the PEM certificate chain {@code relayq server} and {@code relayq up} serve HTTPS with
 * @param tlsKey the PEM private key of {@code tlsCert}
 * @param maxOutputMb the most output, in MiB, one attempt of a job may store on the coordinator of
 *     {@code relayq server} and {@code relayq up} ({@code --max-output-mb} wins over it)
 */
public record CliConfig(@JsonDeserialize(using = ServerListText.class) String server, String token, Map<String, Object> aliases, Worker worker,
    Map<String, TemplateDefinition> templates, @JsonProperty("ca_file") String caFile,
    @JsonProperty("tls_cert") String tlsCert, @JsonProperty("tls_key") String tlsKey,
    @JsonProperty("max_output_mb") Integer maxOutputMb) {

  /** An empty configuration: every setting at its default. */
  public static final CliConfig EMPTY = new CliConfig(null, null, null, null, null, null, null, null, null);

  public CliConfig {
    aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
    worker = worker == null ? Worker.EMPTY : worker;
    templates = templates == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(templates));
  }

  /** Reads {@code server:} written as one URL, a comma-separated list, or a YAML list of URLs. */
  static final class ServerListText extends StdDeserializer<String> {
    ServerListText() {
      super(String.class);
    }

    @Override
    public String deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
      if (p.currentToken() != JsonToken.START_ARRAY) {
        return ctx.readValue(p, String.class);
      }
      List<String> urls = new ArrayList<>();
      while (p.nextToken() != JsonToken.END_ARRAY) {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
          return (String) ctx.handleUnexpectedToken(String.class, p);
        }
        urls.add(p.getText().strip());
      }
      return String.join(",", urls);
    }
  }

  /**
   * The {@code worker:} section.
   *
   * @param name the worker's name in the cluster (default: the host name)
   * @param labels labels the worker advertises, besides the detected ones
   * @param slots how many jobs it runs at once (default: the number of CPUs)
   * @param nice the niceness jobs run at
   * @param stateDir where it keeps its identity and buffered results
   * @param cpuThreshold claim no jobs while CPU load is above this percent (0: no limit)
   * @param minFreeMemory claim no jobs while less memory than this is free, like {@code 512M}
   */
  public record Worker(
      String name,
      List<String> labels,
      Integer slots,
      Integer nice,
      @JsonProperty("state_dir") String stateDir,
      @JsonProperty("cpu_threshold") Integer cpuThreshold,
      @JsonProperty("min_free_memory") String minFreeMemory) {

    public static final Worker EMPTY = new Worker(null, null, null, null, null, null, null);

    public Worker {
      labels = labels == null ? null : List.copyOf(labels);
    }

    public Worker(String name, List<String> labels, Integer slots, Integer nice, String stateDir) {
      this(name, labels, slots, nice, stateDir, null, null);
    }
  }
}
