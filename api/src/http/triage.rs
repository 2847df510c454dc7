//! `/triage`: the rules that sort incoming tickets, a dry run of them, and the priority matrix.

use super::caller::{Admin, Caller, Staff};
use super::error::ErrorCode;
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
use crate::store::{accounts as account_store, triage as store, StoreError};
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
        // Before `/triage/rules/{id}`: "order" is not a rule id.
        .service(reorder_rules)
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
    checked_references(state, &input).await?;
    Ok(input)
}

/// The agents a rule assigns to are active staff, and the organisations it names exist: a
/// rule that pointed at nobody would fail silently on every ticket.
async fn checked_references(state: &AppState, input: &RuleInput) -> ApiResult<()> {
    let mut agents = Vec::new();
    let mut organizations = Vec::new();
    for (index, action) in input.actions.iter().enumerate() {
        if let Action::AssignTo { agent_id } = action {
            agents.push((format!("actions[{index}].agent_id"), *agent_id));
        }
    }
    for (index, condition) in input.conditions.iter().enumerate() {
        if let Condition::OrganizationIs { organization_ids } = condition {
            for (position, id) in organization_ids.iter().enumerate() {
                organizations.push((format!("conditions[{index}].organization_ids[{position}]"), *id));
            }
        }
    }
    if agents.is_empty() && organizations.is_empty() {
        return Ok(());
    }
    let errors = state
        .store
        .run(move |conn| {
            let mut errors = Vec::new();
            for (field, id) in agents {
                match account_store::find_user(conn, id) {
                    Ok(user) if user.role.is_staff() && user.active => {}
                    Ok(_) | Err(StoreError::NotFound) => errors.push(FieldError::new(
                        field,
                        "unknown_agent",
                        format!("{id} is not an active agent or admin"),
                    )),
                    Err(other) => return Err(other),
                }
            }
            for (field, id) in organizations {
                match account_store::find_organization(conn, id) {
                    Ok(_) => {}
                    Err(StoreError::NotFound) => errors.push(FieldError::new(
                        field,
                        "unknown_organization",
                        format!("there is no organisation {id}"),
                    )),
                    Err(other) => return Err(other),
                }
            }
            Ok(errors)
        })
        .await?;
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// A 422 about a rule nested in a larger body, its paths under `prefix` (`draft.rule.name`).
fn nested_rule_error(prefix: &str, err: ApiError) -> ApiError {
    if err.code != ErrorCode::ValidationFailed {
        return err;
    }
    ApiError::validation(
        err.errors
            .into_iter()
            .map(|e| {
                let field = match e.field.as_str() {
                    "$" | "" => prefix.to_owned(),
                    _ => format!("{prefix}.{}", e.field),
                };
                FieldError::new(field, e.code, e.message)
            })
            .collect(),
    )
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
        (status = 422, description = "Beyond the schema: a word without a letter or digit (`no_letters`), a field set by two actions (`duplicate`), a category that is not a subject of the coverage table (`unknown_subject`); each named by its path (`conditions[1].words[0]`)", body = Problem, content_type = "application/problem+json"),
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

/// A new order of the triage rules.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleOrder {
    /// Every rule's id exactly once, in the order the rules are to run.
    #[validate(length(max = 10000))]
    #[schema(max_items = 10000)]
    pub ids: Vec<Uuid>,
}

/// Put the triage rules in a new order, all at once.
///
/// `ids` must name every rule exactly once; the rules then run in that order (their
/// positions become 10, 20, 30, …). Either every position changes or none: a list that
/// misses a rule (say one added meanwhile), names one twice or names an unknown id is refused
/// with 422, naming `ids` or `ids[n]`.
#[utoipa::path(
    tag = "triage",
    security(("bearer" = ["admin"])),
    request_body = RuleOrder,
    responses(
        (status = 200, description = "The rules in their new order", body = Vec<Rule>),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "The ids do not name every rule exactly once", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/triage/rules/order")]
pub async fn reorder_rules(
    state: web::Data<AppState>,
    _admin: Admin,
    body: ValidJson<RuleOrder>,
) -> ApiResult<web::Json<Vec<Rule>>> {
    let ids = body.0.ids;
    let rules = state
        .store
        .run(move |conn| match store::reorder_rules(conn, ids) {
            Ok(rules) => Ok(Ok(rules)),
            Err(store::ReorderError::Invalid(problems)) => Ok(Err(problems)),
            Err(store::ReorderError::Store(err)) => Err(err),
        })
        .await?
        .map_err(rule_errors)?;
    Ok(web::Json(rules))
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
        (status = 422, description = "Beyond the schema: a word without a letter or digit (`no_letters`), a field set by two actions (`duplicate`), a category that is not a subject of the coverage table (`unknown_subject`); each named by its path (`conditions[1].words[0]`)", body = Problem, content_type = "application/problem+json"),
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
    /// An unsaved rule to try with the saved ones (the editor's draft); left out, only the
    /// saved rules run.
    pub draft: Option<PreviewDraft>,
}

/// A rule being edited, tried in the preview as if it were saved.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PreviewDraft {
    /// The rule as it would be saved (the body of `POST /triage/rules`, with the same checks;
    /// problems are named under `draft.rule`, e.g. `draft.rule.conditions[0].words`).
    #[schema(value_type = RuleInput)]
    pub rule: serde_json::Value,
    /// The saved rule it replaces (an edit); left out, the draft is a new rule.
    pub replaces: Option<Uuid>,
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
    /// The id the draft rule ran under (its `rule_id` in `decisions`): the replaced rule's,
    /// or a new one; absent without a draft.
    pub draft_rule_id: Option<Uuid>,
}

/// Try the rules on a draft ticket. Nothing is saved.
///
/// With `draft`, an unsaved rule runs as if it were saved: in place of the rule it
/// `replaces` (an edit) or as a new rule, at its own position among the saved ones. The
/// editor uses this to show which rule fires and why before the admin saves.
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
    let draft = match &body.draft {
        Some(draft) => Some((
            checked_rule(&state, &draft.rule)
                .await
                .map_err(|e| nested_rule_error("draft.rule", e))?,
            draft.replaces,
        )),
        None => None,
    };
    let (mut rules, matrix) = state
        .store
        .run(|conn| Ok::<_, StoreError>((store::list_rules(conn)?, store::priority_matrix(conn)?)))
        .await?;
    let mut draft_rule_id = None;
    if let Some((input, replaces)) = draft {
        let id = match replaces {
            Some(id) => {
                let before = rules.len();
                rules.retain(|rule| rule.id != id);
                if rules.len() == before {
                    return Err(ApiError::invalid_field(
                        "draft.replaces",
                        "unknown_rule",
                        format!("there is no triage rule {id}"),
                    ));
                }
                id
            }
            // As a saved rule would get: later than every id so far (ties go to older rules).
            None => Uuid::now_v7(),
        };
        rules.push(Rule::from_input(id, input));
        draft_rule_id = Some(id);
    }
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
        draft_rule_id,
    }))
}

