package io.relayq.store.postgres;

/**
 * Every SQL statement of the PostgreSQL driver, named after the {@link io.relayq.store.JobStore}
 * method it serves, so the whole driver's SQL reads in one sitting.
 *
 * <p>Several coordinators may share one database, so every statement that decides a change first
 * locks the rows it reads: {@code FOR NO KEY UPDATE} (waits) for one job, {@code SKIP LOCKED} for
 * batches (claims, the reaper), where another coordinator's rows are simply someone else's work.
 * {@code NO KEY} because history and output rows reference their job: their foreign-key checks
 * take a key-share lock that a full {@code FOR UPDATE} would block.
 *
 * <p>Literal {@code 'queued'} and {@code 'running'} in WHERE clauses match the partial indexes; the
 * states a statement writes are always parameters, taken from the state machine.
 */
final class PostgresSql {
  private PostgresSql() {}

  /** The LISTEN/NOTIFY channel a submit notifies, with the job id as payload. */
  static final String JOBS_CHANNEL = "relayq_jobs";

  // ---- submit ----------------------------------------------------------------------------------

  static final String FIND_JOB_BY_KEY = """
      SELECT * FROM jobs WHERE idempotency_key = ?
      """;

  /**
   * Inserts unless the idempotency key exists. A concurrent submit with the same key waits for the
   * first to commit and then inserts nothing (no row returned); the caller reads the winner.
   */
  static final String SUBMIT = """
      INSERT INTO jobs (id, idempotency_key, state, spec, priority, target_worker, labels, lease_ttl_ms,
                        max_attempts, created_at, run_at, submitted_by, prefer_labels, prefer_worker, prefer_until,
                        group_name, group_limit, waiting_on)
      VALUES (?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT (idempotency_key) DO NOTHING
      RETURNING *
      """;

  /**
   * The listed dependencies with their states, share-locked until the submit commits: a dependency
   * finishing meanwhile waits, then sees the new job's dependency rows, so no dependent is missed.
   * Locked in {@code seq} order, the order a finish settles a chain in, so the two cannot deadlock.
   */
  static final String LOCK_DEPENDENCIES = """
      SELECT id, state FROM jobs WHERE id = ANY(?) ORDER BY seq FOR SHARE
      """;

  static final String INSERT_DEPENDENCIES = """
      INSERT INTO job_dependencies (job_id, depends_on) SELECT ?, unnest(?::text[])
      """;

  // ---- dependencies ----------------------------------------------------------------------------

  /** A dependency succeeded: its queued dependents wait for one job fewer. */
  static final String RELEASE_DEPENDENTS = """
      UPDATE jobs SET waiting_on = waiting_on - 1
       WHERE state = 'queued' AND id IN (SELECT job_id FROM job_dependencies WHERE depends_on = ?)
      """;

  /** A dependency ended without success: its queued dependents, locked, to fail them. */
  static final String LOCK_QUEUED_DEPENDENTS = """
      SELECT * FROM jobs
       WHERE state = 'queued' AND id IN (SELECT job_id FROM job_dependencies WHERE depends_on = ?)
       ORDER BY seq
       FOR NO KEY UPDATE
      """;

  /** Wakes coordinators that LISTEN; delivered only if the submit commits. */
  static final String NOTIFY_SUBMITTED = "SELECT pg_notify('" + JOBS_CHANNEL + "', ?)";

  /**
   * Announces that this transaction may write history, before its first history row takes a
   * {@code seq}: a shared advisory lock, held to the transaction's end, whose key carries the
   * {@code seq} the next history insert gets at the earliest (mod 2^31; the first key half names
   * the schema). Shared locks never wait for each other, so writers go on in parallel and commit
   * in any order.
   *
   * <p>Why: {@code seq} is handed out at insert, but rows become visible at commit, so a slower
   * transaction can commit a smaller {@code seq} after a faster one committed a larger one. A reader
   * resuming after the larger would miss the smaller forever. Readers therefore only return rows
   * below a horizon ({@link #NEXT_EVENT_SEQ}, lowered to the smallest key of {@link
   * #HELD_HISTORY_HORIZONS}), read in that order, each in its own snapshot. Every {@code seq} below
   * the horizon was handed out before the reader looked, by a transaction that locked before taking
   * it and had already released its lock, so had ended: its rows (if it committed) are visible to
   * the reader's next snapshot, as PostgreSQL makes a commit visible before it releases locks.
   * Assumes the sequence hands out values in order (CACHE 1, the identity default).
   */
  static final String HOLD_HISTORY_HORIZON = """
      SELECT pg_advisory_xact_lock_shared(hashtext('relayq.history:' || current_schema()),
          ((coalesce(pg_sequence_last_value(pg_get_serial_sequence('job_events', 'seq')::regclass), 0) + 1)
           % 2147483648)::int)
      """;

