package io.relayq.store.sqlite;

/**
 * Every SQL statement of the SQLite driver, named after the {@link io.relayq.store.JobStore}
 * method it serves, so the whole driver's SQL reads in one sitting. Instants are epoch
 * milliseconds; labels are JSON arrays.
 *
 * <p>Literal {@code 'queued'} and {@code 'running'} in WHERE clauses are deliberate: SQLite only
 * uses a partial index when the query repeats its condition literally. The states a statement
 * writes are always parameters, taken from the state machine.
 */
final class SqliteSql {
  private SqliteSql() {}

  // ---- submit ----------------------------------------------------------------------------------

  static final String FIND_JOB_BY_KEY = """
      SELECT * FROM jobs WHERE idempotency_key = ?
      """;

  static final String SUBMIT = """
      INSERT INTO jobs (id, idempotency_key, state, spec, priority, target_worker, labels, lease_ttl_ms,
                        max_attempts, created_at, run_at, submitted_by, prefer_labels, prefer_worker, prefer_until,
                        group_name, group_limit, waiting_on)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      """;

  /** The listed jobs (a JSON array of ids) the store holds, with their states. */
  static final String DEPENDENCY_STATES = """
      SELECT id, state FROM jobs WHERE id IN (SELECT value FROM json_each(?))
      """;

  static final String INSERT_DEPENDENCY = """
      INSERT INTO job_dependencies (job_id, depends_on) VALUES (?, ?)
      """;

  // ---- dependencies ----------------------------------------------------------------------------

  /** A dependency succeeded: its queued dependents wait for one job fewer. */
  static final String RELEASE_DEPENDENTS = """
      UPDATE jobs SET waiting_on = waiting_on - 1
       WHERE state = 'queued' AND id IN (SELECT job_id FROM job_dependencies WHERE depends_on = ?)
      """;

  /** A dependency ended without success: its queued dependents, to fail them. */
  static final String QUEUED_DEPENDENTS = """
      SELECT * FROM jobs
       WHERE state = 'queued' AND id IN (SELECT job_id FROM job_dependencies WHERE depends_on = ?)
       ORDER BY seq
      """;

  static final String INSERT_EVENT = """
      INSERT INTO job_events (job_id, at, type, state, attempt, worker, detail)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """;

  // ---- claim -----------------------------------------------------------------------------------

  /**
   * The jobs a worker may take now, in claim order, at most n. SQLite has a single writer and the
   * driver holds its write lock for the whole claim, so these candidates and the lease that follows
   * see the same rows: no job can be claimed twice, and group counts cannot change in between.
   *
   * <p>Parameters: now, worker name, worker labels (a JSON array), now, worker name, worker labels,
   * worker name, incarnation, n. Only the worker's current incarnation leases, and only while it is
   * neither draining nor stopped: the check is part of the claim's write transaction, which no
   * registration can interleave with (one writer). That EXISTS does not depend on the row, so SQLite
   * evaluates it once. A job's required labels must all be in the worker's labels; jobs without labels skip the
   * check. Until its preference ends only a preferred worker may take a job. A job in a full
   * concurrency group is skipped; {@code group_running} lets the driver also count the group's jobs
   * leased by this claim.
   *
   * <p>The claim-order index is named: without statistics the planner prefers the state index and
   * then sorts every queued job, 20 ms per claim at 100,000 queued. Walking the claim-order index
   * stops after n matches, and it covers every column checked, so skipped jobs cost no row reads.
   *
   * <p>Only the worker's current incarnation leases, and only while it is neither draining nor
   * stopped: the check is part of the claim's write transaction, which no registration can interleave
   * with (one writer). The EXISTS does not depend on the row, so SQLite evaluates it once.
   */
  static final String CLAIM_CANDIDATES = """
      SELECT seq, group_name, group_limit, group_running FROM (
             SELECT seq, priority, group_name, group_limit,
                    CASE WHEN group_name IS NULL THEN 0 ELSE (
                      SELECT count(*) FROM jobs AS r
                       WHERE r.state = 'running' AND r.group_name = jobs.group_name) END AS group_running
               FROM jobs INDEXED BY jobs_claim_order
              WHERE state = 'queued' AND run_at <= ? AND waiting_on = 0
                AND (target_worker IS NULL OR target_worker = ?)
                AND (labels = '[]' OR NOT EXISTS (
                       SELECT 1 FROM json_each(jobs.labels) AS required
                        WHERE required.value NOT IN (SELECT value FROM json_each(?))))
                AND (prefer_until IS NULL OR prefer_until <= ?
                     OR ((prefer_worker IS NULL OR prefer_worker = ?)
                         AND (prefer_labels = '[]' OR NOT EXISTS (
                                SELECT 1 FROM json_each(jobs.prefer_labels) AS preferred
                                 WHERE preferred.value NOT IN (SELECT value FROM json_each(?))))))
                AND EXISTS (SELECT 1 FROM workers
                             WHERE name = ? AND incarnation = ? AND NOT draining AND stopped_at IS NULL)
              ORDER BY priority DESC, seq)
       WHERE group_name IS NULL OR group_running < group_limit
       LIMIT ?
      """;

