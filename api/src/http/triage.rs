//! `/triage`: the rules that sort incoming tickets, a dry run of them, and the priority matrix.

use super::caller::{Admin, Caller, Staff};
use super::error::{ApiError, ApiResult, FieldError, Problem};
use super::extract::{JsonValue, ValidJson};
use super::language::preferred_language;
use super::tickets::checked_category;
use super::AppState;
use crate::domain::account::Role;
use crate::domain::priority::{Impact, PriorityDecision, PriorityMatrix, PriorityMatrixCell, Urgency};
use crate::domain::ticket::intake;
use crate::domain::ticket_status::{Channel, Kind};
use crate::domain::triage::{
    parse_rule_input, Action, Condition, Decision, Rule, RuleFieldError, RuleInput, TicketFacts, TriageFields,
};
use crate::store::{triage as store, StoreError};
use actix_web::{delete, get, post, put, web, HttpRequest, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_rules)
        .service(create_rule)
        .service(get_rule)
        .service(replace_rule)
        .service(delete_rule)
        .service(preview)
        .service(get_priority_matrix)
        .service(replace_priority_matrix);
}

fn rule_errors(errors: Vec<RuleFieldError>) -> ApiError {
    ApiError::validation(
        errors
            .into_iter()
            .map(|e| FieldError::new(e.field, e.code, e.message))
            .collect(),
    )
}

fn rule_not_found(err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound => ApiError::not_found("triage rule"),
        other => other.into(),
    }
}

async fn checked_rule(state: &AppState, body: &serde_json::Value) -> ApiResult<RuleInput> {
    let input = parse_rule_input(body).map_err(rule_errors)?;
    let problems = input.validate();
    if !problems.is_empty() {
        return Err(rule_errors(problems));
    }
    // Categories are the coverage table's subjects.
    for (index, action) in input.actions.iter().enumerate() {
        if let Action::SetCategory { category } = action {
            checked_category(state, &format!("actions[{index}].category"), Some(category.clone())).await?;
        }
    }
    for (index, condition) in input.conditions.iter().enumerate() {
        if let Condition::CategoryIs { categories } = condition {
            for (position, category) in categories.iter().enumerate() {
                let field = format!("conditions[{index}].categories[{position}]");
                checked_category(state, &field, Some(category.clone())).await?;
            }
        }
    }
    Ok(input)
}

/// The triage rules, in the order they run.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = ["admin", "agent"])),
    responses(
        (status = 200, description = "Rules by position", body = Vec<Rule>),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/triage/rules")]
pub async fn list_rules(state: web::Data<AppState>, _staff: Staff) -> ApiResult<web::Json<Vec<Rule>>> {
    Ok(web::Json(state.store.run(store::list_rules).await?))
}

/// Add a triage rule.
///
/// Conditions (all must match): `text_contains_any` (whole words, case- and accent-insensitive),
/// `channel_is`, `category_is`, `organization_is`, `requester_role_is`, `has_valid_contract`.
/// Actions: `set_kind`, `set_category`, `set_impact`, `set_urgency`, `assign_to`,
/// `add_internal_note`, `stop_processing`. A bad condition or action is named by its path
/// (`conditions[1].words`).
#[utoipa::path(
    tag = "triage",
    security(("bearer" = ["admin"])),
    request_body = RuleInput,
    responses(
        (status = 201, description = "Created", body = Rule),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A condition or action is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/triage/rules")]
pub async fn create_rule(state: web::Data<AppState>, _admin: Admin, body: JsonValue) -> ApiResult<HttpResponse> {
    let input = checked_rule(&state, &body.0).await?;
    let rule = state.store.run(move |conn| store::create_rule(conn, input)).await?;
    Ok(HttpResponse::Created().json(rule))
}

/// One triage rule.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = ["admin", "agent"])),
    params(("id" = Uuid, Path, description = "Rule id")),
    responses(
        (status = 200, description = "The rule", body = Rule),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such rule", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/triage/rules/{id}")]
pub async fn get_rule(state: web::Data<AppState>, _staff: Staff, path: web::Path<Uuid>) -> ApiResult<web::Json<Rule>> {
    let id = path.into_inner();
    Ok(web::Json(
        state
            .store
            .run(move |conn| store::find_rule(conn, id))
            .await
            .map_err(rule_not_found)?,
    ))
}

/// Replace a triage rule.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path, description = "Rule id")),
    request_body = RuleInput,
    responses(
        (status = 200, description = "Replaced", body = Rule),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such rule", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A condition or action is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/triage/rules/{id}")]
pub async fn replace_rule(
    state: web::Data<AppState>,
    _admin: Admin,
    path: web::Path<Uuid>,
    body: JsonValue,
) -> ApiResult<web::Json<Rule>> {
    let input = checked_rule(&state, &body.0).await?;
    let id = path.into_inner();
    let rule = state
        .store
        .run(move |conn| store::replace_rule(conn, id, input))
        .await
        .map_err(rule_not_found)?;
    Ok(web::Json(rule))
}

/// Delete a triage rule; decisions it made stay in the tickets' history.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = ["admin"])),
    params(("id" = Uuid, Path, description = "Rule id")),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "The id is not a UUID", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such rule", body = Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/triage/rules/{id}")]
