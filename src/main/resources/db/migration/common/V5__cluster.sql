-- Scale-out (several `serve` nodes on one PostgreSQL): who did the work of each digest, and which
-- nodes stopped cleanly. Valid on H2 (PostgreSQL mode) and PostgreSQL.

-- the node (serve.node_id) that composed the row, and the sender (node#n) that recorded it as sent
ALTER TABLE outbox ADD COLUMN composed_by VARCHAR(200);
ALTER TABLE outbox ADD COLUMN sent_by VARCHAR(200);

-- set when a node stops cleanly; cleared by its next heartbeat
ALTER TABLE node ADD COLUMN stopped_at TIMESTAMP WITH TIME ZONE;
