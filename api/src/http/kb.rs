//! `/kb/articles`: the knowledge base. Public articles are readable without logging in;
//! articles for customers need a login; drafts are for staff. Comments on open articles by
//! logged-in users; staff hide comments.

use super::caller::{Caller, MaybeCaller, Staff};
use super::error::{ApiError, ApiResult, ErrorCode, Problem};
use super::extract::{encode_cursor, PageQuery, ValidJson};
use super::language::preferred_language;
use super::AppState;
use crate::domain::account::Language;
use crate::domain::kb::{can_read, check_slug, comments_closed, normalize_tags, ArticleStatus, Visibility};
use crate::domain::ticket::search_terms;
use crate::store::kb::{self, Article, ArticleComment, ArticleFilter, ArticleInput, TextInput};
use crate::store::StoreError;
use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_articles)
        .service(create_article)
        .service(get_article)
        .service(replace_article)
        .service(delete_article)
        .service(list_article_comments)
        .service(add_article_comment)
        .service(hide_article_comment)
        .service(show_article_comment);
}

fn article_not_found(err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound => ApiError::not_found("article"),
        StoreError::Conflict(_) => ApiError::conflict("another article has this slug"),
        other => other.into(),
    }
}

/// Loads an article the reader may read; anything else is "not found".
async fn readable(state: &AppState, reader: &Option<Caller>, slug: String) -> ApiResult<Article> {
    let article = state
        .store
        .run(move |conn| kb::find_article(conn, &slug))
        .await
        .map_err(article_not_found)?;
    if can_read(article.status, article.visibility, reader.as_ref().map(Caller::role)) {
        Ok(article)
    } else {
        Err(ApiError::not_found("article"))
    }
}

/// Filters of the article list.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ArticleQuery {
    /// Only articles with a text in this language.
    pub lang: Option<Language>,
    /// Only articles with this tag.
    pub tag: Option<String>,
    /// Full-text search in titles and bodies (accent- and case-insensitive).
    pub q: Option<String>,
    /// Items per page, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// A page of articles.