/// The impact × urgency matrix.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityMatrixBody {
    /// One cell per impact and urgency (16); each pair once (else `matrix`).
    #[schema(min_items = 16, max_items = 16)]
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
    request_body(content = PriorityMatrixBody, example = json!({"cells": [
    {"impact": "low", "urgency": "low", "priority": "low"},
    {"impact": "low", "urgency": "medium", "priority": "low"},
    {"impact": "low", "urgency": "high", "priority": "medium"},
    {"impact": "low", "urgency": "critical", "priority": "medium"},
    {"impact": "medium", "urgency": "low", "priority": "low"},
    {"impact": "medium", "urgency": "medium", "priority": "medium"},
    {"impact": "medium", "urgency": "high", "priority": "medium"},
    {"impact": "medium", "urgency": "critical", "priority": "high"},
    {"impact": "high", "urgency": "low", "priority": "medium"},
    {"impact": "high", "urgency": "medium", "priority": "medium"},
    {"impact": "high", "urgency": "high", "priority": "high"},
    {"impact": "high", "urgency": "critical", "priority": "high"},
    {"impact": "critical", "urgency": "low", "priority": "medium"},
    {"impact": "critical", "urgency": "medium", "priority": "high"},
    {"impact": "critical", "urgency": "high", "priority": "high"},
    {"impact": "critical", "urgency": "critical", "priority": "critical"}
]})),
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
