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
import io.relayq.core.api.OutputChunk;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an attempt's result: first its output that went to disk, in order, then the finish
 * report with the rest of the output inside. Calls are retried with backoff and jitter while the
 * coordinator does not answer, until the report is accepted or refused. A refusal (409 stale lease,
 * 404) means the job moved on and the result counts nowhere; it is logged and dropped. The
 * coordinator takes a result for the attempt it holds as running whichever run of the worker sends
 * it, which is how a restarted worker delivers what its previous run spooled.
 */
final class ResultReporter {
  private static final Logger log = LoggerFactory.getLogger(ResultReporter.class);

  /** How a delivery ended. */
  enum Delivery {
    /** The coordinator applied the report. */
    ACCEPTED,
    /** The coordinator refused it (the attempt is no longer current, or the report is invalid). */
    REFUSED
  }

  private final WorkerProtocolClient client;
  private final Reachability reachability;

  ResultReporter(WorkerProtocolClient client, Reachability reachability) {
    this.client = client;
    this.reachability = reachability;
  }

  /**
   * Delivers {@code disk} output, then {@code report}, for {@code lease}, retrying until the
   * coordinator answers; the output is consumed from {@code disk} as it is taken.
   *
   * @throws InterruptedException when the worker stops before delivery
   */
  Delivery deliver(LeaseRef lease, FinishReport report, List<StreamSegments> disk) throws InterruptedException {
    return deliver(lease, report, disk, true);
  }

  /**
   * Like {@link #deliver(LeaseRef, FinishReport, List)}, but when {@code retry} is false a
   * coordinator that does not answer (or answers 5xx) ends it with that exception, leaving what is
   * not delivered in {@code disk}.
   */
  Delivery deliver(LeaseRef lease, FinishReport report, List<StreamSegments> disk, boolean retry)
      throws InterruptedException {
    if (deliverOutput(lease, report.outcome(), disk, retry) == Delivery.REFUSED) {
      return Delivery.REFUSED;
    }
    return switch (call(lease, report.outcome(), retry, () -> finish(lease, report))) {
      case OK -> Delivery.ACCEPTED;
      case STALE -> Delivery.REFUSED;
      case INVALID -> {
        log.error("job {} attempt {}: the result '{}' is dropped (please report this)", lease.jobId(), lease.attempt(),
            report.outcome());
        yield Delivery.REFUSED;
      }
    };
  }

  /**
   * Delivers only {@code disk} output of {@code lease}, in order, consuming it as it is taken;
   * {@code what} names the result it belongs to in log lines. Retries as
   * {@link #deliver(LeaseRef, FinishReport, List, boolean)} does.
   */
  Delivery deliverOutput(LeaseRef lease, String what, List<StreamSegments> disk, boolean retry)
      throws InterruptedException {
    for (StreamSegments stream : disk) {
      while (stream.size() > 0) {
        OutputChunk chunk = stream.peek(OutputSender.MAX_REQUEST);
        Answer a = call(lease, what, retry, () -> client.output(lease.jobId(), lease.attempt(), chunk.stream(),
            chunk.offset(), chunk.data()));
        if (a == Answer.STALE) {
          return Delivery.REFUSED;
        }
        if (a == Answer.INVALID) {
          log.error("job {} attempt {}: {} bytes of {} at offset {} are dropped (please report this)", lease.jobId(),
              lease.attempt(), chunk.data().length, chunk.stream().wireName(), chunk.offset());
        }
        stream.consume(chunk.data().length);
      }
    }
    return Delivery.ACCEPTED;
  }

  /** What the coordinator said to one call. */
  private enum Answer {
    OK,
    /** 409 or 404: the attempt no longer holds the job. */
    STALE,
    /** Another 4xx: the call itself is wrong, repeating it cannot help. */
    INVALID
  }

  private void finish(LeaseRef lease, FinishReport report) {
    JobView job = client.finish(lease.jobId(), report);
    log.debug("job {} attempt {} {}: now {}", lease.jobId(), lease.attempt(), report.outcome(), job.state().wireName());
  }

  /** Makes one protocol call until the coordinator answers it. */
  private Answer call(LeaseRef lease, String what, boolean retry, Runnable call) throws InterruptedException {
    Backoff backoff = Backoff.standard();
    while (true) {
      try {
        call.run();
        reachability.answered();
        return Answer.OK;
      } catch (ConflictException | NotFoundException e) {
        log.warn("job {} attempt {}: result '{}' refused, the job moved on without this worker ({})",
            lease.jobId(), lease.attempt(), what, e.getMessage());
        return Answer.STALE;
      } catch (UnreachableException | ServerUnavailableException e) {
        reachability.failed(e);
        if (!retry) {
          throw e;
        }
      } catch (ApiErrorException e) {
        if (e.status() < 500) {
          log.error("job {} attempt {}: the coordinator refused a call as invalid: {}", lease.jobId(), lease.attempt(),
              e.getMessage());
          return Answer.INVALID;
        }
        if (!retry) {
          throw e;
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
