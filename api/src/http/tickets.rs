//! `/tickets`: logging questions, following them by reference, the agent queue, comments and
//! internal notes, history, and triage on demand.

use super::caller::{Caller, Staff};
use super::error::{ApiError, ApiResult, ErrorCode, FieldError, Problem};
use super::extract::{encode_cursor, PageQuery, ValidJson};
use super::language::preferred_language;
use super::AppState;
use crate::domain::account::{Language, Role};
use crate::domain::priority::{Impact, Priority, PriorityMatrix, Urgency};
use crate::domain::ticket::{intake, is_reference, priority_of, search_terms};
use crate::domain::ticket_status::{self, ActorKind, Channel, Kind, TicketStatus};
use crate::domain::triage::{self, Change, Decision, TicketFacts, TriageFields};
use crate::store::accounts::{self, User};
use crate::store::page::PageRequest;
use crate::store::ticket_intake::{covered_today, IntakeSettings};
use crate::store::tickets::{
    self, Comment, NewComment, NewEvent, NewTicket, Ticket, TicketEvent, TicketFilter, TicketScope, TicketUpdate,
};
use crate::store::{triage as triage_store, StoreError};
use actix_web::{get, patch, post, web, HttpRequest, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;
use validator::Validate;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_tickets)
        .service(create_ticket)
        .service(get_ticket)
        .service(update_ticket)
        .service(list_comments)
        .service(add_comment)
        .service(list_events)
        .service(run_triage);
}

/// Which tickets the caller may see.
pub fn scope_of(caller: &Caller) -> TicketScope {
    match caller.role() {
        Role::Admin | Role::Agent => TicketScope::Everything,
        Role::CustomerAdmin => TicketScope::Organization(caller.organization_scope().unwrap_or(Uuid::nil())),
        Role::Customer => TicketScope::Requester(caller.id()),
    }
}

fn actor_kind(caller: &Caller) -> ActorKind {
    if caller.role().is_staff() {
        ActorKind::Staff
    } else {
        ActorKind::Customer
    }
}

pub(crate) fn checked_reference(reference: &str) -> ApiResult<()> {
    checked_reference_in("reference", reference)
}

/// 400 naming the parameter `name` unless `reference` is a ticket reference.
pub(crate) fn checked_reference_in(name: &str, reference: &str) -> ApiResult<()> {
    if is_reference(reference) {
        Ok(())
    } else {
        Err(ApiError::invalid_parameter(
            name,
            "pattern",
            "is not a ticket reference (they look like 2026-000123)",
        ))
    }
}

fn ticket_not_found(err: StoreError) -> ApiError {
    match err {
        StoreError::NotFound => ApiError::not_found("ticket"),
        other => other.into(),
    }
}

/// Refuses fields a customer may not set, naming them.
fn refuse_staff_fields(caller: &Caller, fields: &[(&str, bool)]) -> ApiResult<()> {
    if caller.role().is_staff() {
        return Ok(());
    }
    let given: Vec<&str> = fields
        .iter()
        .filter(|(_, present)| *present)
        .map(|(name, _)| *name)
        .collect();
    if given.is_empty() {
        Ok(())
    } else {
        Err(ApiError::forbidden(format!(
            "these fields are for staff: {}",
            given.join(", ")
        )))
    }
}

/// Distinguishes "absent" (`None`) from "null" (`Some(None)`) in a PATCH body.
fn nullable<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

async fn active_user(state: &AppState, id: Uuid) -> ApiResult<Option<User>> {
    match state.store.run(move |conn| accounts::find_user(conn, id)).await {
        Ok(user) if user.active => Ok(Some(user)),
        Ok(_) | Err(StoreError::NotFound) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

async fn checked_assignee(state: &AppState, id: Uuid) -> ApiResult<Uuid> {
    match active_user(state, id).await? {
        Some(user) if user.role.is_staff() => Ok(user.id),
        _ => Err(ApiError::invalid_field(
            "assignee_id",
            "not_an_agent",
            "no active agent has this id",
        )),
    }
}

/// A new question.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTicketRequest {
    /// Subject line.
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub subject: String,
    /// The question or problem, in full.
    #[validate(length(min = 1, max = 20000))]
    #[schema(min_length = 1, max_length = 20000)]
    pub description: String,
    /// How urgent it is for the customer (default medium).
    pub urgency: Option<Urgency>,
    /// Category (billing subject), if the requester knows it.
    #[validate(length(min = 1, max = 100))]
    #[schema(min_length = 1, max_length = 100)]
    pub category: Option<String>,
    /// Staff only: the customer user the ticket is for (phone intake). Required for staff.
    pub requester_id: Option<Uuid>,
    /// Staff only: how it came in (default `phone` for staff, `portal` or `api` for customers).
    pub channel: Option<Channel>,
    /// Staff only: the kind, overriding triage.
    pub kind: Option<Kind>,
    /// Staff only: the impact.
    pub impact: Option<Impact>,
    /// Staff only: a priority overriding the matrix.
    pub priority: Option<Priority>,
    /// Staff only: the agent to assign.
    pub assignee_id: Option<Uuid>,
}

/// A ticket with the triage decisions taken on it, in the caller's language.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketWithDecisions {
    /// The ticket.
    pub ticket: Ticket,
    /// What the triage rules did ("kind set to issue by rule 'Defect words' — matched 'foutmelding'").
    pub decisions: Vec<String>,
}

fn sentences(decisions: &[Decision], language: Language) -> Vec<String> {
    decisions.iter().map(|d| d.sentence(language)).collect()
}

