-- A message is complained about once: `paperboy bounce` checks for an earlier report of the same
-- message before storing one, but two copies of a report piped at the same instant could both pass that
-- check. The index makes the second insert fail, and the second run finds the first. Copies stored
-- before it are dropped, the earliest kept.
DELETE FROM complaint
 WHERE outbox_id IS NOT NULL
   AND EXISTS (SELECT 1 FROM complaint earlier
                WHERE earlier.subscriber_id = complaint.subscriber_id
                  AND earlier.outbox_id = complaint.outbox_id
                  AND earlier.id < complaint.id);

CREATE UNIQUE INDEX complaint_message_idx ON complaint (subscriber_id, outbox_id);
