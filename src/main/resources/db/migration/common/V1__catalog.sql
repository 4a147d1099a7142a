-- The paper catalog. One row per distinct paper; its appearances on daily listings in paper_listing.
-- Valid on H2 (PostgreSQL mode) and PostgreSQL alike.

CREATE TABLE paper (
    id           VARCHAR(64)   NOT NULL PRIMARY KEY, -- arXiv id when first known, else t-<hash of title_key>
    arxiv_id     VARCHAR(64),                        -- learnt later if the first source lacked it
    title_key    VARCHAR(64)   NOT NULL,             -- sha-256 (hex) of the normalised title: the dedup key
    title        VARCHAR(4000) NOT NULL,
    abstract     TEXT          NOT NULL,
    authors      TEXT          NOT NULL,             -- JSON array of names
    keywords     TEXT          NOT NULL,             -- JSON array
    github_url   VARCHAR(2000),
    hf_url       VARCHAR(2000),
    upvotes      INTEGER,                            -- highest count any source reported
    source       VARCHAR(2000) NOT NULL,             -- where it was first seen
    first_seen   TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT paper_arxiv_id_unique UNIQUE (arxiv_id),
    CONSTRAINT paper_title_key_unique UNIQUE (title_key)
);

CREATE INDEX paper_first_seen_idx ON paper (first_seen);

CREATE TABLE paper_listing (
    paper_id     VARCHAR(64)   NOT NULL REFERENCES paper (id),
    listed_on    DATE          NOT NULL,
    position     INTEGER       NOT NULL,             -- 1-based rank within that day's listing
    upvotes      INTEGER,
    source       VARCHAR(2000) NOT NULL,
    PRIMARY KEY (paper_id, listed_on)
);

CREATE INDEX paper_listing_listed_on_idx ON paper_listing (listed_on);
