CREATE TABLE kb_articles (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL,
    -- JSON array of lower-case tags.
    tags TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
    visibility TEXT NOT NULL CHECK (visibility IN ('public', 'customers')),
    comments_open BOOLEAN NOT NULL,
    created_by TEXT REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    published_at TIMESTAMP
);
CREATE UNIQUE INDEX kb_articles_slug ON kb_articles (slug);

CREATE TABLE kb_translations (
    article_id TEXT NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    language TEXT NOT NULL CHECK (language IN ('nl', 'en')),
    title TEXT NOT NULL,
    body_markdown TEXT NOT NULL,
    body_html TEXT NOT NULL,
    search_text TEXT NOT NULL,
    PRIMARY KEY (article_id, language)
);

CREATE TABLE kb_comments (
    id TEXT PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES kb_articles (id) ON DELETE CASCADE,
    author_id TEXT NOT NULL REFERENCES users (id),
    body TEXT NOT NULL,
    hidden BOOLEAN NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX kb_comments_article ON kb_comments (article_id, created_at);

ALTER TABLE kb_translations ADD COLUMN search_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('simple', search_text)) STORED;
CREATE INDEX kb_translations_search ON kb_translations USING GIN (search_tsv);
