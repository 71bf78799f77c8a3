-- What each worker last reported about its machine: CPU load over its recent window, free
-- memory, and why it takes no new work (NULL: it claims as usual).
ALTER TABLE workers
  ADD COLUMN cpu_percent       double precision CHECK (cpu_percent BETWEEN 0 AND 100),
  ADD COLUMN free_memory_bytes bigint CHECK (free_memory_bytes >= 0),
  ADD COLUMN paused_reason     text;

-- The status line that goes with a running job's progress (V1 has the percentage), and when it
-- was last reported; kept after the job ends.
-- A retry is a new job with the same spec, linked both ways.
ALTER TABLE jobs
  ADD COLUMN progress_text    text,
  ADD COLUMN progress_at      timestamptz,
  ADD COLUMN retry_of         text,
  ADD COLUMN retried_as       text;