/// A new ticket before intake.
pub(crate) struct Draft {
    /// Subject line, trimmed.
    pub subject: String,
    /// The question.
    pub description: String,
    /// The requester's urgency.
    pub urgency: Option<Urgency>,
    /// The requested category.
    pub category: Option<String>,
    /// How it came in.
    pub channel: Channel,
    /// Who asks (a customer user).
    pub requester: User,
    /// Who logs it.
    pub created_by: Uuid,
    /// Staff choices that win over the rules (none for customers and e-mail).
    pub kind: Option<Kind>,
    /// Staff's impact.
    pub impact: Option<Impact>,
    /// Staff's priority override.
    pub priority: Option<Priority>,
    /// Staff's assignee (already checked).
    pub assignee: Option<Uuid>,
    /// Public comments logged with it (an e-mail's attachments hang on one).
    pub comments: Vec<NewComment>,
}

/// Intake, the one path every new ticket takes: the triage rules run on it and their
/// decisions are recorded, staff choices win over the rules and are recorded as theirs, and
/// the matrix gives the priority. Returns the ticket to store and the rules' decisions.
pub(crate) fn intake_ticket(
    draft: &Draft,
    settings: &IntakeSettings,
    has_valid_contract: bool,
) -> (NewTicket, Vec<Decision>) {
    let (rules, matrix) = (&settings.rules, &settings.matrix);
    let facts = TicketFacts {
        subject: draft.subject.clone(),
        description: draft.description.clone(),
        channel: draft.channel,
        requested_category: draft.category.clone(),
        organization_id: draft.requester.organization_id,
        requester_role: draft.requester.role,
        has_valid_contract,
        fields: TriageFields {
            kind: Kind::default(),
            category: draft.category.clone(),
            impact: None,
            urgency: draft.urgency,
            assignee_id: None,
        },
    };
    let mut outcome = intake(rules, &facts, matrix, draft.priority);
    let mut events = tickets::decision_events(&outcome.decisions);
    let staff_choices = [
        ("kind", draft.kind.map(|k| k.as_str().to_owned())),
        ("impact", draft.impact.map(|i| i.as_str().to_owned())),
        ("assignee", draft.assignee.map(|a| a.to_string())),
    ];
    if let Some(kind) = draft.kind {
        outcome.fields.kind = kind;
    }
    if let Some(impact) = draft.impact {
        outcome.fields.impact = Some(impact);
        outcome.priority = priority_of(&outcome.fields, matrix, draft.priority);
    }
    if draft.assignee.is_some() {
        outcome.fields.assignee_id = draft.assignee;
    }
    for (field, value) in staff_choices {
        if let Some(value) = value {
            events.push(NewEvent {
                actor_id: Some(draft.created_by),
                field: field.into(),
                new_value: Some(value),
                ..NewEvent::default()
            });
        }
    }
    let mut notes: Vec<NewComment> = outcome
        .internal_notes
        .iter()
        .map(|note| NewComment {
            author_id: None,
            body: note.clone(),
            internal: true,
        })
        .collect();
    notes.extend(draft.comments.iter().cloned());
    let new = NewTicket {
        kind: outcome.fields.kind,
        subject: draft.subject.clone(),
        description: draft.description.clone(),
        channel: draft.channel,
        category: outcome.fields.category.clone(),
        urgency: outcome.fields.urgency.unwrap_or_default(),
        impact: outcome.fields.impact,
        priority: outcome.priority.priority,
        priority_overridden: draft.priority.is_some(),
        requester_id: draft.requester.id,
        organization_id: draft.requester.organization_id,
        assignee_id: outcome.fields.assignee_id,
        created_by: draft.created_by,
        notes,
        events,
    };
    (new, outcome.decisions)
}

