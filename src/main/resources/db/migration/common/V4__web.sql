-- Web sign-ups: their confirmation mails travel through the outbox like digests (durable, retried, the
-- same headers), as rows of kind 'confirm'. A re-sent confirmation is the next resend_no of the same
-- subscriber and date. Both databases know the constraint by the name V3 gave it (H2 lower-cases names).
ALTER TABLE outbox DROP CONSTRAINT outbox_kind_check;
ALTER TABLE outbox ADD CONSTRAINT outbox_kind_check CHECK (kind IN ('digest', 'resend', 'confirm'));
