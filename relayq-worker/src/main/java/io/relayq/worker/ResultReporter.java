package io.relayq.worker;

import io.relayq.client.ApiErrorException;
import io.relayq.client.Backoff;
import io.relayq.client.ConflictException;
import io.relayq.client.NotFoundException;
import io.relayq.client.ServerUnavailableException;
import io.relayq.client.UnreachableException;
import io.relayq.client.WorkerProtocolClient;
import io.relayq.core.api.FinishReport;
import io.relayq.core.api.JobView;
import io.relayq.core.api.LeaseRef;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers finish reports: retries with backoff and jitter while the coordinator does not answer,
 * until the report is accepted or refused. A refusal (409 stale lease) means the job moved on and
 * the result counts nowhere; it is logged and dropped.
 *
 * <p>Known limit: a result waiting for delivery lives in memory only, so a worker that dies before
 * the coordinator is back loses it, and the job is retried after its lease expires (a disk spool is
 * planned).
 */
final class ResultReporter {
  private static final Logger log = LoggerFactory.getLogger(ResultReporter.class);

  private final WorkerProtocolClient client;
  private final Reachability reachability;

  ResultReporter(WorkerProtocolClient client, Reachability reachability) {
    this.client = client;
    this.reachability = reachability;
  }

  /**
   * Delivers {@code report} for {@code lease}; returns once the coordinator accepted or refused it.
   *
   * @throws InterruptedException when the worker stops before delivery
   */
  void deliver(LeaseRef lease, FinishReport report) throws InterruptedException {
    Backoff backoff = Backoff.standard();
    while (true) {
      try {
        JobView job = client.finish(lease.jobId(), report);
        reachability.answered();
        log.debug("job {} attempt {} {}: now {}", lease.jobId(), lease.attempt(), report.outcome(), job.state().wireName());
        return;
      } catch (ConflictException | NotFoundException e) {
        log.warn("job {} attempt {}: result '{}' refused, the job moved on without this worker ({})",
            lease.jobId(), lease.attempt(), report.outcome(), e.getMessage());
        return;
      } catch (UnreachableException | ServerUnavailableException e) {
        reachability.failed(e);
      } catch (ApiErrorException e) {
        if (e.status() < 500) {
          log.error("job {} attempt {}: the coordinator refused the result '{}' as invalid: {}; it is dropped"
              + " (please report this)", lease.jobId(), lease.attempt(), report.outcome(), e.getMessage());
          return;
        }
        log.warn("job {} attempt {}: delivering the result failed ({}), retrying", lease.jobId(), lease.attempt(),
            e.getMessage());
      } catch (CancellationException e) {
        throw new InterruptedException("stopped while delivering a result");
      }
      backoff.pause();
    }
  }
}
