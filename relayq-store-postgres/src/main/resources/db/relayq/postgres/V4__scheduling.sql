-- Scheduling: preferred workers with a bounded wait, concurrency groups, dependencies.
--
-- The routing columns copy fields of the spec so a claim can test them without reading the spec:
-- prefer_until is when the preference ends (NULL: none), waiting_on counts the dependencies that
-- have not succeeded yet (0: free to run).

ALTER TABLE jobs
  ADD COLUMN prefer_labels text[]  NOT NULL DEFAULT '{}',
  ADD COLUMN prefer_worker text,
  ADD COLUMN prefer_until  timestamptz,
  ADD COLUMN group_name    text,
  ADD COLUMN group_limit   integer CHECK (group_limit >= 1),
  ADD COLUMN waiting_on    integer NOT NULL DEFAULT 0 CHECK (waiting_on >= 0);

-- a job whose dependency did not succeed ends failed without ever running (attempt 0)
ALTER TABLE jobs DROP CONSTRAINT jobs_reason_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_reason_check
  CHECK (reason IN ('exit', 'timeout', 'cancelled', 'lost', 'start_failed', 'released', 'dependency_failed'));
ALTER TABLE jobs DROP CONSTRAINT jobs_ran_unless_queued_or_cancelled;
ALTER TABLE jobs ADD CONSTRAINT jobs_ran_unless_queued_or_cancelled
  CHECK (state IN ('queued', 'cancelled') OR attempt >= 1 OR reason = 'dependency_failed');

-- a group's running jobs, counted by every claim of one of its jobs
CREATE INDEX jobs_running_by_group ON jobs (group_name) WHERE state = 'running' AND group_name IS NOT NULL;

-- who waits for whom; a job's rows go with it when it is pruned
CREATE TABLE job_dependencies (
  job_id     text NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  depends_on text NOT NULL,
  PRIMARY KEY (job_id, depends_on)
);

CREATE INDEX job_dependencies_by_dependency ON job_dependencies (depends_on);