  /** Leases the chosen jobs (a JSON array of seqs). */
  static final String LEASE = """
      UPDATE jobs
         SET state = ?, attempt = attempt + 1, worker = ?, started_at = ?, lease_expires_at = ? + lease_ttl_ms,
             exit_code = NULL, reason = NULL, message = NULL, progress = NULL,
             progress_text = NULL, progress_at = NULL
       WHERE seq IN (SELECT value FROM json_each(?))
      RETURNING *
      """;

  static final String START_ATTEMPT = """
      INSERT INTO attempts (job_id, number, worker, started_at) VALUES (?, ?, ?, ?)
      """;

  // ---- lease-scoped calls ----------------------------------------------------------------------

  /** Fenced: only the worker holding the job's current running attempt renews it. */
  static final String RENEW_LEASE = """
      UPDATE jobs SET lease_expires_at = ? + lease_ttl_ms
       WHERE id = ? AND attempt = ? AND state = 'running' AND worker = ?
      RETURNING cancel_requested
      """;

  /** Fenced: 1 when the attempt is the job's current running one, 0 when stale, no row when unknown. */
  static final String APPEND_OUTPUT_FENCE = """
      SELECT attempt = ? AND state = 'running' AS current FROM jobs WHERE id = ?
      """;

  /**
   * The end of what is stored for one stream of one attempt. Chunks of a stream are stored in
   * increasing offsets, so the newest one ends last.
   */
  static final String APPEND_OUTPUT_END = """
      SELECT byte_offset + length(data) FROM job_output
       WHERE job_id = ? AND attempt = ? AND stream = ?
       ORDER BY seq DESC LIMIT 1
      """;

  static final String APPEND_OUTPUT = """
      INSERT INTO job_output (job_id, attempt, stream, byte_offset, data) VALUES (?, ?, ?, ?, ?)
      """;

  // ---- state changes (finish, cancel, reaper, worker restart) ----------------------------------

  static final String FIND_JOB = """
      SELECT * FROM jobs WHERE id = ?
      """;

  /**
   * Writes one {@link io.relayq.store.JobChange}. Fenced on the attempt and state read in the same
   * write transaction, so a change decided on a stale read can never land. Not read back: the row
   * it leaves is known ({@link JobRows#changed}).
   */
  static final String APPLY_CHANGE = """
      UPDATE jobs
         SET state = ?, cancel_requested = ?, run_at = ?, finished_at = ?, lease_expires_at = ?,
             exit_code = ?, reason = ?, message = ?
       WHERE id = ? AND attempt = ? AND state = ?
      """;

  static final String END_ATTEMPT = """
      UPDATE attempts SET ended_at = ?, reason = ?, exit_code = ?, message = ?
       WHERE job_id = ? AND number = ? AND ended_at IS NULL
      """;

  /** The expiry index is named: the planner would otherwise sort every running job by expiry. */
  static final String EXPIRE_LEASES = """
      SELECT * FROM jobs INDEXED BY jobs_lease_expiry
       WHERE state = 'running' AND lease_expires_at < ?
       ORDER BY lease_expires_at, seq
       LIMIT ?
      """;

