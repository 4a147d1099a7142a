-- Selection reads every subscriber's digests of the last five weeks before each composition: about 35
-- rows a subscriber, 3.5 million at 100,000 subscribers. Read from the table, each row is a look-up of
-- the whole row (recipient, paper list, ...); read from this index, H2 and PostgreSQL answer from the
-- index alone. The papers come from the row's body, which many rows share, instead of its own copy.
CREATE INDEX outbox_history_idx ON outbox (subscriber_id, digest_date, kind, status, window_end, body_id, id);

-- The papers a body was composed with (a JSON array), so that history reads them once per body rather
-- than once per row. A body is stored once per content and paper list (its content_hash covers both
-- from now on); one stored before this script has none, and history reads its rows' own paper_ids.
ALTER TABLE digest_body ADD COLUMN paper_ids VARCHAR(100000);