#[derive(Debug, Serialize, ToSchema)]
pub struct ArticlePage {
    /// Articles by slug.
    pub items: Vec<Article>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// List or search articles (no login needed for public ones).
#[utoipa::path(
    tag = "knowledge base",
    security((), ("bearer" = [])),
    params(ArticleQuery),
    responses(
        (status = 200, description = "Articles the reader may read", body = ArticlePage),
        (status = 400, description = "Bad filter, limit or cursor", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A token was sent but is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kb/articles")]
pub async fn list_articles(
    state: web::Data<AppState>,
    reader: MaybeCaller,
    query: web::Query<ArticleQuery>,
) -> ApiResult<web::Json<ArticlePage>> {
    let query = query.into_inner();
    let page = PageQuery {
        limit: query.limit,
        cursor: query.cursor,
    }
    .to_request()?;
    let terms = query.q.as_deref().map(search_terms).unwrap_or_default();
    if query.q.as_deref().is_some_and(|q| !q.trim().is_empty()) && terms.is_empty() {
        return Err(ApiError::new(
            ErrorCode::InvalidParameter,
            "`q`: give at least one word",
        ));
    }
    let filter = ArticleFilter {
        include_drafts: reader.0.as_ref().is_some_and(|c| c.role().is_staff()),
        include_customer_only: reader.0.is_some(),
        language: query.lang,
        tag: query.tag.map(|t| t.trim().to_lowercase()),
        terms,
    };
    let page = state
        .store
        .run(move |conn| kb::list_articles(conn, &filter, &page))
        .await?;
    Ok(web::Json(ArticlePage {
        items: page.items,
        next_cursor: page.next.as_ref().map(encode_cursor),
    }))
}

/// One language version of an article, as written.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextBody {
    /// `nl` or `en`.
    pub language: Language,
    /// Title.
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub title: String,
    /// The text in Markdown (HTML in it is sanitised when shown).
    #[validate(length(min = 1, max = 100000))]
    #[schema(min_length = 1, max_length = 100000)]
    pub body: String,
}

/// An article as staff write it.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleBody {
    /// Its address: lower-case letters, digits and hyphens.
    #[schema(min_length = 1, max_length = 100, pattern = "^[a-z0-9]+(-[a-z0-9]+)*$")]
    pub slug: String,
    /// Tags.
    #[serde(default)]
    #[validate(length(max = 20))]
    #[schema(max_items = 20)]
    pub tags: Vec<String>,
    /// Draft (default) or published.
    pub status: Option<ArticleStatus>,
    /// Public (default) or for logged-in users.
    pub visibility: Option<Visibility>,
    /// Whether comments are allowed (default true).
    pub comments_open: Option<bool>,
    /// The texts: one per language, at least one.
    #[validate(nested)]
    #[schema(min_items = 1, max_items = 2)]
    pub translations: Vec<TextBody>,
}

fn checked_article(body: ArticleBody) -> ApiResult<ArticleInput> {
    check_slug(&body.slug).map_err(|e| ApiError::invalid_field("slug", "slug", e.to_string()))?;
    if body.translations.is_empty() || body.translations.len() > 2 {
        return Err(ApiError::invalid_field(
            "translations",
            "length",
            "give one text per language: Dutch, English or both",
        ));
    }
    if body.translations.len() == 2 && body.translations[0].language == body.translations[1].language {
        return Err(ApiError::invalid_field(
            "translations[1].language",
            "duplicate",
            "one text per language",
        ));
    }
    if body.tags.iter().any(|t| t.chars().count() > 40) {
        return Err(ApiError::invalid_field(
            "tags",
            "length",
            "a tag has at most 40 characters",
        ));
    }
    for (index, text) in body.translations.iter().enumerate() {
        if text.title.trim().is_empty() {
            return Err(ApiError::invalid_field(
                &format!("translations[{index}].title"),
                "blank",
                "must not be blank",
            ));
        }
    }
    Ok(ArticleInput {
        slug: body.slug,
        tags: normalize_tags(&body.tags),
        status: body.status.unwrap_or(ArticleStatus::Draft),
        visibility: body.visibility.unwrap_or(Visibility::Public),
        comments_open: body.comments_open.unwrap_or(true),
        texts: body
            .translations
            .into_iter()
            .map(|t| TextInput {
                language: t.language,
                title: t.title,
                body: t.body,
            })
            .collect(),
    })
}

/// Write an article.
#[utoipa::path(
    tag = "knowledge base",
    security(("bearer" = ["admin", "agent"])),
    request_body = ArticleBody,
    responses(
        (status = 201, description = "Created", body = Article),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The slug is taken", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/kb/articles")]
pub async fn create_article(
    state: web::Data<AppState>,
    staff: Staff,
    body: ValidJson<ArticleBody>,
) -> ApiResult<HttpResponse> {
    let input = checked_article(body.0)?;
    let author = staff.0.id();
    let article = state
        .store
        .run(move |conn| kb::create_article(conn, input, Some(author)))
        .await
        .map_err(article_not_found)?;
    Ok(HttpResponse::Created().json(article))
}

/// Read an article (no login needed for a public one).
#[utoipa::path(
    tag = "knowledge base",
    security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "The article's slug")),
    responses(
        (status = 200, description = "The article", body = Article),
        (status = 401, description = "A token was sent but is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article the reader may read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kb/articles/{slug}")]
pub async fn get_article(
    state: web::Data<AppState>,
    reader: MaybeCaller,
    path: web::Path<String>,
) -> ApiResult<web::Json<Article>> {
    Ok(web::Json(readable(&state, &reader.0, path.into_inner()).await?))
}

/// Replace an article (its slug may change).
#[utoipa::path(
    tag = "knowledge base",
    security(("bearer" = ["admin", "agent"])),
    params(("slug" = String, Path, description = "The article's slug")),
    request_body = ArticleBody,
    responses(
        (status = 200, description = "Replaced", body = Article),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The new slug is taken", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/kb/articles/{slug}")]
pub async fn replace_article(
    state: web::Data<AppState>,
    _staff: Staff,
    path: web::Path<String>,
    body: ValidJson<ArticleBody>,
) -> ApiResult<web::Json<Article>> {
    let input = checked_article(body.0)?;
    let slug = path.into_inner();
    let article = state
        .store
        .run(move |conn| kb::update_article(conn, &slug, input))
        .await
        .map_err(article_not_found)?;
    Ok(web::Json(article))
}

