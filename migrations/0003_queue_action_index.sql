-- The oldest queued message of one action (the bound's MeterValues victim) without scanning the queue.
CREATE INDEX tx_queue_station_action ON tx_queue (station_id, action, seq);
