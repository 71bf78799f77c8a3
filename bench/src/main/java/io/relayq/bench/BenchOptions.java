package io.relayq.bench;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The harness's command line, as {@code bench/run.sh} passes it.
 *
 * @param root the relayq checkout
 * @param outDir where {@code latest.md}, {@code latest.json} and the plots go
 * @param java the {@code java} every process runs on
 * @param stores the stores to run on, in order
 * @param jfr whether the dispatch coordinator records a flight recording
 * @param postgresUrl the database for PostgreSQL runs
 * @param note a line for the top of the results (why figures may be off), or null
 */
record BenchOptions(Path root, Path outDir, Path java, boolean quick, List<StoreKind> stores, boolean jfr,
    String postgresUrl, String note) {

  static final String USAGE = "usage: Bench --root DIR --out DIR --java PATH [--quick] [--store sqlite|postgres|both]"
      + " [--jfr|--no-jfr] [--postgres-url URL] [--note TEXT]";

  /**
   * @throws IllegalArgumentException naming the bad argument, with {@link #USAGE}
   */
  static BenchOptions parse(String[] argv, Map<String, String> env) {
    Args args;
    try {
      args = Args.parse(argv, Set.of("--root", "--out", "--java", "--store", "--postgres-url", "--note"),
          Set.of("--quick", "--jfr", "--no-jfr"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage() + "\n" + USAGE, e);
    }
    boolean quick = args.flag("--quick");
    String store = args.get("--store", "both");
    List<StoreKind> stores = store.equals("both") ? List.of(StoreKind.SQLITE, StoreKind.POSTGRES)
        : List.of(StoreKind.parse(store));
    // a full run profiles the coordinator; a quick one keeps its smoke test light
    boolean jfr = args.flag("--jfr") || !quick && !args.flag("--no-jfr");
    String pg = args.get("--postgres-url", env.getOrDefault(PostgresStores.URL_ENV, PostgresStores.DEFAULT_URL));
    return new BenchOptions(Path.of(args.required("--root")).toAbsolutePath().normalize(),
        Path.of(args.required("--out")).toAbsolutePath().normalize(), Path.of(args.required("--java")), quick, stores,
        jfr, pg, args.get("--note", null));
  }
}
