-- What the queue's bound and retry policy dropped, kept across restarts so it stays visible.
CREATE TABLE queue_counters (
  station_id            TEXT PRIMARY KEY,
  dropped               INTEGER NOT NULL DEFAULT 0,
  dropped_after_attempts INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