  /** The history {@code seq} the next insert gets at the earliest (the reader's first step). */
  static final String NEXT_EVENT_SEQ = """
      SELECT coalesce(pg_sequence_last_value(pg_get_serial_sequence('job_events', 'seq')::regclass), 0) + 1
      """;

  /** The keys (next values mod 2^31) of the history writers in flight now (the reader's second step). */
  static final String HELD_HISTORY_HORIZONS = """
      SELECT objid::bigint FROM pg_locks
       WHERE locktype = 'advisory' AND objsubid = 2
         AND classid = hashtext('relayq.history:' || current_schema())::oid
         AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
      """;

  static final String INSERT_EVENT = """
      INSERT INTO job_events (job_id, at, type, state, attempt, worker, detail)
      VALUES (?, ?, ?, ?, ?, ?, ?)
      """;

  // ---- claim -----------------------------------------------------------------------------------

  /**
   * Leases up to n jobs in claim order, except those in a concurrency group. The first CTE picks and
   * locks the candidates, skipping rows another claim holds, so concurrent claims from any number of
   * coordinators never return the same job; it is a CTE because the planner may otherwise re-run a
   * LIMIT subquery inside an UPDATE and lease more rows than asked. A job's required labels must be
   * contained in the worker's; until its preference ends, its preferred labels (and worker) too.
   *
   * <p>Candidates in a group are returned still queued and still locked: whether their group has
   * room is decided under the group's lock ({@link #LOCK_GROUP}), where a count cannot race another
   * coordinator's claim. The count here only skips groups already full, so they do not fill the
   * LIMIT.
   *
   * <p>Only the worker's current incarnation leases, while it is neither draining nor stopped. The
   * claim's transaction first takes {@link #SHARE_WORKER_NAME}, so the worker row it checks is read
   * after any registration of the name in flight has committed (the statement's snapshot is taken
   * after the lock), and a registration that starts later waits for the claim and then releases what
   * it leased.
   *
   * <p>Parameters: now, worker name, worker labels, now, worker name, worker labels, worker name,
   * incarnation, n, then the lease: state, worker name, now, now.
   */
  static final String CLAIM = """
      WITH picked AS (
        SELECT q.seq, q.group_name FROM jobs AS q
         WHERE q.state = 'queued' AND q.run_at <= ? AND q.waiting_on = 0
           AND (q.target_worker IS NULL OR q.target_worker = ?)
           AND q.labels <@ ?
           AND (q.prefer_until IS NULL OR q.prefer_until <= ?
                OR ((q.prefer_worker IS NULL OR q.prefer_worker = ?) AND q.prefer_labels <@ ?))
           AND (q.group_name IS NULL OR q.group_limit > (
                  SELECT count(*) FROM jobs AS r WHERE r.state = 'running' AND r.group_name = q.group_name))
           AND EXISTS (SELECT 1 FROM workers
                        WHERE name = ? AND incarnation = ? AND NOT draining AND stopped_at IS NULL)
         ORDER BY q.priority DESC, q.seq
         LIMIT ?
         FOR NO KEY UPDATE OF q SKIP LOCKED),
      leased AS (
        UPDATE jobs AS j
           SET state = ?, attempt = j.attempt + 1, worker = ?, started_at = ?,
               lease_expires_at = ? + j.lease_ttl_ms * interval '1 millisecond',
               exit_code = NULL, reason = NULL, message = NULL, progress = NULL,
             progress_text = NULL, progress_at = NULL
          FROM picked
         WHERE j.seq = picked.seq AND picked.group_name IS NULL
        RETURNING j.*)
      SELECT * FROM leased
      UNION ALL
      SELECT j.* FROM jobs AS j JOIN picked ON j.seq = picked.seq WHERE picked.group_name IS NOT NULL
      """;

  /**
   * Serialises the claims of one concurrency group across coordinators until the transaction ends;
   * taken for each group in name order, so two claims cannot deadlock. The first key half names the
   * schema, as for history.
   */
  static final String LOCK_GROUP = """
      SELECT pg_advisory_xact_lock(hashtext('relayq.group:' || current_schema()), hashtext(?))
      """;

  /**
   * The running jobs of the listed groups. Run after the group locks are taken: in a statement of
   * its own, it sees every claim that held the lock before and committed.
   */
  static final String RUNNING_BY_GROUP = """
      SELECT group_name, count(*) FROM jobs
       WHERE state = 'running' AND group_name = ANY(?)
       GROUP BY group_name
      """;

