-- Recurring schedules. next_fire_at is the next tick to fire; coordinators move it on with a
-- compare-and-set in the transaction that submits the tick's job, so each tick fires once however
-- many coordinators look at it.

CREATE TABLE schedules (
  id            TEXT    PRIMARY KEY,
  name          TEXT    NOT NULL UNIQUE,
  cron          TEXT    NOT NULL,
  timezone      TEXT    NOT NULL,
  catch_up      TEXT    NOT NULL CHECK (catch_up IN ('skip', 'once')),
  job           TEXT    NOT NULL CHECK (json_valid(job)),
  paused        INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  next_fire_at  INTEGER NOT NULL,
  created_at    INTEGER NOT NULL,
  last_fired_at INTEGER,
  last_job_id   TEXT
) WITHOUT ROWID;

-- the coordinators' schedule loop: due schedules, and the earliest next tick to sleep until
CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE paused = 0;