/// Log a question as a ticket.
///
/// Customers file for themselves (channel `portal`, or `api` with an API token); staff log a
/// phone call or e-mail for a customer user (`requester_id`). The triage rules run at once and
/// their decisions are recorded; customers who send staff-only fields get a 403 naming them.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = [])),
    request_body = CreateTicketRequest,
    responses(
        (status = 201, description = "Logged; the reference never changes", body = TicketWithDecisions),
        (status = 403, description = "A customer sent staff-only fields", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tickets")]
pub async fn create_ticket(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    body: ValidJson<CreateTicketRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.0;
    refuse_staff_fields(
        &caller,
        &[
            ("requester_id", body.requester_id.is_some()),
            ("channel", body.channel.is_some()),
            ("kind", body.kind.is_some()),
            ("impact", body.impact.is_some()),
            ("priority", body.priority.is_some()),
            ("assignee_id", body.assignee_id.is_some()),
        ],
    )?;
    if body.subject.trim().is_empty() {
        return Err(ApiError::invalid_field("subject", "blank", "must not be blank"));
    }
    let (requester, channel) = if caller.role().is_staff() {
        let id = body.requester_id.ok_or_else(|| {
            ApiError::invalid_field(
                "requester_id",
                "required_for_staff",
                "staff log tickets on behalf of a customer user",
            )
        })?;
        let requester = match active_user(&state, id).await? {
            Some(user) if !user.role.is_staff() => user,
            _ => {
                return Err(ApiError::invalid_field(
                    "requester_id",
                    "not_a_customer",
                    "no active customer user has this id",
                ));
            }
        };
        (requester, body.channel.unwrap_or(Channel::Phone))
    } else {
        let channel = match caller.credential {
            super::caller::Credential::ApiToken => Channel::Api,
            super::caller::Credential::AccessToken => Channel::Portal,
        };
        (caller.user.clone(), channel)
    };
    let assignee = match body.assignee_id {
        Some(id) => Some(checked_assignee(&state, id).await?),
        None => None,
    };
    checked_category(&state, "category", body.category.clone()).await?;
    let draft = Draft {
        subject: body.subject.trim().to_owned(),
        description: body.description,
        urgency: body.urgency,
        category: body.category,
        channel,
        requester,
        created_by: caller.id(),
        kind: body.kind,
        impact: body.impact,
        priority: body.priority,
        assignee,
        comments: Vec::new(),
    };
    // Runs in an intake writer, with the rules, matrix and coverage of its batch.
    let (ticket, decisions) = state
        .intake
        .create(draft.requester.organization_id, move |settings, covered| {
            intake_ticket(&draft, settings, covered)
        })
        .await?;
    let language = preferred_language(&req, caller.user.language);
    // Customers never see internal notes, not even the rule that added one.
    let visible: Vec<Decision> = decisions
        .into_iter()
        .filter(|d| caller.role().is_staff() || !matches!(d.change, Change::InternalNote { .. }))
        .collect();
    Ok(HttpResponse::Created().json(TicketWithDecisions {
        ticket,
        decisions: sentences(&visible, language),
    }))
}

/// Filters of the queue: the query parameters of `GET /tickets`, and what a saved view keeps
/// (the same names, types and checks).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct TicketFilters {
    /// Only these statuses, comma-separated (`new,open`).
    #[param(
        example = "new,open",
        max_length = 200,
        pattern = "^(new|open|pending_customer|scheduled|resolved|closed)(,(new|open|pending_customer|scheduled|resolved|closed))*$"
    )]
    #[schema(
        example = "new,open",
        max_length = 200,
        pattern = "^(new|open|pending_customer|scheduled|resolved|closed)(,(new|open|pending_customer|scheduled|resolved|closed))*$"
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Only this kind.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<Kind>,
    /// Only this priority.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    /// Only tickets assigned to this agent: a user id, or `me` for the caller.
    #[param(
        pattern = "^(me|[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$",
        example = "me"
    )]
    #[schema(
        pattern = "^(me|[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})$",
        example = "me"
    )]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assignee: Option<String>,
    /// Only unassigned tickets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unassigned: Option<bool>,
    /// Only this organisation's tickets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<Uuid>,
    /// Only tickets that came in this way (`portal`, `email`, `phone`, `api`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Only tickets whose SLA is (`true`) or is not (`false`) breached.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub breached: Option<bool>,
    /// Only tickets whose SLA is (`true`) or is not (`false`) at risk.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at_risk: Option<bool>,
    /// Full-text search over subject, description and public comments (and internal notes,
    /// for staff); results are ranked best first.
    #[param(max_length = 200)]
    #[schema(max_length = 200)]
    #[serde(skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
}

/// The longest `q` and `status` accepted.
const MAX_FILTER_TEXT: usize = 200;

/// The search words of a filter's `q`; `None` without a search (absent or blank).
fn search_words(filters: &TicketFilters) -> Result<Option<Vec<String>>, FieldError> {
    let Some(text) = filters.q.as_deref().filter(|q| !q.trim().is_empty()) else {
        return Ok(None);
    };
    if text.chars().count() > MAX_FILTER_TEXT {
        return Err(FieldError::new(
            "q",
            "length",
            format!("must be at most {MAX_FILTER_TEXT} characters long"),
        ));
    }
    let terms = search_terms(text);
    if terms.is_empty() {
        return Err(FieldError::new("q", "no_words", "give at least one word"));
    }
    Ok(Some(terms))
}