  static final String EXTEND_RUNNING_LEASES = """
      UPDATE jobs SET lease_expires_at = max(lease_expires_at, ? + lease_ttl_ms) WHERE state = 'running'
      """;

  // ---- statistics and retention ----------------------------------------------------------------

  /**
   * Jobs per state other than queued (the routing groups count those), by range counts on the state
   * index: a million queued jobs are not visited here.
   */
  static final String COUNT_NOT_QUEUED = """
      SELECT state, count(*) FROM jobs INDEXED BY jobs_by_state
       WHERE state IN ('running', 'succeeded', 'failed', 'cancelled')
       GROUP BY state
      """;

  /** The earliest submitted job still queued (a re-queued job keeps its place): one index probe. */
  static final String OLDEST_QUEUED = """
      SELECT created_at FROM jobs INDEXED BY jobs_by_state WHERE state = 'queued' ORDER BY seq LIMIT 1
      """;

  /**
   * Queued jobs grouped by routing, the largest groups first, each row also carrying the totals
   * over all groups (queued jobs, and those not due at parameter 1). Reads the routing index in its
   * own order, so grouping streams; only the groups are sorted.
   */
  static final String QUEUED_BY_ROUTING = """
      SELECT target_worker, labels, jobs,
             sum(jobs) OVER () AS all_queued, sum(scheduled) OVER () AS all_scheduled
        FROM (SELECT target_worker, labels, count(*) AS jobs, sum(run_at > ?) AS scheduled
                FROM jobs INDEXED BY jobs_queued_routing
               WHERE state = 'queued'
               GROUP BY target_worker, labels)
       ORDER BY jobs DESC, target_worker, labels
       LIMIT ?
      """;

  /**
   * Deletes the earliest finished jobs; their attempts, output and history go with them by
   * {@code ON DELETE CASCADE}. Only terminal jobs have a finish time (a CHECK says so).
   */
  static final String PRUNE_FINISHED = """
      DELETE FROM jobs
       WHERE seq IN (
             SELECT seq FROM jobs INDEXED BY jobs_finished
              WHERE finished_at < ?
              ORDER BY finished_at
              LIMIT ?)
      """;

  // ---- reads -----------------------------------------------------------------------------------

  /**
   * One page of jobs, newest first, below the cursor's seq. Only the filters in use are added, so
   * each combination can use its index.
   */
  static String listJobs(boolean byState, boolean byWorker, boolean byLabel, boolean bySubmitter) {
    return "SELECT * FROM jobs WHERE seq < ?"
        + (byState ? " AND state = ?" : "")
        + (byWorker ? " AND worker = ?" : "")
        + (byLabel ? " AND EXISTS (SELECT 1 FROM json_each(jobs.labels) AS l WHERE l.value = ?)" : "")
        + (bySubmitter ? " AND submitted_by = ?" : "")
        + " ORDER BY seq DESC LIMIT ?";
  }

  static final String ATTEMPTS = """
      SELECT * FROM attempts WHERE job_id = ? ORDER BY number
      """;

  static final String EVENTS = """
      SELECT * FROM job_events WHERE job_id = ? ORDER BY seq
      """;

  static final String EVENTS_AFTER = """
      SELECT * FROM job_events WHERE seq > ? ORDER BY seq LIMIT ?
      """;

  /** Read in arrival order; the driver stops stepping once the byte budget is used. */
  static final String OUTPUT_BYTES = """
      SELECT coalesce(sum(length(data)), 0) FROM job_output WHERE job_id = ? AND attempt = ?
      """;

  static final String READ_OUTPUT = """
      SELECT seq, attempt, stream, byte_offset, data FROM job_output
       WHERE job_id = ? AND attempt = ? AND seq > ?
       ORDER BY seq
      """;

  // ---- workers ---------------------------------------------------------------------------------

  private static final String WORKER_COLUMNS = """
      SELECT w.*, (SELECT count(*) FROM jobs j WHERE j.state = 'running' AND j.worker = w.name) AS running
        FROM workers w
      """;

  static final String FIND_WORKER = WORKER_COLUMNS + " WHERE w.name = ?";

  static final String LIST_WORKERS = WORKER_COLUMNS + " ORDER BY w.name";

