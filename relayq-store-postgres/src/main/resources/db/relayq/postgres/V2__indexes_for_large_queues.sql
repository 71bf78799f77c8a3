-- Indexes for queues of a million jobs: queue statistics read queued jobs only, retention finds old
-- finished jobs without a scan, and submits write one index entry fewer.

-- queue statistics: queued jobs in routing order, so grouping them needs no sort and no look at
-- finished jobs
CREATE INDEX jobs_queued_routing ON jobs (target_worker, labels, run_at) WHERE state = 'queued';

-- retention: finished jobs by finish time (only terminal jobs have one)
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;

-- listing by worker: queued jobs that never ran have no worker and need no entry
DROP INDEX jobs_by_worker;
CREATE INDEX jobs_by_worker ON jobs (worker, seq) WHERE worker IS NOT NULL;
