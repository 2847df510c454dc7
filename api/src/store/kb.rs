//! Knowledge-base articles (with a Dutch and/or English text each) and their comments.

use super::accounts::{corrupt, parse_id};
use super::page::{Page, PageRequest};
use super::schema::{kb_articles, kb_comments, kb_translations};
use super::{now, write_transaction, DbConnection, ResultExt, StoreError};
use crate::domain::account::Language;
use crate::domain::kb::{render_markdown, ArticleStatus, Visibility};
use crate::domain::ticket::search_text;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One language version of an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Translation {
    /// `nl` or `en`.
    pub language: Language,
    /// Title.
    pub title: String,
    /// The text as written (Markdown).
    pub body_markdown: String,
    /// The text as sanitised HTML, ready to show.
    pub body_html: String,
}

/// An article with its texts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Article {
    /// Identifier.
    pub id: Uuid,
    /// Its address: `/kb/articles/{slug}`.
    pub slug: String,
    /// Lower-case tags.
    pub tags: Vec<String>,
    /// Draft or published.
    pub status: ArticleStatus,
    /// Public, or logged-in users only.
    pub visibility: Visibility,
    /// Whether logged-in users may comment.
    pub comments_open: bool,
    /// Its texts, Dutch first.
    pub translations: Vec<Translation>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
    /// When it was first published.
    pub published_at: Option<DateTime<Utc>>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = kb_articles)]
struct ArticleRow {
    id: String,
    slug: String,
    tags: String,
    status: String,
    visibility: String,
    comments_open: bool,
    created_by: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    published_at: Option<NaiveDateTime>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = kb_translations)]
struct TranslationRow {
    article_id: String,
    language: String,
    title: String,
    body_markdown: String,
    body_html: String,
}

