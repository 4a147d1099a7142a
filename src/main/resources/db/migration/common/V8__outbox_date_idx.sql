-- Status changes (claim, sent) no longer move an entry in a date index: the per-date counts read the rows anyway.
DROP INDEX outbox_date_status_idx;
CREATE INDEX outbox_date_idx ON outbox (digest_date);
