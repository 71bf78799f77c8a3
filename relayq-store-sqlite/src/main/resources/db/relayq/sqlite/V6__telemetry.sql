-- V4 leaves writable_schema in a state that makes a later ALTER TABLE fail; reset it first.
PRAGMA writable_schema = RESET;

-- What each worker last reported about its machine: CPU load over its recent window, free
-- memory, and why it takes no new work (NULL: it claims as usual).
ALTER TABLE workers ADD COLUMN cpu_percent REAL CHECK (cpu_percent BETWEEN 0 AND 100);
ALTER TABLE workers ADD COLUMN free_memory_bytes INTEGER CHECK (free_memory_bytes >= 0);
ALTER TABLE workers ADD COLUMN paused_reason TEXT;

-- The status line that goes with a running job's progress (V1 has the percentage), and when it
-- was last reported; kept after the job ends.
ALTER TABLE jobs ADD COLUMN progress_text TEXT;
ALTER TABLE jobs ADD COLUMN progress_at INTEGER;

-- A retry is a new job with the same spec, linked both ways.
ALTER TABLE jobs ADD COLUMN retry_of TEXT;
ALTER TABLE jobs ADD COLUMN retried_as TEXT;
