-- Job files. A blob is the bytes of one uploaded file: an input uploaded before its job was
-- submitted, or an output a worker collected. Its content lives in file_chunks (storage 'store') or
-- in an S3-compatible bucket. job_files names the blobs a job uses; a submit writes its inputs' rows
-- in its own transaction, so a job never exists without its inputs. Pruning a job drops its rows,
-- and retention then deletes the blobs nothing uses any more.

CREATE TABLE file_blobs (
  id         TEXT    PRIMARY KEY,
  storage    TEXT    NOT NULL,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  size       INTEGER NOT NULL DEFAULT 0 CHECK (size >= 0),
  sha256     TEXT,
  complete   INTEGER NOT NULL DEFAULT 0 CHECK (complete IN (0, 1)),
  -- set once a job used it: from then on, unused means its job is gone
  was_used   INTEGER NOT NULL DEFAULT 0 CHECK (was_used IN (0, 1)),
  CHECK (complete = 0 OR sha256 IS NOT NULL)
) WITHOUT ROWID;

CREATE INDEX file_blobs_by_age ON file_blobs (created_at);

-- a rowid table: chunks are large, which WITHOUT ROWID tables handle badly
CREATE TABLE file_chunks (
  blob_id TEXT    NOT NULL REFERENCES file_blobs (id) ON DELETE CASCADE,
  idx     INTEGER NOT NULL CHECK (idx >= 0),
  data    BLOB    NOT NULL,
  UNIQUE (blob_id, idx)
);

CREATE TABLE job_files (
  job_id  TEXT    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  kind    TEXT    NOT NULL CHECK (kind IN ('input', 'output')),
  name    TEXT    NOT NULL,
  blob_id TEXT    NOT NULL REFERENCES file_blobs (id),
  attempt INTEGER NOT NULL CHECK (attempt >= 0),
  PRIMARY KEY (job_id, kind, name)
) WITHOUT ROWID;

CREATE INDEX job_files_by_blob ON job_files (blob_id);
