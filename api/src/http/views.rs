//! `/me/views`: saved views, the caller's own named filters of the ticket list ("Mine, open",
//! "Breached"), kept on the server so that they follow the user to another browser. Any
//! role may keep views; a view's filters are the query parameters of `GET /tickets`, checked
//! by the same rules, and a view only ever narrows what the list lets its user see.

use super::caller::Caller;
use super::error::{ApiError, ApiResult, FieldError, Problem};
use super::extract::{parse_json, ValidJson};
use super::tickets::TicketFilters;
use super::AppState;
use crate::store::views::{self, ViewChanges, ViewError};
use crate::store::StoreError;
use actix_web::{delete, get, patch, post, web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// The most views one user keeps.
pub const MAX_VIEWS: usize = 50;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_views)
        .service(create_view)
        .service(update_view)
        .service(delete_view);
}

/// A saved view.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedView {
    /// Identifier.
    pub id: Uuid,
    /// Its name, unique among the user's views (case and accents aside).
    #[schema(min_length = 1, max_length = 80, example = "Mine, open")]
    pub name: String,
    /// The filters: pass them as the query parameters of `GET /tickets` (`assignee: "me"`
    /// stays the user who opens the view).
    pub filters: TicketFilters,
    /// Its place in the user's list, from 0.
    pub position: u32,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

impl SavedView {
    fn of(view: views::SavedView) -> ApiResult<SavedView> {
        let filters = serde_json::from_value(view.filters).map_err(|e| {
            ApiError::internal(format!(
                "saved view {} has filters this server cannot read: {e}",
                view.id
            ))
        })?;
        Ok(SavedView {
            id: view.id,
            name: view.name,
            filters,
            position: view.position,
            created_at: view.created_at,
        })
    }
}

/// The caller's views.
#[derive(Debug, Serialize, ToSchema)]
pub struct SavedViewList {
    /// The views, in the user's order.
    pub items: Vec<SavedView>,
}

/// A new view.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateViewRequest {
    /// Its name, 1 to 80 characters, unique among the caller's views.
    #[validate(length(min = 1, max = 80))]
    #[schema(
        min_length = 1,
        max_length = 80,
        example = "Mine, open",
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub name: String,
    /// The filters, as the query parameters of `GET /tickets` (default none: every ticket).
    #[serde(default)]
    #[schema(value_type = TicketFilters)]
    pub filters: Map<String, Value>,
}

/// Changes to a view; what is left out stays.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateViewRequest {
    /// New name, 1 to 80 characters.
    #[validate(length(min = 1, max = 80))]
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub name: Option<String>,
    /// New filters, replacing all of the old ones.
    #[schema(value_type = Option<TicketFilters>)]
    pub filters: Option<Map<String, Value>>,
    /// New place in the list, from 0 to the last; the other views move to make room.
    #[schema(minimum = 0)]
    pub position: Option<u32>,
}

fn checked_name(name: &str) -> ApiResult<()> {
    if name.trim().is_empty() {
        return Err(ApiError::invalid_field("name", "blank", "must not be blank"));
    }
    Ok(())
}

fn filter_field(error: FieldError) -> FieldError {
    FieldError {
        field: format!("filters.{}", error.field),
        ..error
    }
}

/// Checks filters as the ticket list would and keeps them as given; a bad one is a 422
/// naming `filters.<parameter>`.
fn checked_filters(filters: Map<String, Value>, caller: &Caller) -> ApiResult<Value> {
    let known: Vec<String> = TicketFilters::into_params(|| None)
        .into_iter()
        .map(|parameter| parameter.name)
        .collect();
    if let Some(unknown) = filters.keys().find(|key| !known.contains(key)) {
        return Err(ApiError::invalid_field(
            &format!("filters.{unknown}"),
            "unknown_field",
            format!("`{unknown}` is not a filter; use one of: {}", known.join(", ")),
        ));
    }
    // `null` is the same as leaving a filter out.
    let given = Value::Object(filters.into_iter().filter(|(_, value)| !value.is_null()).collect());
    let parsed: TicketFilters = parse_json(given.to_string().as_bytes()).map_err(|mut err| {
        err.errors = err.errors.into_iter().map(filter_field).collect();
        ApiError::validation(err.errors)
    })?;
    parsed
        .to_filter(caller)
        .map_err(|e| ApiError::validation(vec![filter_field(e)]))?;
    serde_json::to_value(&parsed).map_err(ApiError::internal)
}

