-- Durable state of every station of one process, keyed by station id.
-- station_state: one JSON document per (station, key): config, sessions, chargingProfiles, firmware...
CREATE TABLE station_state (
  station_id TEXT NOT NULL,
  key        TEXT NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (station_id, key)
) WITHOUT ROWID;

-- tx_queue: transaction-related messages, persisted before they are sent, in order.
CREATE TABLE tx_queue (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  station_id      TEXT    NOT NULL,
  action          TEXT    NOT NULL,
  payload         TEXT    NOT NULL,
  tx_ref          TEXT    NOT NULL,
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER NOT NULL,
  created_at      INTEGER NOT NULL
);
CREATE INDEX tx_queue_station ON tx_queue (station_id, seq);

-- tx_ids: the central system's transactionId for each local transaction reference.
CREATE TABLE tx_ids (
  station_id     TEXT    NOT NULL,
  tx_ref         TEXT    NOT NULL,
  transaction_id INTEGER NOT NULL,
  PRIMARY KEY (station_id, tx_ref)
) WITHOUT ROWID;

-- queue_meta: the message-id prefix of each station's queue (ids stay stable across restarts).
CREATE TABLE queue_meta (
  station_id TEXT PRIMARY KEY,
  id_prefix  TEXT NOT NULL
) WITHOUT ROWID;
