-- Subscribers, from the topic file (origin 'file') or the web sign-up (origin 'web'), with a stable opaque
-- id that links, tokens and the outbox use instead of the address. Valid on H2 (PostgreSQL mode) and PostgreSQL.

CREATE TABLE subscriber (
    id              VARCHAR(32)   NOT NULL PRIMARY KEY,  -- 128 random bits, base32: never derived from the address
    email_key       VARCHAR(320)  NOT NULL,              -- the address lower-cased: one row per person
    email           VARCHAR(320)  NOT NULL,              -- the address as last written
    name            VARCHAR(400)  NOT NULL,
    origin          VARCHAR(8)    NOT NULL,
    status          VARCHAR(16)   NOT NULL,
    prefs           TEXT,                                -- JSON preferences of a web subscriber; null for file ones
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    confirmed_at    TIMESTAMP WITH TIME ZONE,            -- double opt-in done (file subscribers: when first synced)
    unsubscribed_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT subscriber_email_key_unique UNIQUE (email_key),
    CONSTRAINT subscriber_origin_check CHECK (origin IN ('file', 'web')),
    CONSTRAINT subscriber_status_check CHECK (status IN ('pending', 'active', 'paused', 'unsubscribed'))
);

CREATE INDEX subscriber_status_idx ON subscriber (status, origin);
