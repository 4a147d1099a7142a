-- A body's parts as senders use them: encoded for the wire once (quoted-printable pieces around the
-- recipient fields, or for a mostly non-ASCII part its text for base64), written with the body.
-- Senders read these bytes instead of the body's text; a body stored before this table has none, and
-- its senders encode its text as before.
CREATE TABLE digest_body_wire (
    body_id  BIGINT        NOT NULL PRIMARY KEY REFERENCES digest_body (id),
    subject  VARCHAR(2000) NOT NULL,
    html     BYTEA         NOT NULL,
    text     BYTEA         NOT NULL
);