pub async fn delete_rule(state: web::Data<AppState>, _admin: Admin, path: web::Path<Uuid>) -> ApiResult<HttpResponse> {
    let id = path.into_inner();
    state
        .store
        .run(move |conn| store::delete_rule(conn, id))
        .await
        .map_err(rule_not_found)?;
    Ok(HttpResponse::NoContent().finish())
}

/// A draft ticket to try the rules on.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewRequest {
    /// Subject line.
    #[validate(length(max = 200))]
    #[schema(max_length = 200)]
    pub subject: String,
    /// Description.
    #[validate(length(max = 20000))]
    #[schema(max_length = 20000)]
    pub description: String,
    /// Channel (default `portal`).
    pub channel: Option<Channel>,
    /// Requested category.
    #[validate(length(max = 100))]
    #[schema(max_length = 100)]
    pub category: Option<String>,
    /// The requester's organisation.
    pub organization_id: Option<Uuid>,
    /// The requester's role (default `customer`).
    pub requester_role: Option<Role>,
    /// Whether the organisation has a valid maintenance contract (default false).
    #[serde(default)]
    pub has_valid_contract: bool,
    /// Urgency as stated.
    pub urgency: Option<Urgency>,
}

/// What the rules would do.
#[derive(Debug, Serialize, ToSchema)]
pub struct PreviewResult {
    /// Kind after triage.
    pub kind: Kind,
    /// Category after triage.
    pub category: Option<String>,
    /// Impact after triage.
    pub impact: Option<Impact>,
    /// Urgency after triage.
    pub urgency: Option<Urgency>,
    /// Assignee after triage.
    pub assignee_id: Option<Uuid>,
    /// The priority that would follow.
    pub priority: PriorityDecision,
    /// Internal notes the rules would add.
    pub internal_notes: Vec<String>,
    /// Every decision, structured.
    pub decisions: Vec<Decision>,
    /// Every decision as a sentence in the caller's language.
    pub explanations: Vec<String>,
}

/// Try the rules on a draft ticket. Nothing is saved.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = ["admin", "agent"])),
    request_body = PreviewRequest,
    responses(
        (status = 200, description = "What the rules would do", body = PreviewResult),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/triage/preview")]
pub async fn preview(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    body: ValidJson<PreviewRequest>,
) -> ApiResult<web::Json<PreviewResult>> {
    let body = body.0;
    let (rules, matrix) = state
        .store
        .run(|conn| Ok::<_, StoreError>((store::list_rules(conn)?, store::priority_matrix(conn)?)))
        .await?;
    let facts = TicketFacts {
        subject: body.subject,
        description: body.description,
        channel: body.channel.unwrap_or(Channel::Portal),
        requested_category: body.category.clone(),
        organization_id: body.organization_id,
        requester_role: body.requester_role.unwrap_or(Role::Customer),
        has_valid_contract: body.has_valid_contract,
        fields: TriageFields {
            category: body.category,
            urgency: body.urgency,
            ..TriageFields::default()
        },
    };
    let outcome = intake(&rules, &facts, &matrix, None);
    let language = preferred_language(&req, staff.0.user.language);
    Ok(web::Json(PreviewResult {
        kind: outcome.fields.kind,
        category: outcome.fields.category,
        impact: outcome.fields.impact,
        urgency: outcome.fields.urgency,
        assignee_id: outcome.fields.assignee_id,
        priority: outcome.priority,
        internal_notes: outcome.internal_notes,
        explanations: outcome.decisions.iter().map(|d| d.sentence(language)).collect(),
        decisions: outcome.decisions,
    }))
}

/// The impact × urgency matrix.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityMatrixBody {
    /// One cell per impact and urgency (16).
    pub cells: Vec<PriorityMatrixCell>,
}

/// The priority matrix: which priority follows from each impact and urgency.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The matrix", body = PriorityMatrixBody),
    )
)]
#[get("/priority-matrix")]
pub async fn get_priority_matrix(
    state: web::Data<AppState>,
    _caller: Caller,
) -> ApiResult<web::Json<PriorityMatrixBody>> {
    let matrix = state.store.run(store::priority_matrix).await?;
    Ok(web::Json(PriorityMatrixBody { cells: matrix.cells() }))
}

/// Replace the priority matrix. Existing tickets keep their priority until they change.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = ["admin"])),
    request_body = PriorityMatrixBody,
    responses(
        (status = 200, description = "The new matrix", body = PriorityMatrixBody),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Cells missing or given twice", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/priority-matrix")]
pub async fn replace_priority_matrix(
    state: web::Data<AppState>,
    _admin: Admin,
    body: ValidJson<PriorityMatrixBody>,
) -> ApiResult<web::Json<PriorityMatrixBody>> {
    let matrix = PriorityMatrix::from_cells(&body.0.cells).map_err(|e| {
        ApiError::validation(
            e.problems
                .iter()
                .map(|p| FieldError::new("cells", "matrix", p.to_string()))
                .collect(),
        )
    })?;
    state
        .store
        .run(move |conn| store::replace_priority_matrix(conn, &matrix))
        .await?;
    Ok(web::Json(PriorityMatrixBody { cells: matrix.cells() }))
}