/// Delete an article with its comments.
#[utoipa::path(
    tag = "knowledge base",
    security(("bearer" = ["admin", "agent"])),
    params(("slug" = String, Path, description = "The article's slug")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/kb/articles/{slug}")]
pub async fn delete_article(
    state: web::Data<AppState>,
    _staff: Staff,
    path: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let slug = path.into_inner();
    state
        .store
        .run(move |conn| kb::delete_article(conn, &slug))
        .await
        .map_err(article_not_found)?;
    Ok(HttpResponse::NoContent().finish())
}

/// An article's comments (staff also see hidden ones).
#[utoipa::path(
    tag = "knowledge base",
    security((), ("bearer" = [])),
    params(("slug" = String, Path, description = "The article's slug")),
    responses(
        (status = 200, description = "Comments, oldest first", body = Vec<ArticleComment>),
        (status = 401, description = "A token was sent but is invalid", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such article the reader may read", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/kb/articles/{slug}/comments")]
pub async fn list_article_comments(
    state: web::Data<AppState>,
    reader: MaybeCaller,
    path: web::Path<String>,
) -> ApiResult<web::Json<Vec<ArticleComment>>> {
    let article = readable(&state, &reader.0, path.into_inner()).await?;
    let staff = reader.0.as_ref().is_some_and(|c| c.role().is_staff());
    Ok(web::Json(
        state
            .store
            .run(move |conn| kb::list_comments(conn, article.id, staff))
            .await?,
    ))
}

/// A comment.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ArticleCommentBody {
    /// The text.
    #[validate(length(min = 1, max = 5000))]
    #[schema(
        min_length = 1,
        max_length = 5000,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub body: String,
}

/// Comment on an article (logged-in users; refused with 409 when the article is closed for
/// comments, in the caller's language).
#[utoipa::path(
    tag = "knowledge base",
    security(("bearer" = [])),
    params(("slug" = String, Path, description = "The article's slug")),
    request_body = ArticleCommentBody,
    responses(
        (status = 201, description = "Added", body = ArticleComment),
        (status = 404, description = "No such article the reader may read", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The article is closed for comments", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The comment is empty or too long", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/kb/articles/{slug}/comments")]
pub async fn add_article_comment(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<ArticleCommentBody>,
) -> ApiResult<HttpResponse> {
    let article = readable(&state, &Some(caller.clone()), path.into_inner()).await?;
    if !article.comments_open {
        let language = preferred_language(&req, caller.user.language);
        return Err(ApiError::conflict(comments_closed(language)));
    }
    if body.0.body.trim().is_empty() {
        return Err(ApiError::invalid_field("body", "blank", "must not be blank"));
    }
    let author = caller.id();
    let comment = state
        .store
        .run(move |conn| kb::add_comment(conn, article.id, author, &body.0.body))
        .await?;
    Ok(HttpResponse::Created().json(comment))
}

async fn set_hidden(state: &AppState, slug: String, comment: Uuid, hidden: bool) -> ApiResult<HttpResponse> {
    state
        .store
        .run(move |conn| {
            let article = kb::find_article(conn, &slug)?;
            kb::set_comment_hidden(conn, article.id, comment, hidden)
        })
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("comment"),
            other => other.into(),
        })?;
    Ok(HttpResponse::NoContent().finish())
}

/// Hide a comment (moderation); readers no longer see it.
#[utoipa::path(
    tag = "knowledge base",
    security(("bearer" = ["admin", "agent"])),
    params(
        ("slug" = String, Path, description = "The article's slug"),
        ("id" = Uuid, Path, description = "Comment id"),
    ),
    responses(
        (status = 204, description = "Hidden"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/kb/articles/{slug}/comments/{id}/hide")]
pub async fn hide_article_comment(
    state: web::Data<AppState>,
    _staff: Staff,
    path: web::Path<(String, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    set_hidden(&state, slug, id, true).await
}

/// Show a hidden comment again.
#[utoipa::path(
    tag = "knowledge base",
    security(("bearer" = ["admin", "agent"])),
    params(
        ("slug" = String, Path, description = "The article's slug"),
        ("id" = Uuid, Path, description = "Comment id"),
    ),
    responses(
        (status = 204, description = "Shown"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such comment", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/kb/articles/{slug}/comments/{id}/show")]
pub async fn show_article_comment(
    state: web::Data<AppState>,
    _staff: Staff,
    path: web::Path<(String, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (slug, id) = path.into_inner();
    set_hidden(&state, slug, id, false).await
}
