-- The first schema: one row per stored article, the extraction keyed by article.
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    doc_id TEXT,
    title TEXT,
    url TEXT,
    source TEXT,
    published TEXT,
    language TEXT,
    text TEXT NOT NULL,
    document TEXT NOT NULL,
    ingested_at TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='id'
);
CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);
END;
CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, title, text)
    VALUES ('delete', old.id, old.title, old.text);
END;

CREATE TABLE entities (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    eid TEXT NOT NULL,
    name TEXT NOT NULL,
    kind TEXT,
    code TEXT,
    country TEXT,
    sector TEXT,
    PRIMARY KEY (article_id, eid)
);
CREATE INDEX entities_code ON entities(code);

CREATE TABLE claims (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    cid TEXT NOT NULL,
    trigger TEXT NOT NULL,
    start INTEGER NOT NULL,
    sentence INTEGER,
    status TEXT,
    certainty TEXT,
    polarity TEXT,
    attribution TEXT,
    time TEXT,
    anchor TEXT,
    cue TEXT,
    PRIMARY KEY (article_id, cid)
);

CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    eid TEXT NOT NULL,
    claim TEXT,
    type TEXT NOT NULL,
    mode TEXT,
    cameo TEXT,
    quad_class INTEGER,
    goldstein REAL,
    actors TEXT NOT NULL,
    recipients TEXT NOT NULL,
    parties TEXT NOT NULL,
    time_value TEXT,
    place TEXT,
    place_country TEXT,
    place_precision TEXT,
    lat REAL,
    lon REAL,
    status TEXT,
    trigger TEXT,
    anchor TEXT,
    cue TEXT,
    confidence REAL,
    UNIQUE (article_id, eid)
);
CREATE INDEX events_type ON events(type);

CREATE TABLE timexes (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    tid TEXT NOT NULL,
    text TEXT,
    type TEXT,
    value TEXT,
    granularity TEXT,
    PRIMARY KEY (article_id, tid)
);

CREATE TABLE quantities (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    qid TEXT NOT NULL,
    text TEXT,
    kind TEXT,
    value REAL,
    unit TEXT,
    measure TEXT,
    between_key TEXT,
    period TEXT,
    approx TEXT,
    PRIMARY KEY (article_id, qid)
);
CREATE INDEX quantities_between ON quantities(between_key);

CREATE TABLE places (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    text TEXT,
    name TEXT,
    country TEXT,
    geonameid INTEGER,
    lat REAL,
    lon REAL,
    feature TEXT,
    PRIMARY KEY (article_id, start)
);

CREATE TABLE errors (
    id INTEGER PRIMARY KEY,
    origin TEXT NOT NULL,
    item_id TEXT,
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    at TEXT NOT NULL
);

-- MinHash bands for near-duplicate look-up; one row per (band, bucket, article).
CREATE TABLE minhash_bands (
    band INTEGER NOT NULL,
    bucket TEXT NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (band, bucket, article_id)
);
CREATE TABLE signatures (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    minhash BLOB NOT NULL
);
CREATE TABLE near_duplicates (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    duplicate_of INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    similarity REAL NOT NULL,
    PRIMARY KEY (article_id, duplicate_of)
);

-- Stories are derived: rebuilt from events and claims, never edited by hand.
CREATE TABLE stories (
    id INTEGER PRIMARY KEY,
    anchor TEXT,
    type TEXT NOT NULL,
    parties TEXT NOT NULL,
    status TEXT NOT NULL,
    first_seen TEXT,
    last_seen TEXT,
    when_value TEXT,
    place TEXT,
    n_reports INTEGER NOT NULL,
    n_sources INTEGER NOT NULL,
    fields TEXT NOT NULL
);
CREATE TABLE story_reports (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    event_id INTEGER REFERENCES events(id) ON DELETE CASCADE,
    claim TEXT,
    evidence TEXT NOT NULL,
    published TEXT
);
CREATE INDEX story_reports_story ON story_reports(story_id);
CREATE TABLE story_status (
    story_id INTEGER NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    status TEXT NOT NULL,
    published TEXT,
    article_id INTEGER,
    PRIMARY KEY (story_id, seq)
);