  /**
   * A new worker, or a new start of one: every start clears draining and stopped. An admin's start
   * (no token name) keeps the name's owner.
   */
  static final String REGISTER_WORKER = """
      INSERT INTO workers (name, worker_id, incarnation, labels, slots, version, host, registered_at,
                           last_heartbeat_at, draining, stopped_at, token_name)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, NULL, ?)
      ON CONFLICT (name) DO UPDATE SET
          worker_id = excluded.worker_id, incarnation = excluded.incarnation, labels = excluded.labels,
          slots = excluded.slots, version = excluded.version, host = excluded.host,
          registered_at = excluded.registered_at, last_heartbeat_at = excluded.last_heartbeat_at,
          draining = 0, stopped_at = NULL, token_name = coalesce(excluded.token_name, workers.token_name),
          cpu_percent = NULL, free_memory_bytes = NULL, paused_reason = NULL
      """;

  static final String ACTIVE_TOKEN_NAMED = """
      SELECT 1 FROM api_tokens WHERE name = ? AND revoked_at IS NULL
      """;

  static final String RUNNING_JOBS_OF_WORKER = """
      SELECT * FROM jobs WHERE state = 'running' AND worker = ? ORDER BY seq
      """;

  static final String TOUCH_WORKER = """
      UPDATE workers
         SET last_poll_at = CASE WHEN ? THEN ? ELSE last_poll_at END,
             last_heartbeat_at = CASE WHEN ? THEN ? ELSE last_heartbeat_at END
       WHERE name = ? AND incarnation = ?
      """;

  /** Fenced: only the worker holding the job's current running attempt reports its progress. */
  static final String REPORT_PROGRESS = """
      UPDATE jobs SET progress = ?, progress_text = ?, progress_at = ?
       WHERE id = ? AND attempt = ? AND state = 'running' AND worker = ?
      """;

  static final String RECORD_WORKER_LOAD = """
      UPDATE workers SET cpu_percent = ?, free_memory_bytes = ?, paused_reason = ?
       WHERE name = ? AND incarnation = ?
      """;

  static final String MARK_WORKER = """
      UPDATE workers
         SET draining = ?, stopped_at = CASE WHEN ? THEN ? ELSE stopped_at END
       WHERE name = ? AND incarnation = ?
      """;

  static final String CANCELLED_LEASES = """
      SELECT id, attempt FROM jobs
       WHERE state = 'running' AND worker = ? AND cancel_requested = 1
       ORDER BY seq
      """;

  static final String RUNNING_LEASES = """
      SELECT id, attempt FROM jobs WHERE state = 'running' AND worker = ? ORDER BY seq
      """;

  // ---- schedules -------------------------------------------------------------------------------

  static final String CREATE_SCHEDULE = """
      INSERT INTO schedules (id, name, cron, timezone, catch_up, job, paused, next_fire_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (name) DO NOTHING
      """;

  static final String FIND_SCHEDULE = """
      SELECT * FROM schedules WHERE name = ?
      """;

  static final String LIST_SCHEDULES = """
      SELECT * FROM schedules ORDER BY name
      """;

  static final String PAUSE_SCHEDULE = """
      UPDATE schedules SET paused = 1 WHERE name = ? RETURNING *
      """;

  static final String RESUME_SCHEDULE = """
      UPDATE schedules SET paused = 0, next_fire_at = ? WHERE name = ? RETURNING *
      """;

  static final String DELETE_SCHEDULE = """
      DELETE FROM schedules WHERE name = ?
      """;

  static final String DUE_SCHEDULES = """
      SELECT * FROM schedules WHERE paused = 0 AND next_fire_at <= ? ORDER BY next_fire_at, name LIMIT ?
      """;

  static final String NEXT_SCHEDULE_FIRE = """
      SELECT next_fire_at FROM schedules WHERE paused = 0 ORDER BY next_fire_at LIMIT 1
      """;

  /** The compare-and-set that makes a tick fire once: only the caller that read {@code due} moves it. */
  static final String ADVANCE_SCHEDULE = """
      UPDATE schedules SET next_fire_at = ?
       WHERE id = ? AND next_fire_at = ? AND paused = 0
      """;

  static final String NOTE_SCHEDULE_JOB = """
      UPDATE schedules SET last_fired_at = ?, last_job_id = ? WHERE id = ?
      """;

