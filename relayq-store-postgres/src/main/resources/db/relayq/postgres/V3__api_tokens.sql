-- API tokens: only the SHA-256 of a token is kept, never its text. A name belongs to at most one
-- token that is not revoked; revoked tokens stay for the record. Workers remember the name of the
-- token they registered with, so another worker token cannot act for them.

CREATE TABLE api_tokens (
  hash         text        PRIMARY KEY CHECK (length(hash) = 64),
  name         text        NOT NULL,
  role         text        NOT NULL CHECK (role IN ('admin', 'submit', 'read', 'worker')),
  created_at   timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at   timestamptz
);

CREATE UNIQUE INDEX api_tokens_active_name ON api_tokens (name) WHERE revoked_at IS NULL;

ALTER TABLE workers ADD COLUMN token_name text;
