-- Job files. A blob is the bytes of one uploaded file: an input uploaded before its job was
-- submitted, or an output a worker collected. Its content lives in file_chunks (storage 'store') or
-- in an S3-compatible bucket. job_files names the blobs a job uses; a submit writes its inputs' rows
-- in its own transaction, so a job never exists without its inputs. Pruning a job drops its rows,
-- and retention then deletes the blobs nothing uses any more.

CREATE TABLE file_blobs (
  id         text        PRIMARY KEY,
  storage    text        NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL,
  size       bigint      NOT NULL DEFAULT 0 CHECK (size >= 0),
  sha256     text,
  complete   boolean     NOT NULL DEFAULT false,
  -- set once a job used it: from then on, unused means its job is gone
  was_used   boolean     NOT NULL DEFAULT false,
  CONSTRAINT file_blobs_checksum_when_complete CHECK (NOT complete OR sha256 IS NOT NULL)
);

CREATE INDEX file_blobs_by_age ON file_blobs (created_at);

CREATE TABLE file_chunks (
  blob_id text    NOT NULL REFERENCES file_blobs (id) ON DELETE CASCADE,
  idx     integer NOT NULL CHECK (idx >= 0),
  data    bytea   NOT NULL,
  PRIMARY KEY (blob_id, idx)
);

CREATE TABLE job_files (
  job_id  text    NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
  kind    text    NOT NULL CHECK (kind IN ('input', 'output')),
  name    text    NOT NULL,
  blob_id text    NOT NULL REFERENCES file_blobs (id),
  attempt integer NOT NULL CHECK (attempt >= 0),
  PRIMARY KEY (job_id, kind, name)
);

CREATE INDEX job_files_by_blob ON job_files (blob_id);
