package io.relayq.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A small home cluster for the dashboard screenshots, made through the API as workers and users
 * would: four workers (one draining, one gone offline), finished, failed and cancelled jobs, a
 * transcode running with output, and queued jobs held back for different reasons.
 */
final class ScreenshotScene {
  private final CoordinatorTestSupport t;

  ScreenshotScene(CoordinatorTestSupport t) {
    this.t = t;
  }

  /**
   * Builds the scene in the coordinator's recent past and ends at the real time, so the ages the
   * browser shows ("2m ago") read as they would in a live cluster. Returns the id of the running
   * job.
   */
  String build() {
    t.clock.advance(Duration.ofMinutes(-15));
    hello("old-laptop", 2, "os:linux", "arch:amd64");
    t.clock.advance(Duration.ofMinutes(12));
    helloAll();

    run("build-01", "docker build -t web:latest .", "[\"docker\"]", 0, "Successfully tagged web:latest\n");
    run("rpi4", "rsync -a /data/ nas:/backups/data/", null, 0, "sent 1.2G bytes  received 4.1K bytes\n");
    run("mac-mini", "python3 resize.py --width 1200 album/", null, 0, "resized 214 images\n");
    run("build-01", "make test", null, 2, "FAIL: test_upload (tests/test_api.py:88)\n");
    run("mac-mini", "./backup.sh --incremental /srv/photos", null, 0, "backup done: 38 files changed\n");
    String cancelled = t.submit("{\"command\":\"sleep 600\"}").get("id").asText();
    t.api.postJson(CoordinatorTestSupport.V1 + "/jobs/" + cancelled + "/cancel", "");

    String transcode = t.submit("{\"command\":\"ffmpeg -i talk.mov -c:v libx264 -crf 23 talk.mp4\","
        + "\"labels\":[\"has:ffmpeg\"],\"timeout\":\"2h\"}").get("id").asText();
    assertThat(t.pollNow("mac-mini", "inc-mac-mini", 1).get("jobs")).hasSize(1);
    output(transcode, "stderr", 0, """
        ffmpeg version 7.1 Copyright (c) 2000-2024 the FFmpeg developers
        Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'talk.mov':
          Duration: 00:42:17.03, start: 0.000000, bitrate: 18324 kb/s
        Stream mapping:
          Stream #0:0 -> #0:0 (h264 (native) -> h264 (libx264))
        frame= 1200 fps=148 q=28.0 size=    6144KiB time=00:00:40.00 bitrate=1258.3kbits/s speed=4.93x
        frame= 2410 fps=151 q=28.0 size=   12544KiB time=00:01:20.33 bitrate=1279.2kbits/s speed=5.02x
        frame= 3630 fps=150 q=28.0 size=   18944KiB time=00:02:01.00 bitrate=1282.6kbits/s speed=5.01x
        """);
    output(transcode, "stdout", 0, "progress: 5%\n");

    t.submit("{\"command\":\"python3 train.py --epochs 3\",\"labels\":[\"gpu\"]}");
    t.submit("{\"command\":\"tar czf /tmp/home.tgz ~/Documents\",\"worker\":\"old-laptop\"}");
    t.submit("{\"command\":\"pg_dump app > app.sql\",\"delay\":\"1h\"}");
    // Back to the real time: the workers poll and heartbeat now, as live ones do all the time. A
    // hello under the same incarnation releases nothing and lets the next poll be written at once.
    t.clock.advance(t.clock.offset().negated());
    helloAll();
    for (String w : new String[] {"mac-mini", "build-01", "rpi4"}) {
      String leases = w.equals("mac-mini") ? "{\"jobId\":\"" + transcode + "\",\"attempt\":1}" : "";
      t.pollNow(w, "inc-" + w, 0);
      t.api.postJson(CoordinatorTestSupport.V1 + "/workers/" + w + "/heartbeat",
          "{\"incarnation\":\"inc-" + w + "\",\"leases\":[" + leases + "]}");
    }
    t.api.postJson(CoordinatorTestSupport.V1 + "/workers/rpi4/goodbye", "{\"incarnation\":\"inc-rpi4\",\"draining\":true}");
    t.coordinator.snapshots().refresh();
    return transcode;
  }

  private void helloAll() {
    hello("mac-mini", 4, "os:mac", "arch:arm64", "has:ffmpeg");
    hello("build-01", 8, "os:linux", "arch:amd64", "docker");
    hello("rpi4", 2, "os:linux", "arch:arm64");
  }

  private void hello(String name, int slots, String... labels) {
    String labelJson = String.join(",", java.util.Arrays.stream(labels).map(l -> "\"" + l + "\"").toList());
    ApiClient.Response r = t.api.postJson(CoordinatorTestSupport.V1 + "/workers/" + name + "/hello", """
        {"workerId":"id-%s","incarnation":"inc-%s","labels":[%s],"slots":%d,"version":"0.1.0","host":"%s.local"}"""
        .formatted(name, name, labelJson, slots, name));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
  }

  private void run(String worker, String command, String labels, int exitCode, String out) {
    String id = t.submit("{\"command\":\"" + command + "\"" + (labels == null ? "" : ",\"labels\":" + labels) + "}")
        .get("id").asText();
    assertThat(t.pollNow(worker, "inc-" + worker, 1).get("jobs")).hasSize(1);
    t.clock.advance(Duration.ofSeconds(7));
    t.finish(id, 1, "{\"attempt\":1,\"outcome\":\"exited\",\"exitCode\":" + exitCode + ",\"output\":[{\"stream\":"
        + "\"stdout\",\"offset\":0,\"data\":\"" + DashboardIT.base64(out) + "\"}]}");
  }

  private void output(String id, String stream, long offset, String text) {
    t.appendOutput(id, 1, stream, offset, text.getBytes(StandardCharsets.UTF_8));
  }
}