  /** Leases group candidates this claim holds locked (their seqs as an array). */
  static final String LEASE_LOCKED = """
      UPDATE jobs
         SET state = ?, attempt = attempt + 1, worker = ?, started_at = ?,
             lease_expires_at = ? + lease_ttl_ms * interval '1 millisecond',
             exit_code = NULL, reason = NULL, message = NULL, progress = NULL,
             progress_text = NULL, progress_at = NULL
       WHERE seq = ANY(?) AND state = 'queued'
      RETURNING *
      """;

  static final String RUNNING_IN_GROUP = """
      SELECT count(*) FROM jobs WHERE state = 'running' AND group_name = ?
      """;

  static final String START_ATTEMPT = """
      INSERT INTO attempts (job_id, number, worker, started_at) VALUES (?, ?, ?, ?)
      """;

  // ---- lease-scoped calls ----------------------------------------------------------------------

  /**
   * Renews all listed leases (ids and attempts as two arrays) in one round trip. Fenced per lease:
   * only the worker holding the job's current running attempt renews it. The rows are locked in
   * {@code seq} order, as the worker-restart release locks them, so the two cannot deadlock.
   */
  static final String RENEW_LEASES = """
      WITH held AS (
        SELECT j.seq FROM jobs AS j
          JOIN unnest(?::text[], ?::int[]) AS lease (id, attempt) ON j.id = lease.id AND j.attempt = lease.attempt
         WHERE j.state = 'running' AND j.worker = ?
         ORDER BY j.seq
         FOR NO KEY UPDATE OF j)
      UPDATE jobs AS j SET lease_expires_at = ? + j.lease_ttl_ms * interval '1 millisecond'
        FROM held
       WHERE j.seq = held.seq
      RETURNING j.id, j.attempt, j.cancel_requested
      """;

  /**
   * Fenced: true when the attempt is the job's current running one, false when stale, no row when
   * unknown. Locks the job so two sends of one stream store their bytes one after the other.
   */
  static final String APPEND_OUTPUT_FENCE = """
      SELECT attempt = ? AND state = 'running' AS current FROM jobs WHERE id = ? FOR NO KEY UPDATE
      """;

