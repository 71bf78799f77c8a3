/**
 * The Java client of relayq over its HTTP API ({@code /api/v1}, see {@code docs/protocol.md}).
 * Depends only on the JDK's {@code java.net.http} and {@code relayq-core}: no web server, JDBC or
 * YAML library comes along.
 *
 * <ul>
 *   <li>{@link io.relayq.client.Relayq}: the fluent API for users: build a job with
 *       {@link io.relayq.client.JobBuilder}, submit it, and follow it through its
 *       {@link io.relayq.client.JobHandle}; list workers; subscribe to events.
 *   <li>{@link io.relayq.client.RelayqClient}: one method per API call, for tools that want the
 *       wire records as they are.
 *   <li>{@link io.relayq.client.WorkerProtocolClient}: the worker protocol, for worker agents.
 * </ul>
 *
 * <p>Failures are unchecked subclasses of {@link io.relayq.client.RelayqException}.
 *
 * <pre>{@code
 * try (Relayq relayq = Relayq.fromLocalConfig()) {          // RELAYQ_SERVER / ~/.relayq/config.yml
 *   JobHandle job = relayq.argv("ffmpeg", "-i", "in.mp4", "out.mp4")   // no shell: names stay whole
 *       .label("has:ffmpeg")
 *       .timeout(Duration.ofHours(2))
 *       .retries(1)
 *       .key("transcode-in.mp4")                              // submitting twice runs it once
 *       .metadata("ticket", "OPS-42")
 *       .submit();
 *   JobView done = job.await(Duration.ofHours(3));           // AwaitTimeoutException if still running
 *   if (done.state() == JobState.SUCCEEDED) {
 *     System.out.print(new String(job.output(), StandardCharsets.UTF_8));
 *   } else {
 *     System.err.println("failed: " + done.reason() + " " + done.exitCode() + "\n"
 *         + new String(job.stderr(), StandardCharsets.UTF_8));
 *   }
 *   try (EventSubscription events = relayq.events(e -> System.out.println(e.jobId() + " " + e.type()))) {
 *     relayq.job("echo hi").on("mac-mini").submit().await(Duration.ofMinutes(1));
 *   }
 * }
 * }</pre>
 */
package io.relayq.client;
