-- Recurring schedules. next_fire_at is the next tick to fire; coordinators move it on with a
-- compare-and-set in the transaction that submits the tick's job, so each tick fires once however
-- many coordinators look at it.

CREATE TABLE schedules (
  id            text        PRIMARY KEY,
  name          text        NOT NULL UNIQUE,
  cron          text        NOT NULL,
  timezone      text        NOT NULL,
  catch_up      text        NOT NULL CHECK (catch_up IN ('skip', 'once')),
  job           jsonb       NOT NULL,
  paused        boolean     NOT NULL DEFAULT false,
  next_fire_at  timestamptz NOT NULL,
  created_at    timestamptz NOT NULL,
  last_fired_at timestamptz,
  last_job_id   text
);

-- the coordinators' schedule loop: due schedules, and the earliest next tick to sleep until
CREATE INDEX schedules_due ON schedules (next_fire_at) WHERE NOT paused;
