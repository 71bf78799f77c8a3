package io.relayq.coordinator;

import java.time.Instant;
import java.util.List;

/**
 * The JSON body of a webhook alert. {@code text} is a one-line summary, so chat webhooks that show
 * a {@code text} field (Slack, Mattermost) display it as is; the rest is for programs.
 *
 * @param id the same for every delivery (and retry) of one alert, so a receiver can drop repeats:
 *     {@code job.failed:j_...:3}
 * @param event the {@link AlertEvent} wire name
 * @param job the job concerned, or null
 * @param worker the worker concerned, or null
 */
record Alert(String id, String event, Instant at, String text, JobFacts job, WorkerFacts worker) {

  /**
   * The job an alert is about.
   *
   * @param state its state after what happened ({@code failed}, or {@code queued} for a lost lease
   *     with attempts left)
   * @param waiting for a stuck job, why it does not run
   * @param link the job's page on the dashboard
   */
  record JobFacts(String id, String command, String state, int attempt, int maxAttempts, String worker,
      Integer exitCode, String reason, String message, String waiting, Instant createdAt, String link) {}

  /**
   * The worker an alert is about.
   *
   * @param offlineFor how long it has been offline, like {@code 6m}
   */
  record WorkerFacts(String name, String host, String version, List<String> labels, Instant lastSeen,
      String offlineFor) {}
}
