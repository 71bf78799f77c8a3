-- Indexes for queues of a million jobs: claims never read the rows of jobs they skip, queue
-- statistics read only indexes and never sort, retention finds old finished jobs without a scan.
-- The claim and statistics statements name their index (INDEXED BY), so the planner cannot trade
-- them for the state index and a sort of every queued job.

-- claim order, covering what a claim checks (start time, target worker, labels): jobs a worker may
-- not take yet are skipped inside the index
DROP INDEX jobs_claim_order;
CREATE INDEX jobs_claim_order ON jobs (priority DESC, seq, run_at, target_worker, labels) WHERE state = 'queued';

-- queue statistics: queued jobs in routing order, so grouping them streams without a sort
CREATE INDEX jobs_queued_routing ON jobs (target_worker, labels, run_at) WHERE state = 'queued';

-- retention: finished jobs by finish time (only terminal jobs have one)
CREATE INDEX jobs_finished ON jobs (finished_at) WHERE finished_at IS NOT NULL;

-- listing by worker: queued jobs that never ran have no worker and need no entry
DROP INDEX jobs_by_worker;
CREATE INDEX jobs_by_worker ON jobs (worker, seq) WHERE worker IS NOT NULL;
