-- Indexes on the outbox's two references, which H2 creates by itself for every foreign key and
-- PostgreSQL does not: pruning (storage.keep) deletes outbox rows and digest bodies, and each delete
-- checks the rows that refer to them. Without these that check reads the whole outbox, once per row.
-- Versioned 8.1 so that it sorts after the common V8 and before any later common script.
CREATE INDEX outbox_body_idx ON outbox (body_id);
CREATE INDEX outbox_resend_of_idx ON outbox (resend_of);