  /** The end of what is stored for one stream of one attempt; chunks are stored in offset order. */
  static final String APPEND_OUTPUT_END = """
      SELECT byte_end FROM job_output
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

  /** The job to change, locked until the transaction ends. */
  static final String LOCK_JOB = """
      SELECT * FROM jobs WHERE id = ? FOR NO KEY UPDATE
      """;

  /**
   * Writes one {@link io.relayq.store.JobChange}, fenced on the attempt and state it was decided
   * from.
   */
  static final String APPLY_CHANGE = """
      UPDATE jobs
         SET state = ?, cancel_requested = ?, run_at = ?, finished_at = ?, lease_expires_at = ?,
             exit_code = ?, reason = ?, message = ?
       WHERE id = ? AND attempt = ? AND state = ?
      RETURNING *
      """;

  static final String END_ATTEMPT = """
      UPDATE attempts SET ended_at = ?, reason = ?, exit_code = ?, message = ?
       WHERE job_id = ? AND number = ? AND ended_at IS NULL
      """;

  /** Expired leases, locked; rows another coordinator's reaper holds are skipped, so each moves once. */
  static final String EXPIRE_LEASES = """
      SELECT * FROM jobs
       WHERE state = 'running' AND lease_expires_at < ?
       ORDER BY lease_expires_at, seq
       LIMIT ?
       FOR NO KEY UPDATE SKIP LOCKED
      """;

  static final String EXTEND_RUNNING_LEASES = """
      UPDATE jobs SET lease_expires_at = greatest(lease_expires_at, ? + lease_ttl_ms * interval '1 millisecond')
       WHERE state = 'running'
      """;

  // ---- statistics and retention ----------------------------------------------------------------

  /**
   * Jobs per state other than queued (the routing groups count those), by range scans of the state
   * index: a million queued jobs are not visited here.
   */
  static final String COUNT_NOT_QUEUED = """
      SELECT state, count(*) FROM jobs
       WHERE state IN ('running', 'succeeded', 'failed', 'cancelled')
       GROUP BY state
      """;

  /** The earliest submitted job still queued (a re-queued job keeps its place): one index probe. */
  static final String OLDEST_QUEUED = """
      SELECT created_at FROM jobs WHERE state = 'queued' ORDER BY seq LIMIT 1
      """;

  /**
   * Queued jobs grouped by routing, the largest groups first, each row also carrying the totals
   * over all groups (queued jobs, and those not due at parameter 1). Reads the queued-routing index,
   * so finished jobs are never visited.
   */
  static final String QUEUED_BY_ROUTING = """
      SELECT target_worker, labels, jobs,
             sum(jobs) OVER () AS all_queued, sum(scheduled) OVER () AS all_scheduled
        FROM (SELECT target_worker, labels, count(*) AS jobs, count(*) FILTER (WHERE run_at > ?) AS scheduled
                FROM jobs
               WHERE state = 'queued'
               GROUP BY target_worker, labels) AS routings
       ORDER BY jobs DESC, target_worker NULLS FIRST, labels
       LIMIT ?
      """;

  /**
   * Deletes the earliest finished jobs; their attempts, output and history go with them by
   * {@code ON DELETE CASCADE}. Only terminal jobs have a finish time (a CHECK says so). Rows another
   * coordinator's prune holds are skipped, so concurrent prunes never wait on each other.
   */
  static final String PRUNE_FINISHED = """
      WITH picked AS (
        SELECT seq FROM jobs
         WHERE finished_at < ?
         ORDER BY finished_at
         LIMIT ?
         FOR UPDATE SKIP LOCKED)
      DELETE FROM jobs AS j USING picked WHERE j.seq = picked.seq
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
        + (byLabel ? " AND labels @> ARRAY[?]::text[]" : "")
        + (bySubmitter ? " AND submitted_by = ?" : "")
        + " ORDER BY seq DESC LIMIT ?";
  }

  static final String ATTEMPTS = """
      SELECT * FROM attempts WHERE job_id = ? ORDER BY number
      """;

  static final String EVENTS = """
      SELECT * FROM job_events WHERE job_id = ? ORDER BY seq
      """;

  /** History after a seq and below the horizon (the reader's third step). */
  static final String EVENTS_AFTER = """
      SELECT * FROM job_events WHERE seq > ? AND seq < ? ORDER BY seq LIMIT ?
      """;

  /** Read in arrival order through a cursor; the driver stops fetching once the byte budget is used. */
  static final String OUTPUT_BYTES = """
      SELECT coalesce(sum(octet_length(data)), 0) FROM job_output WHERE job_id = ? AND attempt = ?
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
   * Serialises registrations of one name, so two machines starting together cannot both win it, and
   * orders them (and goodbyes) against that name's claims ({@link #SHARE_WORKER_NAME}).
   */
  static final String LOCK_WORKER_NAME = """
      SELECT pg_advisory_xact_lock(hashtext('relayq.worker:' || ?))
      """;

  /**
   * Taken by claims before they read the worker row: shared among them, exclusive against
   * {@link #LOCK_WORKER_NAME} (registrations, goodbyes), so neither interleaves with a claim.
   */
  static final String SHARE_WORKER_NAME = """
      SELECT pg_advisory_xact_lock_shared(hashtext('relayq.worker:' || ?))
      """;

  /**
   * A new worker, or a new start of one: every start clears draining and stopped. An admin's start
   * (no token name) keeps the name's owner.
   */
  static final String REGISTER_WORKER = """
      INSERT INTO workers (name, worker_id, incarnation, labels, slots, version, host, registered_at,
                           last_heartbeat_at, draining, stopped_at, token_name)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, false, NULL, ?)
      ON CONFLICT (name) DO UPDATE SET
          worker_id = excluded.worker_id, incarnation = excluded.incarnation, labels = excluded.labels,
          slots = excluded.slots, version = excluded.version, host = excluded.host,
          registered_at = excluded.registered_at, last_heartbeat_at = excluded.last_heartbeat_at,
          draining = false, stopped_at = NULL, token_name = coalesce(excluded.token_name, workers.token_name),
          cpu_percent = NULL, free_memory_bytes = NULL, paused_reason = NULL
      """;

  static final String ACTIVE_TOKEN_NAMED = """
      SELECT 1 FROM api_tokens WHERE name = ? AND revoked_at IS NULL
      """;

  static final String LOCK_RUNNING_JOBS_OF_WORKER = """
      SELECT * FROM jobs WHERE state = 'running' AND worker = ? ORDER BY seq FOR NO KEY UPDATE
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
       WHERE state = 'running' AND worker = ? AND cancel_requested
       ORDER BY seq
      """;

  static final String RUNNING_LEASES = """
      SELECT id, attempt FROM jobs WHERE state = 'running' AND worker = ? ORDER BY seq
      """;

  // ---- schedules -------------------------------------------------------------------------------

  static final String CREATE_SCHEDULE = """
      INSERT INTO schedules (id, name, cron, timezone, catch_up, job, paused, next_fire_at, created_at)
      VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?)
      ON CONFLICT (name) DO NOTHING
      """;

  static final String FIND_SCHEDULE = """
      SELECT * FROM schedules WHERE name = ?
      """;

  static final String LIST_SCHEDULES = """
      SELECT * FROM schedules ORDER BY name
      """;

  static final String PAUSE_SCHEDULE = """
      UPDATE schedules SET paused = true WHERE name = ? RETURNING *
      """;

  static final String RESUME_SCHEDULE = """
      UPDATE schedules SET paused = false, next_fire_at = ? WHERE name = ? RETURNING *
      """;

  static final String DELETE_SCHEDULE = """
      DELETE FROM schedules WHERE name = ?
      """;

  static final String DUE_SCHEDULES = """
      SELECT * FROM schedules WHERE NOT paused AND next_fire_at <= ? ORDER BY next_fire_at, name LIMIT ?
      """;

  static final String NEXT_SCHEDULE_FIRE = """
      SELECT next_fire_at FROM schedules WHERE NOT paused ORDER BY next_fire_at LIMIT 1
      """;

  /**
   * The compare-and-set that makes a tick fire once. A concurrent firing waits for the row lock,
   * then re-checks the WHERE on the committed row and changes nothing.
   */
  static final String ADVANCE_SCHEDULE = """
      UPDATE schedules SET next_fire_at = ?
       WHERE id = ? AND next_fire_at = ? AND NOT paused
      """;

  static final String NOTE_SCHEDULE_JOB = """
      UPDATE schedules SET last_fired_at = ?, last_job_id = ? WHERE id = ?
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

  // ---- health and wake-ups ---------------------------------------------------------------------

  static final String CHECK_HEALTH = """
      SELECT count(*) FROM workers
      """;

  static final String LISTEN_JOBS = "LISTEN " + JOBS_CHANNEL;

  // ---- job files -------------------------------------------------------------------------------

  static final String CREATE_BLOB = """
      INSERT INTO file_blobs (id, storage, created_by, created_at) VALUES (?, ?, ?, ?)
      """;

  static final String WRITE_CHUNK = """
      INSERT INTO file_chunks (blob_id, idx, data) VALUES (?, ?, ?)
          ON CONFLICT (blob_id, idx) DO UPDATE SET data = excluded.data
      """;

  static final String READ_CHUNK = """
      SELECT data FROM file_chunks WHERE blob_id = ? AND idx = ?
      """;

  static final String COMPLETE_BLOB = """
      UPDATE file_blobs SET size = ?, sha256 = ?, complete = true WHERE id = ?
      """;

  static final String FIND_BLOB = """
      SELECT * FROM file_blobs WHERE id = ?
      """;

  /**
   * Deletes a blob (its chunks cascade) unless a job uses it; returns its id when it went. A submit
   * linking it at the same moment makes this fail on the foreign key rather than lose the input.
   */
  static final String DELETE_UNUSED_BLOB = """
      DELETE FROM file_blobs
       WHERE id = ? AND NOT EXISTS (SELECT 1 FROM job_files f WHERE f.blob_id = file_blobs.id)
      RETURNING id
      """;

  /** Links an input at submit; inserts nothing unless the upload is complete. */
  static final String ATTACH_INPUT = """
      INSERT INTO job_files (job_id, kind, name, blob_id, attempt)
      SELECT ?, 'input', ?, id, 0 FROM file_blobs WHERE id = ? AND complete
      """;

  static final String ATTACH_OUTPUT = """
      INSERT INTO job_files (job_id, kind, name, blob_id, attempt)
      SELECT ?, 'output', ?, id, ? FROM file_blobs WHERE id = ? AND complete
          ON CONFLICT (job_id, kind, name) DO UPDATE SET blob_id = excluded.blob_id, attempt = excluded.attempt
      """;

  static final String MARK_BLOB_USED = """
      UPDATE file_blobs SET was_used = true WHERE id = ?
      """;

  /** Fences an output on the attempt holding the lease; the lock keeps a finish or expiry from interleaving. */
  static final String LOCK_JOB_LEASE = """
      SELECT state, attempt FROM jobs WHERE id = ? FOR SHARE
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
      SELECT b.* FROM file_blobs b
       WHERE (b.was_used OR b.created_at < ?)
         AND NOT EXISTS (SELECT 1 FROM job_files f WHERE f.blob_id = b.id)
       ORDER BY b.created_at
       LIMIT ?
      """;
}
