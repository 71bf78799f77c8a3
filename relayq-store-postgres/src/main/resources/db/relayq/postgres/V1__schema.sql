-- relayq PostgreSQL schema. Instants are timestamptz (written at millisecond precision); labels are
-- text[]; the job spec is the JSON of io.relayq.core.JobSpec. The CHECKs back the state machine: the
-- database refuses a row the machine could never produce.

CREATE TABLE jobs (
  seq              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  id               text        NOT NULL UNIQUE,
  idempotency_key  text        UNIQUE,
  state            text        NOT NULL
                   CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  spec             jsonb       NOT NULL,
  priority         integer     NOT NULL CHECK (priority BETWEEN -1000 AND 1000),
  target_worker    text,
  labels           text[]      NOT NULL DEFAULT '{}',
  lease_ttl_ms     bigint      NOT NULL CHECK (lease_ttl_ms > 0),
  max_attempts     integer     NOT NULL CHECK (max_attempts >= 1),
  attempt          integer     NOT NULL DEFAULT 0 CHECK (attempt >= 0),
  cancel_requested boolean     NOT NULL DEFAULT false,
  worker           text,
  created_at       timestamptz NOT NULL,
  run_at           timestamptz NOT NULL,
  started_at       timestamptz,
  finished_at      timestamptz,
  lease_expires_at timestamptz,
  exit_code        integer,
  reason           text
                   CHECK (reason IN ('exit', 'timeout', 'cancelled', 'lost', 'start_failed', 'released')),
  message          text,
  progress         integer     CHECK (progress BETWEEN 0 AND 100),
  submitted_by     text,
  -- finished exactly when terminal; leased exactly when running
  CONSTRAINT jobs_finished_when_terminal
    CHECK ((finished_at IS NOT NULL) = (state IN ('succeeded', 'failed', 'cancelled'))),
  CONSTRAINT jobs_leased_when_running CHECK ((lease_expires_at IS NOT NULL) = (state = 'running')),
  CONSTRAINT jobs_ran_unless_queued_or_cancelled CHECK (state IN ('queued', 'cancelled') OR attempt >= 1)
);

-- claims walk queued jobs in claim order without sorting
CREATE INDEX jobs_claim_order ON jobs (priority DESC, seq) WHERE state = 'queued';
-- the reaper finds expired leases; workers' running leases
CREATE INDEX jobs_lease_expiry ON jobs (lease_expires_at) WHERE state = 'running';
CREATE INDEX jobs_running_by_worker ON jobs (worker) WHERE state = 'running';
-- listing newest first, by state, by worker or by required label
CREATE INDEX jobs_by_state ON jobs (state, seq);
CREATE INDEX jobs_by_worker ON jobs (worker, seq);
CREATE INDEX jobs_by_label ON jobs USING gin (labels);

CREATE TABLE attempts (
  job_id     text        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  number     integer     NOT NULL CHECK (number >= 1),
  worker     text        NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at   timestamptz,
  reason     text
             CHECK (reason IN ('exit', 'timeout', 'cancelled', 'lost', 'start_failed', 'released')),
  exit_code  integer,
  message    text,
  PRIMARY KEY (job_id, number),
  CONSTRAINT attempts_reason_when_ended CHECK ((ended_at IS NULL) = (reason IS NULL))
);

CREATE TABLE job_output (
  seq         bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id      text    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  attempt     integer NOT NULL CHECK (attempt >= 1),
  stream      text    NOT NULL CHECK (stream IN ('stdout', 'stderr')),
  byte_offset bigint  NOT NULL CHECK (byte_offset >= 0),
  data        bytea   NOT NULL,
  -- kept so deduplicating a resent chunk never has to read (and decompress) stored data
  byte_end    bigint  GENERATED ALWAYS AS (byte_offset + octet_length(data)) STORED
);

CREATE INDEX job_output_by_attempt ON job_output (job_id, attempt, seq);

CREATE TABLE job_events (
  seq     bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  job_id  text        NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  at      timestamptz NOT NULL,
  type    text        NOT NULL,
  state   text        NOT NULL
          CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
  attempt integer     NOT NULL,
  worker  text,
  detail  text
);

CREATE INDEX job_events_by_job ON job_events (job_id, seq);

CREATE TABLE workers (
  name              text        PRIMARY KEY,
  worker_id         text        NOT NULL,
  incarnation       text        NOT NULL,
  labels            text[]      NOT NULL DEFAULT '{}',
  slots             integer     NOT NULL CHECK (slots >= 0),
  version           text,
  host              text,
  registered_at     timestamptz NOT NULL,
  last_poll_at      timestamptz,
  last_heartbeat_at timestamptz,
  draining          boolean     NOT NULL DEFAULT false,
  stopped_at        timestamptz
);
