-- relayq SQLite schema. Instants are epoch milliseconds (INTEGER); labels are JSON arrays of
-- strings; the job spec is the JSON of io.relayq.core.JobSpec. The CHECKs back the state machine:
-- the database refuses a row the machine could never produce.

CREATE TABLE jobs (
  seq              INTEGER PRIMARY KEY AUTOINCREMENT,
  id               TEXT    NOT NULL UNIQUE,
  idempotency_key  TEXT    UNIQUE,
  state            TEXT    NOT NULL
                   CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  spec             TEXT    NOT NULL CHECK (json_valid(spec)),
  priority         INTEGER NOT NULL CHECK (priority BETWEEN -1000 AND 1000),
  target_worker    TEXT,
  labels           TEXT    NOT NULL DEFAULT '[]' CHECK (json_type(labels) = 'array'),
  lease_ttl_ms     INTEGER NOT NULL CHECK (lease_ttl_ms > 0),
  max_attempts     INTEGER NOT NULL CHECK (max_attempts >= 1),
  attempt          INTEGER NOT NULL DEFAULT 0 CHECK (attempt >= 0),
  cancel_requested INTEGER NOT NULL DEFAULT 0 CHECK (cancel_requested IN (0, 1)),
  worker           TEXT,
  created_at       INTEGER NOT NULL,
  run_at           INTEGER NOT NULL,
  started_at       INTEGER,
  finished_at      INTEGER,
  lease_expires_at INTEGER,
  exit_code        INTEGER,
  reason           TEXT
                   CHECK (reason IN ('exit', 'timeout', 'cancelled', 'lost', 'start_failed', 'released')),
  message          TEXT,
  progress         INTEGER CHECK (progress BETWEEN 0 AND 100),
  submitted_by     TEXT,
  -- finished exactly when terminal; leased exactly when running
  CHECK ((finished_at IS NOT NULL) = (state IN ('succeeded', 'failed', 'cancelled'))),
  CHECK ((lease_expires_at IS NOT NULL) = (state = 'running')),
  CHECK (state = 'queued' OR state = 'cancelled' OR attempt >= 1)
);

-- claims walk queued jobs in claim order without sorting
CREATE INDEX jobs_claim_order ON jobs (priority DESC, seq) WHERE state = 'queued';
-- the reaper finds expired leases; workers' running leases
CREATE INDEX jobs_lease_expiry ON jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_running_by_worker ON jobs (worker) WHERE state = 'running';
-- listing newest first, by state or by worker
CREATE INDEX jobs_by_state ON jobs (state, seq);
CREATE INDEX jobs_by_worker ON jobs (worker, seq);

CREATE TABLE attempts (
  job_id     TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  number     INTEGER NOT NULL CHECK (number >= 1),
  worker     TEXT    NOT NULL,
  started_at INTEGER NOT NULL,
  ended_at   INTEGER,
  reason     TEXT
             CHECK (reason IN ('exit', 'timeout', 'cancelled', 'lost', 'start_failed', 'released')),
  exit_code  INTEGER,
  message    TEXT,
  PRIMARY KEY (job_id, number),
  CHECK ((ended_at IS NULL) = (reason IS NULL))
) WITHOUT ROWID;

CREATE TABLE job_output (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id      TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  attempt     INTEGER NOT NULL CHECK (attempt >= 1),
  stream      TEXT    NOT NULL CHECK (stream IN ('stdout', 'stderr')),
  byte_offset INTEGER NOT NULL CHECK (byte_offset >= 0),
  data        BLOB    NOT NULL
);

-- one attempt's chunks in arrival order (seq is the rowid, so it is the index's last key)
CREATE INDEX job_output_by_attempt ON job_output (job_id, attempt);

CREATE TABLE job_events (
  seq     INTEGER PRIMARY KEY AUTOINCREMENT,
  job_id  TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  at      INTEGER NOT NULL,
  type    TEXT    NOT NULL,
  state   TEXT    NOT NULL
          CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  attempt INTEGER NOT NULL,
  worker  TEXT,
  detail  TEXT
);

CREATE INDEX job_events_by_job ON job_events (job_id, seq);

CREATE TABLE workers (
  name              TEXT    PRIMARY KEY,
  worker_id         TEXT    NOT NULL,
  incarnation       TEXT    NOT NULL,
  labels            TEXT    NOT NULL DEFAULT '[]' CHECK (json_type(labels) = 'array'),
  slots             INTEGER NOT NULL CHECK (slots >= 0),
  version           TEXT,
  host              TEXT,
  registered_at     INTEGER NOT NULL,
  last_poll_at      INTEGER,
  last_heartbeat_at INTEGER,
  draining          INTEGER NOT NULL DEFAULT 0 CHECK (draining IN (0, 1)),
  stopped_at        INTEGER
) WITHOUT ROWID;