impl TicketFilters {
    /// Checks the filters and turns them into the store's filter for `caller` (`me` is the
    /// caller); a bad value is named by its parameter.
    pub(crate) fn to_filter(&self, caller: &Caller) -> Result<TicketFilter, FieldError> {
        let statuses = match &self.status {
            None => Vec::new(),
            Some(list) if list.chars().count() > MAX_FILTER_TEXT => {
                return Err(FieldError::new(
                    "status",
                    "length",
                    format!("must be at most {MAX_FILTER_TEXT} characters long"),
                ));
            }
            Some(list) => list
                .split(',')
                .map(|s| {
                    s.trim().parse::<TicketStatus>().map_err(|_| {
                        let known: Vec<&str> = TicketStatus::ALL.iter().map(|s| s.as_str()).collect();
                        FieldError::new(
                            "status",
                            "unknown_variant",
                            format!("unknown status `{}`; use one of: {}", s.trim(), known.join(", ")),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        };
        let assignee_id = match self.assignee.as_deref().map(str::trim) {
            None => None,
            Some("me") => Some(caller.id()),
            Some(id) => Some(
                Uuid::parse_str(id).map_err(|_| FieldError::new("assignee", "invalid", "must be a user id or `me`"))?,
            ),
        };
        search_words(self)?;
        Ok(TicketFilter {
            statuses,
            kind: self.kind,
            priority: self.priority,
            assignee_id,
            unassigned: self.unassigned.unwrap_or(false),
            organization_id: self.organization,
            channel: self.channel,
            breached: self.breached,
            at_risk: self.at_risk,
        })
    }
}

/// A page of tickets.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketPage {
    /// Tickets by priority, then due time, then age (or by relevance with `q`).
    pub items: Vec<TicketListItem>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// A ticket in a list, with the names of who asked, who handles it and their organisation
/// (customers cannot look other users up), and the business time left of its targets.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketListItem {
    /// The ticket.
    #[serde(flatten)]
    pub ticket: Ticket,
    /// The requester's display name.
    pub requester_name: String,
    /// The assignee's display name; absent when nobody is assigned.
    pub assignee_name: Option<String>,
    /// The organisation's name; absent for a ticket without organisation.
    pub organization_name: Option<String>,
    /// Business minutes from now until the first response is due (on the interventions
    /// schedule), negative when overdue; absent once staff replied or the ticket is resolved.
    #[schema(example = 130)]
    pub first_response_due_in: Option<i64>,
    /// Business minutes from now until the resolution is due, negative when overdue; absent
    /// once resolved, and while the ticket waits on the customer (the clock stands still).
    pub resolution_due_in: Option<i64>,
}

/// Completes a page of tickets: names with one query per kind (users, organisations), due
/// times on the SLA calendar loaded once.
fn list_items(conn: &mut crate::store::DbConnection, tickets: Vec<Ticket>) -> Result<Vec<TicketListItem>, StoreError> {
    let calendar = crate::store::sla::sla_calendar(conn)?;
    let people: Vec<Uuid> = tickets
        .iter()
        .flat_map(|t| std::iter::once(t.requester_id).chain(t.assignee_id))
        .collect();
    let names = accounts::display_names(conn, &people)?;
    let organizations: Vec<Uuid> = tickets.iter().filter_map(|t| t.organization_id).collect();
    let organization_names = accounts::organization_names(conn, &organizations)?;
    let left = crate::store::sla::time_left(&calendar, &tickets, Utc::now());
    Ok(tickets
        .into_iter()
        .zip(left)
        .map(|(ticket, left)| TicketListItem {
            requester_name: names.get(&ticket.requester_id).cloned().unwrap_or_default(),
            assignee_name: ticket.assignee_id.and_then(|id| names.get(&id).cloned()),
            organization_name: ticket
                .organization_id
                .and_then(|id| organization_names.get(&id).cloned()),
            first_response_due_in: left.first_response,
            resolution_due_in: left.resolution,
            ticket,
        })
        .collect())
}

fn bad_parameter(error: FieldError) -> ApiError {
    ApiError::invalid_parameter(&error.field, &error.code, error.message)
}

fn bad_query(parameter: &str, message: &str) -> ApiError {
    ApiError::invalid_parameter(parameter, "invalid", message)
}

/// The queue: tickets the caller may see, most urgent first.
///
/// Staff see every ticket; a customer admin their organisation's; a customer their own.
/// Ordered by priority, then due time, then age, with cursor pagination that stays stable
/// while new tickets arrive. With `q`, a ranked full-text search instead.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = [])),
    params(TicketFilters, PageQuery),
    responses(
        (status = 200, description = "A page of tickets", body = TicketPage),
        (status = 400, description = "Bad filter, limit or cursor (named in `errors`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tickets")]
pub async fn list_tickets(
    state: web::Data<AppState>,
    caller: Caller,
    filters: web::Query<TicketFilters>,
    page: web::Query<PageQuery>,
) -> ApiResult<web::Json<TicketPage>> {
    let filters = filters.into_inner();
    let filter = filters.to_filter(&caller).map_err(bad_parameter)?;
    let page = page.to_request()?;
    let scope = scope_of(&caller);
    if let Some(terms) = search_words(&filters).map_err(bad_parameter)? {
        let offset: u32 = match page.after.as_deref() {
            None => 0,
            Some([kind, offset]) if kind == "offset" => offset
                .parse()
                .map_err(|_| bad_query("cursor", "not a cursor this server handed out"))?,
            Some(_) => return Err(bad_query("cursor", "not a cursor of this search")),
        };
        let include_internal = caller.role().is_staff();
        let limit = page.limit;
        let (items, more) = state
            .store
            .run(move |conn| {
                let mut found = tickets::search(conn, scope, &filter, &terms, include_internal, offset, limit + 1)?;
                let more = found.len() > limit as usize;
                found.truncate(limit as usize);
                Ok::<_, StoreError>((list_items(conn, found)?, more))
            })
            .await?;
        let next_cursor = more.then(|| encode_cursor(&vec!["offset".to_owned(), (offset + limit).to_string()]));
        return Ok(web::Json(TicketPage { items, next_cursor }));
    }
    let page: PageRequest = page;
    let (items, next) = state
        .store
        .run(move |conn| {
            let page = tickets::list_queue(conn, scope, &filter, &page)?;
            Ok::<_, StoreError>((list_items(conn, page.items)?, page.next))
        })
        .await?;
    Ok(web::Json(TicketPage {
        items,
        next_cursor: next.as_ref().map(encode_cursor),
    }))
}

/// The last triage decision on a ticket.
#[derive(Debug, Serialize, ToSchema)]
pub struct TriageDecisionView {
    /// The rule that fired.
    pub rule_id: Uuid,
    /// The rule's name when it fired.
    pub rule_name: String,
    /// What it did and why, in the caller's language ("kind set to issue by rule 'Defect
    /// words' — matched 'foutmelding'").
    pub explanation: String,
    /// When it was decided.
    pub decided_at: DateTime<Utc>,
}

/// A ticket with its organisation's maintenance-contract coverage today and its last triage
/// decision.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketDetail {
    /// The ticket, with names and the time left as in a list.
    #[serde(flatten)]
    pub item: TicketListItem,
    /// Whether the organisation has a valid maintenance contract today, and until when.
    pub coverage: crate::domain::contract::Coverage,
    /// What the triage rules last decided on it; absent when no rule ever fired (customers do
    /// not see a rule's internal note).
    pub triage: Option<TriageDecisionView>,
    /// The statuses the caller may move the ticket to now (`PATCH` with `status`), in
    /// life-cycle order; empty for customers (a reply reopens their ticket) and when closed.
    pub allowed_statuses: Vec<TicketStatus>,
    /// The other statuses the caller may not move the ticket to now, each with the rule that
    /// refuses it in the caller's language (what a `PATCH` would answer); empty for customers
    /// and when closed.
    pub refused_statuses: Vec<RefusedStatus>,
}

/// A status the ticket cannot move to now, and why.
#[derive(Debug, Serialize, ToSchema)]
pub struct RefusedStatus {
    /// The status refused.
    pub status: TicketStatus,
    /// Why, in the caller's language (`Accept-Language` or their language).
    pub reason: String,
}

/// One ticket by its reference, with the coverage of its organisation today and the last
/// triage decision.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = [])),
    params(
        ("reference" = super::schema::TicketReference, Path, description = "The ticket's reference"),
        ("Accept-Language" = Option<String>, Header, description = "`nl` or `en` for the triage explanation and the refused statuses' reasons; default the caller's language"),
    ),
    responses(
        (status = 200, description = "The ticket", body = TicketDetail),
        (status = 400, description = "Not a reference", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tickets/{reference}")]
pub async fn get_ticket(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<TicketDetail>> {
    let reference = path.into_inner();
    checked_reference(&reference)?;
    let scope = scope_of(&caller);
    let include_internal = caller.role().is_staff();
    let language = preferred_language(&req, caller.user.language);
    let actor = actor_kind(&caller);
    let detail = state
        .store
        .run(move |conn| {
            let ticket = tickets::find_ticket(conn, &reference, scope)?;
            let coverage = match ticket.organization_id {
                Some(org) => crate::store::contracts::coverage_of(conn, org, crate::store::today())?,
                None => crate::domain::contract::Coverage {
                    covered: false,
                    contract_number: None,
                    until: None,
                },
            };
            let triage = tickets::last_decision(conn, ticket.id, include_internal)?.map(|(decision, decided_at)| {
                TriageDecisionView {
                    rule_id: decision.rule_id,
                    explanation: decision.sentence(language),
                    rule_name: decision.rule_name,
                    decided_at,
                }
            });
            // Customers do not set a status (a reply reopens their ticket): nothing to offer.
            let (allowed_statuses, refused_statuses) = match actor {
                ActorKind::Staff => (
                    ticket_status::allowed_targets(ticket.status, actor),
                    ticket_status::refused_targets(ticket.status, actor)
                        .into_iter()
                        .map(|(status, refusal)| RefusedStatus {
                            status,
                            reason: refusal.describe(language),
                        })
                        .collect(),
                ),
                ActorKind::Customer | ActorKind::System => (Vec::new(), Vec::new()),
            };
            let item = list_items(conn, vec![ticket])?.pop().ok_or(StoreError::NotFound)?;
            Ok(TicketDetail {
                item,
                coverage,
                triage,
                allowed_statuses,
                refused_statuses,
            })
        })
        .await
        .map_err(ticket_not_found)?;
    Ok(web::Json(detail))
}

/// A category must be a subject of the coverage table that is not retired (it decides how
/// interventions on the ticket are billed).
pub(crate) async fn checked_category(state: &AppState, field: &str, category: Option<String>) -> ApiResult<()> {
    let Some(code) = category else {
        return Ok(());
    };
    let subjects = state.store.run(crate::store::billing::list_coverage).await?;
    if subjects.iter().any(|s| s.code == code && !s.retired) {
        return Ok(());
    }
    let known: Vec<&str> = subjects
        .iter()
        .filter(|s| !s.retired)
        .map(|s| s.code.as_str())
        .collect();
    Err(ApiError::invalid_field(
        field,
        "unknown_subject",
        format!(
            "`{code}` is not a subject of the coverage table; use one of: {}",
            known.join(", ")
        ),
    ))
}

/// Changes to a ticket. Customers may only change `urgency`.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTicketRequest {
    /// New subject (staff).
    #[validate(length(min = 1, max = 200))]
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub subject: Option<String>,
    /// Convert to another kind (staff); the reference stays.
    pub kind: Option<Kind>,
    /// Move along the life cycle (staff); refused transitions are 409.
    pub status: Option<TicketStatus>,
    /// New category (staff); `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<String>, max_length = 100)]
    pub category: Option<Option<String>>,
    /// How urgent it is for the customer.
    pub urgency: Option<Urgency>,
    /// Impact (staff).
    pub impact: Option<Impact>,
    /// Override the priority (staff); `null` returns it to the matrix.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Priority>)]
    pub priority: Option<Option<Priority>>,
    /// Assign to an agent (staff); `null` unassigns.
    #[serde(default, deserialize_with = "nullable")]
    #[schema(value_type = Option<Uuid>)]
    pub assignee_id: Option<Option<Uuid>>,
}

fn text_of<T: ToString>(value: Option<T>) -> Option<String> {
    value.map(|v| v.to_string())
}

fn record<T: PartialEq + ToString>(
    events: &mut Vec<NewEvent>,
    actor: Uuid,
    field: &str,
    old: Option<T>,
    new: Option<T>,
) {
    if old != new {
        events.push(NewEvent {
            actor_id: Some(actor),
            field: field.to_owned(),
            old_value: text_of(old),
            new_value: text_of(new),
            ..NewEvent::default()
        });
    }
}

/// Moves a ticket to `to`, checking the life cycle and stamping the time fields.
fn move_status(ticket: &mut Ticket, to: TicketStatus, actor: ActorKind, language: Language) -> ApiResult<()> {
    ticket_status::transition(ticket.status, to, actor).map_err(|e| ApiError::conflict(e.describe(language)))?;
    let now = Utc::now();
    match to {
        TicketStatus::Resolved => ticket.resolved_at = Some(now),
        TicketStatus::Closed => ticket.closed_at = Some(now),
        TicketStatus::Open if ticket.status == TicketStatus::Resolved => ticket.resolved_at = None,
        _ => {}
    }
    ticket.status = to;
    Ok(())
}

fn apply_update(
    current: &Ticket,
    body: UpdateTicketRequest,
    caller: &Caller,
    matrix: &PriorityMatrix,
    assignee: Option<Option<Uuid>>,
    language: Language,
) -> ApiResult<TicketUpdate> {
    ticket_status::ensure_editable(current.status).map_err(|e| ApiError::conflict(e.describe(language)))?;
    let mut ticket = current.clone();
    let mut events = Vec::new();
    let actor = caller.id();
    if let Some(subject) = body.subject {
        ticket.subject = subject.trim().to_owned();
    }
    if let Some(kind) = body.kind {
        ticket.kind = kind;
    }
    if let Some(category) = body.category {
        ticket.category = category.filter(|c| !c.trim().is_empty());
    }
    if let Some(urgency) = body.urgency {
        ticket.urgency = urgency;
    }
    if let Some(impact) = body.impact {
        ticket.impact = Some(impact);
    }
    if let Some(assignee) = assignee {
        ticket.assignee_id = assignee;
    }
    let staff_priority = match body.priority {
        Some(choice) => choice,
        None if current.priority_overridden => Some(current.priority),
        None => None,
    };
    let fields = TriageFields {
        kind: ticket.kind,
        category: ticket.category.clone(),
        impact: ticket.impact,
        urgency: Some(ticket.urgency),
        assignee_id: ticket.assignee_id,
    };
    let decision = priority_of(&fields, matrix, staff_priority);
    ticket.priority = decision.priority;
    ticket.priority_overridden = staff_priority.is_some();
    if let Some(status) = body.status {
        if status != current.status {
            move_status(&mut ticket, status, actor_kind(caller), language)?;
        }
    }
    record(
        &mut events,
        actor,
        "subject",
        Some(current.subject.clone()),
        Some(ticket.subject.clone()),
    );
    record(
        &mut events,
        actor,
        "kind",
        Some(current.kind.as_str()),
        Some(ticket.kind.as_str()),
    );
    record(
        &mut events,
        actor,
        "category",
        current.category.clone(),
        ticket.category.clone(),
    );
    record(
        &mut events,
        actor,
        "urgency",
        Some(current.urgency.as_str()),
        Some(ticket.urgency.as_str()),
    );
    record(
        &mut events,
        actor,
        "impact",
        current.impact.map(|i| i.as_str()),
        ticket.impact.map(|i| i.as_str()),
    );
    record(
        &mut events,
        actor,
        "priority",
        Some(current.priority.as_str()),
        Some(ticket.priority.as_str()),
    );
    record(&mut events, actor, "assignee", current.assignee_id, ticket.assignee_id);
    record(
        &mut events,
        actor,
        "status",
        Some(current.status.as_str()),
        Some(ticket.status.as_str()),
    );
    Ok(TicketUpdate {
        ticket,
        events,
        comments: Vec::new(),
    })
}

/// Change a ticket: convert its kind, move its status, set impact, priority or assignee.
///
/// Every change is recorded in the history. A closed ticket is read-only (409); a transition
/// the life cycle does not allow is refused with the reason (409), in the caller's language.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = [])),
    params(
        ("reference" = super::schema::TicketReference, Path, description = "The ticket's reference"),
        ("Accept-Language" = Option<String>, Header, description = "`nl` or `en` for a refusal's reason; default the caller's language"),
    ),
    request_body = UpdateTicketRequest,
    responses(
        (status = 200, description = "Updated", body = Ticket),
        (status = 400, description = "Not a reference", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A customer sent staff-only fields", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Closed ticket, or a refused status transition", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A field is invalid", body = Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/tickets/{reference}")]
pub async fn update_ticket(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<UpdateTicketRequest>,
) -> ApiResult<web::Json<Ticket>> {
    let reference = path.into_inner();
    checked_reference(&reference)?;
    let language = preferred_language(&req, caller.user.language);
    let body = body.0;
    refuse_staff_fields(
        &caller,
        &[
            ("subject", body.subject.is_some()),
            ("kind", body.kind.is_some()),
            ("status", body.status.is_some()),
            ("category", body.category.is_some()),
            ("impact", body.impact.is_some()),
            ("priority", body.priority.is_some()),
            ("assignee_id", body.assignee_id.is_some()),
        ],
    )?;
    if body.subject.as_deref().is_some_and(|s| s.trim().is_empty()) {
        return Err(ApiError::invalid_field("subject", "blank", "must not be blank"));
    }
    if let Some(Some(category)) = &body.category {
        checked_category(&state, "category", Some(category.clone())).await?;
        if category.chars().count() > 100 {
            return Err(ApiError::invalid_field(
                "category",
                "length",
                "must be at most 100 characters long",
            ));
        }
    }
    let assignee = match body.assignee_id {
        Some(Some(id)) => Some(Some(checked_assignee(&state, id).await?)),
        other => other,
    };
    let matrix = state.store.run(triage_store::priority_matrix).await?;
    let scope = scope_of(&caller);
    let ticket = state
        .store
        .run(move |conn| {
            tickets::modify_ticket(conn, &reference, scope, |current| {
                apply_update(current, body, &caller, &matrix, assignee, language)
            })
        })
        .await
        .map_err(ticket_missing)?;
    Ok(web::Json(ticket))
}

/// A 404 from the store names the ticket.
fn ticket_missing(err: ApiError) -> ApiError {
    if err.code == ErrorCode::NotFound {
        ApiError::not_found("ticket")
    } else {
        err
    }
}

/// Loads something of a ticket the caller may see; `load` gets the ticket id and whether
/// internal material may be included (staff only).
pub(crate) async fn of_visible_ticket<T: Send + 'static>(
    state: &AppState,
    caller: &Caller,
    reference: String,
    load: fn(&mut crate::store::DbConnection, Uuid, bool) -> Result<T, StoreError>,
) -> ApiResult<T> {
    checked_reference(&reference)?;
    let scope = scope_of(caller);
    let include_internal = caller.role().is_staff();
    state
        .store
        .run(move |conn| {
            let ticket = tickets::find_ticket(conn, &reference, scope)?;
            load(conn, ticket.id, include_internal)
        })
        .await
        .map_err(ticket_not_found)
}

/// A ticket's comments, oldest first. Customers never see internal notes.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = [])),
    params(("reference" = super::schema::TicketReference, Path, description = "The ticket's reference")),
    responses(
        (status = 200, description = "Comments (and, for staff, internal notes)", body = Vec<Comment>),
        (status = 400, description = "Not a reference", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tickets/{reference}/comments")]
pub async fn list_comments(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<Vec<Comment>>> {
    let comments = of_visible_ticket(&state, &caller, path.into_inner(), tickets::list_comments).await?;
    Ok(web::Json(comments))
}

/// A reply or an internal note.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentRequest {
    /// The text (Markdown).
    #[validate(length(min = 1, max = 20000))]
    #[schema(
        min_length = 1,
        max_length = 20000,
        pattern = r"[^\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028-\u2029\u202F\u205F\u3000]"
    )]
    pub body: String,
    /// Staff only: an internal note customers never see (default false).
    #[serde(default)]
    pub internal: bool,
}

pub(crate) fn apply_comment(current: &Ticket, body: &str, internal: bool, caller: &Caller) -> ApiResult<TicketUpdate> {
    ticket_status::ensure_editable(current.status).map_err(|e| ApiError::conflict(e.to_string()))?;
    let mut ticket = current.clone();
    let actor = caller.id();
    let mut events = vec![NewEvent {
        actor_id: Some(actor),
        field: if internal { "internal_note" } else { "comment" }.into(),
        internal,
        ..NewEvent::default()
    }];
    if caller.role().is_staff() {
        if !internal {
            // The first public staff reply is the first response the SLA measures.
            ticket.first_response_at.get_or_insert_with(Utc::now);
            if ticket.status == TicketStatus::New {
                move_status(&mut ticket, TicketStatus::Open, ActorKind::Staff, caller.user.language)?;
            }
        }
    } else if let Some(next) =
        ticket_status::status_after_customer_reply(current.status).map_err(|e| ApiError::conflict(e.to_string()))?
    {
        move_status(&mut ticket, next, ActorKind::Customer, caller.user.language)?;
    }
    record(
        &mut events,
        actor,
        "status",
        Some(current.status.as_str()),
        Some(ticket.status.as_str()),
    );
    Ok(TicketUpdate {
        ticket,
        events,
        comments: vec![NewComment {
            author_id: Some(actor),
            body: body.to_owned(),
            internal,
        }],
    })
}

/// Reply on a ticket, or (staff) add an internal note.
///
/// A customer's reply reopens a resolved ticket or one waiting on them; the first public staff
/// reply is the first response. A closed ticket takes no comments (409).
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = [])),
    params(("reference" = super::schema::TicketReference, Path, description = "The ticket's reference")),
    request_body = CommentRequest,
    responses(
        (status = 201, description = "Added: the ticket as it is now, and the comment", body = CommentAdded),
        (status = 400, description = "Not a reference", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A customer tried to add an internal note", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The ticket is closed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tickets/{reference}/comments")]
pub async fn add_comment(
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
    body: ValidJson<CommentRequest>,
) -> ApiResult<HttpResponse> {
    let reference = path.into_inner();
    checked_reference(&reference)?;
    let CommentRequest { body, internal } = body.0;
    refuse_staff_fields(&caller, &[("internal", internal)])?;
    if body.trim().is_empty() {
        return Err(ApiError::invalid_field("body", "blank", "must not be blank"));
    }
    let scope = scope_of(&caller);
    let author = caller.id();
    let added = state
        .store
        .run(move |conn| {
            let ticket = tickets::modify_ticket(conn, &reference, scope, |current| {
                apply_comment(current, &body, internal, &caller)
            })?;
            // The comment just written: the change stamps the ticket and its new comment with
            // one time, and changes of one ticket are serialised by its lock.
            let comment = tickets::list_comments(conn, ticket.id, true)?
                .into_iter()
                .rev()
                .find(|c| c.author_id == Some(author) && c.created_at == ticket.updated_at)
                .ok_or(StoreError::NotFound)?;
            Ok::<_, ApiError>(CommentAdded { ticket, comment })
        })
        .await
        .map_err(ticket_missing)?;
    Ok(HttpResponse::Created().json(added))
}

/// The ticket after a comment was added, and the comment.
#[derive(Debug, Serialize, ToSchema)]
pub struct CommentAdded {
    /// The ticket, as it is now.
    #[serde(flatten)]
    pub ticket: Ticket,
    /// The comment just added (attach files to it by its id).
    pub comment: Comment,
}

/// One entry of a ticket's history.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketEventView {
    /// Identifier.
    pub id: Uuid,
    /// Who made the change; absent when a triage rule or the scheduler did.
    pub actor_id: Option<Uuid>,
    /// The display name of who made the change (never an e-mail address); null when a
    /// triage rule or the scheduler did.
    pub actor_name: Option<String>,
    /// Whether who made the change is staff (an agent or admin).
    pub actor_is_staff: bool,
    /// What changed: `created`, `status`, `kind`, `category`, `urgency`, `impact`, `priority`,
    /// `assignee`, `subject`, `comment`, `internal_note`; for staff also `intervention`
    /// (recorded, edited or deleted), `intervention_reclassified` and `sla` (`at_risk` or
    /// `breached`, set by the scheduler).
    pub field: String,
    /// Value before.
    pub old_value: Option<String>,
    /// Value after.
    pub new_value: Option<String>,
    /// The rule that made the change.
    pub rule_id: Option<Uuid>,
    /// Why, in the caller's language, when a rule or the scheduler made the change.
    pub explanation: Option<String>,
    /// Why, in the words of the person who made the change, when they gave a reason (a
    /// reclassification's).
    pub reason: Option<String>,
    /// When.
    pub created_at: DateTime<Utc>,
}

impl TicketEventView {
    fn new(event: TicketEvent, language: Language) -> TicketEventView {
        TicketEventView {
            id: event.id,
            actor_id: event.actor_id,
            actor_name: event.actor_name,
            actor_is_staff: event.actor_is_staff,
            field: event.field,
            old_value: event.old_value,
            new_value: event.new_value,
            rule_id: event.decision.as_ref().map(|d| d.rule_id),
            explanation: event
                .decision
                .as_ref()
                .map(|d| d.sentence(language))
                .or_else(|| event.automatic.as_ref().map(|r| r.sentence(language))),
            reason: event.stated_reason,
            created_at: event.created_at,
        }
    }
}

/// A ticket's history: every change, who made it and when, and for automatic changes the rule
/// and why it fired. Customers do not see entries about internal notes.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = [])),
    params(("reference" = super::schema::TicketReference, Path, description = "The ticket's reference")),
    responses(
        (status = 200, description = "History, oldest first", body = Vec<TicketEventView>),
        (status = 400, description = "Not a reference", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tickets/{reference}/events")]
pub async fn list_events(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<Vec<TicketEventView>>> {
    let events = of_visible_ticket(&state, &caller, path.into_inner(), tickets::list_events).await?;
    let language = preferred_language(&req, caller.user.language);
    Ok(web::Json(
        events.into_iter().map(|e| TicketEventView::new(e, language)).collect(),
    ))
}

/// Run the triage rules on a ticket now and apply what they decide.
///
/// Fields staff set by hand are overwritten only where a rule says so; every change is
/// recorded with the rule that made it.
#[utoipa::path(
    tag = "tickets",
    security(("bearer" = ["admin", "agent"])),
    params(("reference" = super::schema::TicketReference, Path, description = "The ticket's reference")),
    responses(
        (status = 200, description = "The ticket after triage and the decisions", body = TicketWithDecisions),
        (status = 400, description = "Not a reference", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The ticket is closed", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/tickets/{reference}/triage")]
pub async fn run_triage(
    req: HttpRequest,
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> ApiResult<web::Json<TicketWithDecisions>> {
    let reference = path.into_inner();
    checked_reference(&reference)?;
    let language = preferred_language(&req, staff.0.user.language);
    let (ticket, decisions) = state
        .store
        .run(move |conn| {
            let rules = triage_store::list_rules(conn)?;
            let matrix = triage_store::priority_matrix(conn)?;
            let current = tickets::find_ticket(conn, &reference, TicketScope::Everything)?;
            let requester_role = accounts::find_user(conn, current.requester_id)?.role;
            let has_valid_contract = covered_today(conn, current.organization_id)?;
            let mut decisions = Vec::new();
            let ticket = tickets::modify_ticket(conn, &reference, TicketScope::Everything, |current| {
                retriage(
                    current,
                    requester_role,
                    has_valid_contract,
                    &rules,
                    &matrix,
                    &mut decisions,
                )
            })?;
            Ok::<_, ApiError>((ticket, decisions))
        })
        .await
        .map_err(ticket_missing)?;
    Ok(web::Json(TicketWithDecisions {
        ticket,
        decisions: sentences(&decisions, language),
    }))
}

fn retriage(
    current: &Ticket,
    requester_role: Role,
    has_valid_contract: bool,
    rules: &[triage::Rule],
    matrix: &PriorityMatrix,
    decisions: &mut Vec<Decision>,
) -> ApiResult<TicketUpdate> {
    ticket_status::ensure_editable(current.status).map_err(|e| ApiError::conflict(e.to_string()))?;
    let facts = TicketFacts {
        subject: current.subject.clone(),
        description: current.description.clone(),
        channel: current.channel,
        requested_category: current.category.clone(),
        organization_id: current.organization_id,
        requester_role,
        has_valid_contract,
        fields: TriageFields {
            kind: current.kind,
            category: current.category.clone(),
            impact: current.impact,
            urgency: Some(current.urgency),
            assignee_id: current.assignee_id,
        },
    };
    let outcome = triage::evaluate(rules, &facts);
    let mut ticket = current.clone();
    ticket.kind = outcome.fields.kind;
    ticket.category = outcome.fields.category.clone();
    ticket.impact = outcome.fields.impact;
    ticket.urgency = outcome.fields.urgency.unwrap_or(current.urgency);
    ticket.assignee_id = outcome.fields.assignee_id;
    let staff_priority = current.priority_overridden.then_some(current.priority);
    ticket.priority = priority_of(&outcome.fields, matrix, staff_priority).priority;
    let mut events = tickets::decision_events(&outcome.decisions);
    if ticket.priority != current.priority {
        events.push(NewEvent {
            field: "priority".into(),
            old_value: Some(current.priority.as_str().into()),
            new_value: Some(ticket.priority.as_str().into()),
            ..NewEvent::default()
        });
    }
    let comments = outcome
        .internal_notes
        .iter()
        .map(|note| NewComment {
            author_id: None,
            body: note.clone(),
            internal: true,
        })
        .collect();
    *decisions = outcome.decisions;
    Ok(TicketUpdate {
        ticket,
        events,
        comments,
    })
}