fn assemble(row: ArticleRow, texts: Vec<TranslationRow>) -> Result<Article, StoreError> {
    let mut translations = texts
        .into_iter()
        .map(|t| {
            Ok(Translation {
                language: t.language.parse().map_err(|e| corrupt("kb_translations.language", e))?,
                title: t.title,
                body_markdown: t.body_markdown,
                body_html: t.body_html,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    translations.sort_by_key(|t| t.language != Language::Nl);
    Ok(Article {
        id: parse_id(&row.id),
        slug: row.slug,
        tags: serde_json::from_str(&row.tags).map_err(|e| corrupt("kb_articles.tags", e))?,
        status: row.status.parse().map_err(|e| corrupt("kb_articles.status", e))?,
        visibility: row
            .visibility
            .parse()
            .map_err(|e| corrupt("kb_articles.visibility", e))?,
        comments_open: row.comments_open,
        translations,
        created_at: row.created_at.and_utc(),
        updated_at: row.updated_at.and_utc(),
        published_at: row.published_at.map(|t| t.and_utc()),
    })
}

/// An article's text as written; the store renders and indexes it.
#[derive(Debug, Clone)]
pub struct TextInput {
    /// Language.
    pub language: Language,
    /// Title.
    pub title: String,
    /// Markdown.
    pub body: String,
}

/// Everything of an article but its id (validated by the caller).
#[derive(Debug, Clone)]
pub struct ArticleInput {
    /// Address.
    pub slug: String,
    /// Normalised tags.
    pub tags: Vec<String>,
    /// Draft or published.
    pub status: ArticleStatus,
    /// Audience.
    pub visibility: Visibility,
    /// Comments allowed.
    pub comments_open: bool,
    /// One text per language.
    pub texts: Vec<TextInput>,
}

fn write_texts(conn: &mut DbConnection, article_id: &str, texts: &[TextInput]) -> Result<(), StoreError> {
    diesel::delete(kb_translations::table.filter(kb_translations::article_id.eq(article_id)))
        .execute(conn)
        .store()?;
    for text in texts {
        diesel::insert_into(kb_translations::table)
            .values((
                kb_translations::article_id.eq(article_id),
                kb_translations::language.eq(text.language.as_str()),
                kb_translations::title.eq(text.title.trim()),
                kb_translations::body_markdown.eq(&text.body),
                kb_translations::body_html.eq(render_markdown(&text.body)),
                kb_translations::search_text.eq(search_text([text.title.as_str(), text.body.as_str()])),
            ))
            .execute(conn)
            .store()?;
    }
    Ok(())
}

/// Creates an article; a taken slug is a [`StoreError::Conflict`].
pub fn create_article(
    conn: &mut DbConnection,
    input: ArticleInput,
    author: Option<Uuid>,
) -> Result<Article, StoreError> {
    write_transaction(conn, |conn| {
        let at = now();
        let row = ArticleRow {
            id: Uuid::now_v7().to_string(),
            slug: input.slug.clone(),
            tags: serde_json::to_string(&input.tags).unwrap_or_else(|_| "[]".into()),
            status: input.status.as_str().into(),
            visibility: input.visibility.as_str().into(),
            comments_open: input.comments_open,
            created_by: author.map(|a| a.to_string()),
            created_at: at,
            updated_at: at,
            published_at: (input.status == ArticleStatus::Published).then_some(at),
        };
        diesel::insert_into(kb_articles::table)
            .values(&row)
            .execute(conn)
            .store()?;
        write_texts(conn, &row.id, &input.texts)?;
        find_article(conn, &input.slug)
    })
}

/// One article by slug.
pub fn find_article(conn: &mut DbConnection, slug: &str) -> Result<Article, StoreError> {
    let row: ArticleRow = kb_articles::table
        .filter(kb_articles::slug.eq(slug))
        .select(ArticleRow::as_select())
        .first(conn)
        .store()?;
    let texts = kb_translations::table
        .filter(kb_translations::article_id.eq(&row.id))
        .select(TranslationRow::as_select())
        .load(conn)
        .store()?;
    assemble(row, texts)
}

/// Replaces an article's fields and texts (the slug may change).
pub fn update_article(conn: &mut DbConnection, slug: &str, input: ArticleInput) -> Result<Article, StoreError> {
    write_transaction(conn, |conn| {
        let current = find_article(conn, slug)?;
        let at = now();
        let published_at = match (current.published_at, input.status) {
            (Some(first), _) => Some(first.naive_utc()),
            (None, ArticleStatus::Published) => Some(at),
            (None, ArticleStatus::Draft) => None,
        };
        diesel::update(kb_articles::table.find(current.id.to_string()))
            .set((
                kb_articles::slug.eq(&input.slug),
                kb_articles::tags.eq(serde_json::to_string(&input.tags).unwrap_or_else(|_| "[]".into())),
                kb_articles::status.eq(input.status.as_str()),
                kb_articles::visibility.eq(input.visibility.as_str()),
                kb_articles::comments_open.eq(input.comments_open),
                kb_articles::updated_at.eq(at),
                kb_articles::published_at.eq(published_at),
            ))
            .execute(conn)
            .store()?;
        write_texts(conn, &current.id.to_string(), &input.texts)?;
        find_article(conn, &input.slug)
    })
}

/// Deletes an article with its texts and comments.
pub fn delete_article(conn: &mut DbConnection, slug: &str) -> Result<(), StoreError> {
    write_transaction(conn, |conn| {
        let article = find_article(conn, slug)?;
        let id = article.id.to_string();
        diesel::delete(kb_comments::table.filter(kb_comments::article_id.eq(&id)))
            .execute(conn)
            .store()?;
        diesel::delete(kb_translations::table.filter(kb_translations::article_id.eq(&id)))
            .execute(conn)
            .store()?;
        diesel::delete(kb_articles::table.find(&id)).execute(conn).store()?;
        Ok(())
    })
}

/// What a reader may list.
#[derive(Debug, Clone, Default)]
pub struct ArticleFilter {
    /// Staff see drafts too.
    pub include_drafts: bool,
    /// Logged-in readers see articles for customers too.
    pub include_customer_only: bool,
    /// Only articles with a text in this language.
    pub language: Option<Language>,
    /// Only articles with this tag.
    pub tag: Option<String>,
    /// Folded search words; each must match a word prefix of a title or body.
    pub terms: Vec<String>,
}

/// Articles by slug, as the filter allows.
pub fn list_articles(
    conn: &mut DbConnection,
    filter: &ArticleFilter,
    page: &PageRequest,
) -> Result<Page<Article>, StoreError> {
    let mut query = kb_articles::table.select(ArticleRow::as_select()).into_boxed();
    if !filter.include_drafts {
        query = query.filter(kb_articles::status.eq(ArticleStatus::Published.as_str()));
    }
    if !filter.include_customer_only {
        query = query.filter(kb_articles::visibility.eq(Visibility::Public.as_str()));
    }
    if let Some(tag) = &filter.tag {
        // Tags are a JSON array of strings without quotes inside them.
        let needle = format!("%\"{}\"%", tag.replace(['%', '_', '"', '\\'], ""));
        query = query.filter(kb_articles::tags.like(needle));
    }
    if let Some(language) = filter.language {
        let with_language = kb_translations::table
            .filter(kb_translations::language.eq(language.as_str()))
            .select(kb_translations::article_id);
        query = query.filter(kb_articles::id.eq_any(with_language));
    }
    if !filter.terms.is_empty() {
        let ids = matching_article_ids(conn, &filter.terms)?;
        query = query.filter(kb_articles::id.eq_any(ids));
    }
    if let Some([slug, _]) = page.after.as_deref() {
        query = query.filter(kb_articles::slug.gt(slug.clone()));
    }
    let rows: Vec<ArticleRow> = query
        .order(kb_articles::slug)
        .limit(i64::from(page.limit) + 1)
        .load(conn)
        .store()?;
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut texts: Vec<TranslationRow> = kb_translations::table
        .filter(kb_translations::article_id.eq_any(&ids))
        .select(TranslationRow::as_select())
        .load(conn)
        .store()?;
    let mut articles = Vec::with_capacity(rows.len());
    for row in rows {
        let (own, rest): (Vec<_>, Vec<_>) = texts.into_iter().partition(|t| t.article_id == row.id);
        texts = rest;
        articles.push(assemble(row, own)?);
    }
    Ok(Page::from_rows(articles, page.limit, |a| {
        vec![a.slug.clone(), a.id.to_string()]
    }))
}

/// Ids of articles whose title or body has every term (word prefixes), via each backend's
/// full-text index.
fn matching_article_ids(conn: &mut DbConnection, terms: &[String]) -> Result<Vec<String>, StoreError> {
    #[derive(QueryableByName)]
    struct IdRow {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
    }
    // Terms are folded runs of letters and digits: safe to quote without escaping.
    let rows: Vec<IdRow> = match conn {
        DbConnection::Sqlite(c) => {
            let query: Vec<String> = terms.iter().map(|t| format!("\"{t}\"*")).collect();
            diesel::sql_query(
                "SELECT t.article_id AS id FROM kb_search JOIN kb_translations t ON t.rowid = kb_search.rowid \
                 WHERE kb_search MATCH ? ORDER BY kb_search.rank",
            )
            .bind::<diesel::sql_types::Text, _>(query.join(" AND "))
            .load(c)
            .store()?
        }
        DbConnection::Postgres(c) => {
            let query: Vec<String> = terms.iter().map(|t| format!("{t}:*")).collect();
            diesel::sql_query(
                "SELECT article_id AS id FROM kb_translations WHERE search_tsv @@ to_tsquery('simple', $1)",
            )
            .bind::<diesel::sql_types::Text, _>(query.join(" & "))
            .load(c)
            .store()?
        }
    };
    Ok(rows.into_iter().map(|r| r.id).collect())
}

/// A comment on an article.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ArticleComment {
    /// Identifier.
    pub id: Uuid,
    /// Who wrote it.
    pub author_id: Uuid,
    /// The text.
    pub body: String,
    /// Hidden by staff (only staff see hidden comments).
    pub hidden: bool,
    /// When.
    pub created_at: DateTime<Utc>,
}

/// Adds a comment.
pub fn add_comment(
    conn: &mut DbConnection,
    article_id: Uuid,
    author: Uuid,
    body: &str,
) -> Result<ArticleComment, StoreError> {
    let comment = ArticleComment {
        id: Uuid::now_v7(),
        author_id: author,
        body: body.trim().to_owned(),
        hidden: false,
        created_at: now().and_utc(),
    };
    diesel::insert_into(kb_comments::table)
        .values((
            kb_comments::id.eq(comment.id.to_string()),
            kb_comments::article_id.eq(article_id.to_string()),
            kb_comments::author_id.eq(author.to_string()),
            kb_comments::body.eq(&comment.body),
            kb_comments::hidden.eq(false),
            kb_comments::created_at.eq(comment.created_at.naive_utc()),
        ))
        .execute(conn)
        .store()?;
    Ok(comment)
}

/// An article's comments, oldest first; hidden ones only when asked for.
pub fn list_comments(
    conn: &mut DbConnection,
    article_id: Uuid,
    include_hidden: bool,
) -> Result<Vec<ArticleComment>, StoreError> {
    let mut query = kb_comments::table
        .filter(kb_comments::article_id.eq(article_id.to_string()))
        .into_boxed();
    if !include_hidden {
        query = query.filter(kb_comments::hidden.eq(false));
    }
    let rows: Vec<(String, String, String, bool, NaiveDateTime)> = query
        .order((kb_comments::created_at, kb_comments::id))
        .select((
            kb_comments::id,
            kb_comments::author_id,
            kb_comments::body,
            kb_comments::hidden,
            kb_comments::created_at,
        ))
        .load(conn)
        .store()?;
    Ok(rows
        .into_iter()
        .map(|(id, author, body, hidden, at)| ArticleComment {
            id: parse_id(&id),
            author_id: parse_id(&author),
            body,
            hidden,
            created_at: at.and_utc(),
        })
        .collect())
}

/// Hides or shows a comment of the article.
pub fn set_comment_hidden(
    conn: &mut DbConnection,
    article_id: Uuid,
    comment_id: Uuid,
    hidden: bool,
) -> Result<(), StoreError> {
    let changed = diesel::update(
        kb_comments::table
            .filter(kb_comments::id.eq(comment_id.to_string()))
            .filter(kb_comments::article_id.eq(article_id.to_string())),
    )
    .set(kb_comments::hidden.eq(hidden))
    .execute(conn)
    .store()?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(())
}