  static final String RUNNING_IN_GROUP = """
      SELECT count(*) FROM jobs WHERE state = 'running' AND group_name = ?
      """;

  // ---- tokens ----------------------------------------------------------------------------------

  /** Inserts nothing when a token that is not revoked has the name (its unique index), so races are safe. */
  static final String CREATE_TOKEN = """
      INSERT INTO api_tokens (hash, name, role, created_at) VALUES (?, ?, ?, ?)
      ON CONFLICT DO NOTHING
      """;

  static final String FIND_TOKEN = """
      SELECT * FROM api_tokens WHERE hash = ?
      """;

  static final String LIST_TOKENS = """
      SELECT * FROM api_tokens ORDER BY created_at, name
      """;

  static final String REVOKE_TOKEN = """
      UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL
      """;

  static final String TOUCH_TOKEN = """
      UPDATE api_tokens SET last_used_at = ? WHERE hash = ?
      """;

  // ---- health ----------------------------------------------------------------------------------

  /** Touches the file (not just the connection), so a vanished or unreadable file shows. */
  static final String CHECK_HEALTH = """
      SELECT count(*) FROM workers
      """;

  // ---- job files -------------------------------------------------------------------------------

  static final String CREATE_BLOB = """
      INSERT INTO file_blobs (id, storage, created_by, created_at) VALUES (?, ?, ?, ?)
      """;

  static final String WRITE_CHUNK = """
      INSERT OR REPLACE INTO file_chunks (blob_id, idx, data) VALUES (?, ?, ?)
      """;

  static final String READ_CHUNK = """
      SELECT data FROM file_chunks WHERE blob_id = ? AND idx = ?
      """;

  static final String COMPLETE_BLOB = """
      UPDATE file_blobs SET size = ?, sha256 = ?, complete = 1 WHERE id = ?
      """;

  static final String FIND_BLOB = """
      SELECT * FROM file_blobs WHERE id = ?
      """;

  /** Deletes a blob (its chunks cascade) unless a job uses it; returns its id when it went. */
  static final String DELETE_UNUSED_BLOB = """
      DELETE FROM file_blobs
       WHERE id = ? AND NOT EXISTS (SELECT 1 FROM job_files f WHERE f.blob_id = file_blobs.id)
      RETURNING id
      """;

  /** Links an input at submit; inserts nothing unless the upload is complete. */
  static final String ATTACH_INPUT = """
      INSERT INTO job_files (job_id, kind, name, blob_id, attempt)
      SELECT ?, 'input', ?, id, 0 FROM file_blobs WHERE id = ? AND complete = 1
      """;

  static final String ATTACH_OUTPUT = """
      INSERT INTO job_files (job_id, kind, name, blob_id, attempt)
      SELECT ?, 'output', ?, id, ? FROM file_blobs WHERE id = ? AND complete = 1
          ON CONFLICT (job_id, kind, name) DO UPDATE SET blob_id = excluded.blob_id, attempt = excluded.attempt
      """;

  static final String MARK_BLOB_USED = """
      UPDATE file_blobs SET was_used = 1 WHERE id = ?
      """;

  /** Fences an output on the attempt that holds the job's lease. */
  static final String JOB_LEASE = """
      SELECT state, attempt FROM jobs WHERE id = ?
      """;

  /** A job's inputs, then its outputs, each by name. */
  static final String JOB_FILES = """
      SELECT f.kind, f.name, f.attempt, b.*
        FROM job_files f JOIN file_blobs b ON b.id = f.blob_id
       WHERE f.job_id = ?
       ORDER BY f.kind, f.name
      """;

  /**
   * Blobs nothing uses: used once (their job was pruned, a later attempt replaced the output), or
   * never used and started before the cutoff. Walks every blob: retention runs it once per pass.
   */
  static final String UNUSED_BLOBS = """
      SELECT b.* FROM file_blobs b INDEXED BY file_blobs_by_age
       WHERE (b.was_used = 1 OR b.created_at < ?)
         AND NOT EXISTS (SELECT 1 FROM job_files f WHERE f.blob_id = b.id)
       ORDER BY b.created_at
       LIMIT ?
      """;
}