fn view_error(err: ViewError) -> ApiError {
    match err {
        ViewError::NameTaken => ApiError {
            errors: vec![FieldError::new(
                "name",
                "name_taken",
                "you already have a view of this name",
            )],
            ..ApiError::conflict("you already have a view of this name")
        },
        ViewError::TooMany { max } => ApiError {
            errors: vec![FieldError::new(
                "(body)",
                "too_many_views",
                format!("you have {max} views, the most one user keeps; delete one first"),
            )],
            ..ApiError::conflict(format!(
                "you have {max} views, the most one user keeps; delete one first"
            ))
        },
        ViewError::PositionOutOfRange { last } => {
            ApiError::invalid_field("position", "out_of_range", format!("must be from 0 to {last}"))
        }
        ViewError::Store(StoreError::NotFound) => ApiError::not_found("view"),
        ViewError::Store(other) => other.into(),
    }
}

/// My saved views, in my order.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's views", body = SavedViewList),
    )
)]
#[get("/me/views")]
pub async fn list_views(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<SavedViewList>> {
    let user = caller.id();
    let found = state.store.run(move |conn| views::list_views(conn, user)).await?;
    Ok(web::Json(SavedViewList {
        items: found.into_iter().map(SavedView::of).collect::<ApiResult<_>>()?,
    }))
}

/// Save a view at the end of my list.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    request_body = CreateViewRequest,
    responses(
        (status = 201, description = "Saved", body = SavedView),
        (status = 409, description = "A view of this name exists (`errors[0].code` `name_taken`), or the caller has 50 views (`too_many_views`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid: a filter is named as `filters.<parameter>`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/views")]
pub async fn create_view(
    state: web::Data<AppState>,
    caller: Caller,
    body: ValidJson<CreateViewRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    checked_name(&body.name)?;
    let filters = checked_filters(body.filters, &caller)?;
    let user = caller.id();
    let view = state
        .store
        .run(move |conn| views::create_view(conn, user, &body.name, &filters, MAX_VIEWS))
        .await
        .map_err(view_error)?;
    Ok(HttpResponse::Created().json(SavedView::of(view)?))
}

/// Rename one of my views, change its filters or move it in my list.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "View id")),
    request_body = UpdateViewRequest,
    responses(
        (status = 200, description = "Changed", body = SavedView),
        (status = 404, description = "No such view among the caller's", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Another of the caller's views has this name (`name_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid: a filter is named as `filters.<parameter>`, a position past the end as `position`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/me/views/{id}")]
pub async fn update_view(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<Uuid>,
    body: ValidJson<UpdateViewRequest>,
) -> ApiResult<web::Json<SavedView>> {
    let body = body.0;
    if let Some(name) = &body.name {
        checked_name(name)?;
    }
    let changes = ViewChanges {
        name: body.name,
        filters: body.filters.map(|f| checked_filters(f, &caller)).transpose()?,
        position: body.position,
    };
    let (user, id) = (caller.id(), path.into_inner());
    let view = state
        .store
        .run(move |conn| views::update_view(conn, user, id, changes))
        .await
        .map_err(view_error)?;
    Ok(web::Json(SavedView::of(view)?))
}

/// Delete one of my views; the ones after it move up.
#[utoipa::path(
    tag = "me",
    security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "View id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 404, description = "No such view among the caller's", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/me/views/{id}")]
pub async fn delete_view(state: web::Data<AppState>, caller: Caller, path: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let (user, id) = (caller.id(), path.into_inner());
    state
        .store
        .run(move |conn| views::delete_view(conn, user, id))
        .await
        .map_err(view_error)?;
    Ok(HttpResponse::NoContent().finish())
}
