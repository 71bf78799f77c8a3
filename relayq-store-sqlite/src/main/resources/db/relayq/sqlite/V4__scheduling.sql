-- Scheduling: preferred workers with a bounded wait, concurrency groups, dependencies.
--
-- The routing columns copy fields of the spec so a claim can test them inside the claim-order
-- index: prefer_until is when the preference ends (NULL: none), waiting_on counts the dependencies
-- that have not succeeded yet (0: free to run).

ALTER TABLE jobs ADD COLUMN prefer_labels TEXT NOT NULL DEFAULT '[]' CHECK (json_type(prefer_labels) = 'array');
ALTER TABLE jobs ADD COLUMN prefer_worker TEXT;
ALTER TABLE jobs ADD COLUMN prefer_until INTEGER;
ALTER TABLE jobs ADD COLUMN group_name TEXT;
ALTER TABLE jobs ADD COLUMN group_limit INTEGER CHECK (group_limit >= 1);
ALTER TABLE jobs ADD COLUMN waiting_on INTEGER NOT NULL DEFAULT 0 CHECK (waiting_on >= 0);

-- A job ends as dependency_failed without ever running (attempt 0). SQLite cannot alter a CHECK,
-- and rebuilding the jobs table would have to know every column other migrations add, so the two
-- CHECKs are widened in place. Only allowed values are added: every stored row still satisfies
-- them, which is what makes this edit safe (SQLite's documented way to relax a constraint).
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(
             replace(sql,
               '''start_failed'', ''released''))',
               '''start_failed'', ''released'', ''dependency_failed''))'),
             'CHECK (state = ''queued'' OR state = ''cancelled'' OR attempt >= 1)',
             'CHECK (state = ''queued'' OR state = ''cancelled'' OR attempt >= 1 OR reason = ''dependency_failed'')')
 WHERE type = 'table' AND name = 'jobs';
PRAGMA writable_schema = OFF;

-- claim order, covering every column a claim checks, so jobs a worker may not take are skipped
-- inside the index
DROP INDEX jobs_claim_order;
CREATE INDEX jobs_claim_order ON jobs (priority DESC, seq, run_at, target_worker, labels, waiting_on, prefer_until,
                                       prefer_worker, prefer_labels, group_name, group_limit)
  WHERE state = 'queued';

-- a group's running jobs, counted by every claim of one of its jobs
CREATE INDEX jobs_running_by_group ON jobs (group_name) WHERE state = 'running' AND group_name IS NOT NULL;

-- who waits for whom; a job's rows go with it when it is pruned
CREATE TABLE job_dependencies (
  job_id     TEXT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  depends_on TEXT NOT NULL,
  PRIMARY KEY (job_id, depends_on)
) WITHOUT ROWID;

CREATE INDEX job_dependencies_by_dependency ON job_dependencies (depends_on);
