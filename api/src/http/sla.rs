//! Service levels: the policies per priority (`/sla/policies`) and why a ticket's due times
//! lie where they do (`/tickets/{reference}/sla`).

use super::caller::{Admin, Caller, Staff};
use super::error::{ApiError, ApiResult, Problem};
use super::extract::ValidJson;
use super::language::preferred_language;
use super::tickets::{checked_reference, scope_of};
use super::AppState;
use crate::domain::account::Language;
use crate::domain::calendar::DueExplanation;
use crate::domain::priority::Priority;
use crate::domain::sla::SlaPolicy;
use crate::store::sla::{self, SlaExplanation};
use crate::store::{tickets, StoreError};
use actix_web::{get, put, web, HttpRequest};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_actix_web::service_config::ServiceConfig;
use validator::Validate;

/// The longest target accepted: 100,000 business minutes (about a year of support hours).
const MAX_TARGET_MINUTES: u32 = 100_000;

/// Registers the routes of this module.
pub fn routes(cfg: &mut ServiceConfig) {
    cfg.service(list_policies).service(put_policies).service(ticket_sla);
}

/// The targets of every priority, most urgent first.
#[utoipa::path(
    tag = "sla",
    security(("bearer" = ["admin", "agent"])),
    responses(
        (status = 200, description = "One policy per priority", body = Vec<SlaPolicy>),
        (status = 403, description = "Not staff", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/sla/policies")]
pub async fn list_policies(state: web::Data<AppState>, _staff: Staff) -> ApiResult<web::Json<Vec<SlaPolicy>>> {
    Ok(web::Json(state.store.run(sla::list_policies).await?))
}

/// New targets for one priority.
#[derive(Debug, Serialize, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PolicyInput {
    /// The priority.
    pub priority: Priority,
    /// Business minutes to the first public staff reply, 1 to 100,000.
    #[validate(range(min = 1, max = MAX_TARGET_MINUTES))]
    #[schema(minimum = 1, maximum = 100000)]
    pub first_response_minutes: u32,
    /// Business minutes to resolution (not counting waits on the customer), at least the
    /// first-response target, at most 100,000.
    #[validate(range(min = 1, max = MAX_TARGET_MINUTES))]
    #[schema(minimum = 1, maximum = 100000)]
    pub resolution_minutes: u32,
}

/// The policies to change.
#[derive(Debug, Deserialize, Validate, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PoliciesRequest {
    /// One entry per priority to change (each priority at most once).
    #[validate(length(min = 1, max = 4), nested)]
    #[schema(min_items = 1, max_items = 4)]
    pub policies: Vec<PolicyInput>,
}

/// Change the targets of some priorities.
///
/// Tickets logged afterwards, and tickets whose priority changes, get due times from the new
/// targets; others keep theirs.
#[utoipa::path(
    tag = "sla",
    security(("bearer" = ["admin"])),
    request_body = PoliciesRequest,
    responses(
        (status = 200, description = "Saved; every policy", body = Vec<SlaPolicy>),
        (status = 403, description = "Not an admin", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Beyond the schema: a resolution target shorter than the first response (`policies[i].resolution_minutes`, code `shorter_than_first_response`), or a priority twice (`policies[i].priority`, `duplicate`)", body = Problem, content_type = "application/problem+json"),
    )
)]
#[put("/sla/policies")]
pub async fn put_policies(
    state: web::Data<AppState>,
    _admin: Admin,
    body: ValidJson<PoliciesRequest>,
) -> ApiResult<web::Json<Vec<SlaPolicy>>> {
    let mut policies: Vec<SlaPolicy> = Vec::with_capacity(body.0.policies.len());
    for (index, input) in body.0.policies.iter().enumerate() {
        if input.resolution_minutes < input.first_response_minutes {
            return Err(ApiError::invalid_field(
                &format!("policies[{index}].resolution_minutes"),
                "shorter_than_first_response",
                "must be at least the first-response target",
            ));
        }
        if policies.iter().any(|p| p.priority == input.priority) {
            return Err(ApiError::invalid_field(
                &format!("policies[{index}].priority"),
                "duplicate",
                "each priority at most once",
            ));
        }
        policies.push(SlaPolicy::new(
            input.priority,
            input.first_response_minutes,
            input.resolution_minutes,
        ));
    }
    let saved = state
        .store
        .run(move |conn| sla::update_policies(conn, &policies))
        .await?;
    Ok(web::Json(saved))
}

/// One due time and how it was reached.
#[derive(Debug, Serialize, ToSchema)]
pub struct DueTimeView {
    /// The due instant.
    pub due_at: DateTime<Utc>,
    /// The business minutes counted from the ticket's creation (pauses included).
    pub business_minutes: u32,
    /// The holidays, closures and weekends skipped, one phrase each, in the caller's language.
    pub skipped: Vec<String>,
    /// The whole explanation as a sentence ("due Tuesday 5 January 2027 10:30: 16 business
    /// hours from Wednesday 23 December 2026 15:00 …").
    pub explanation: String,
}

/// A ticket's SLA with its reasons.
#[derive(Debug, Serialize, ToSchema)]
pub struct TicketSla {
    /// The ticket's reference.
    pub reference: String,
    /// The priority and the policy it gives (current policy).
    pub policy: SlaPolicy,
    /// When the first response is due.
    pub first_response: DueTimeView,
    /// When the resolution is due.
    pub resolution: DueTimeView,
    /// The first public staff reply, if any.
    pub first_response_at: Option<DateTime<Utc>>,
    /// Business minutes the resolution clock stood still while the ticket waited on the customer.
    pub paused_minutes: u32,
    /// Since when it waits on the customer now, if it does.
    pub paused_since: Option<DateTime<Utc>>,
    /// A target was missed.
    pub breached: bool,
    /// An open target has little business time left.
    pub at_risk: bool,
}

fn due_view(explanation: &DueExplanation, prefix: &str, paused_minutes: u32, language: Language) -> DueTimeView {
    let due = explanation.due_phrase(language);
    let mut sentence = format!("{prefix} {due}: {}", explanation.describe(language));
    if paused_minutes > 0 {
        sentence.push_str(&match language {
            Language::Nl => {
                format!("; inclusief {paused_minutes} werkminuten gepauzeerd terwijl het ticket op de klant wachtte")
            }
            Language::En => {
                format!("; including {paused_minutes} business minutes paused while waiting on the customer")
            }
        });
    }
    DueTimeView {
        due_at: explanation.due,
        business_minutes: explanation.minutes,
        skipped: explanation.skipped.iter().map(|p| p.describe(language)).collect(),
        explanation: sentence,
    }
}

/// Why a ticket's due times lie where they do.
///
/// For the first response and the resolution: the policy of the ticket's priority, the
/// business minutes counted on the interventions schedule, and the holidays, closures,
/// weekends and waits on the customer skipped on the way. In the caller's language (or
/// `Accept-Language`).
#[utoipa::path(
    tag = "sla",
    security(("bearer" = [])),
    params(("reference" = super::schema::TicketReference, Path, description = "The ticket's reference")),
    responses(
        (status = 200, description = "The due times with their explanation", body = TicketSla),
        (status = 400, description = "Not a reference", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such ticket, or not one the caller may see", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/tickets/{reference}/sla")]
pub async fn ticket_sla(
    req: HttpRequest,
    state: web::Data<AppState>,
    caller: Caller,
    path: web::Path<String>,
) -> ApiResult<web::Json<TicketSla>> {
    let reference = path.into_inner();
    checked_reference(&reference)?;
    let scope = scope_of(&caller);
    let language = preferred_language(&req, caller.user.language);
    let (ticket, explanation): (tickets::Ticket, Option<SlaExplanation>) = state
        .store
        .run(move |conn| {
            let ticket = tickets::find_ticket(conn, &reference, scope)?;
            let explanation = sla::explain_ticket(conn, &ticket)?;
            Ok::<_, StoreError>((ticket, explanation))
        })
        .await
        .map_err(|e| match e {
            StoreError::NotFound => ApiError::not_found("ticket"),
            other => other.into(),
        })?;
    let explanation =
        explanation.ok_or_else(|| ApiError::internal("the interventions schedule never opens: no due time"))?;
    let (first_prefix, resolution_prefix) = match language {
        Language::Nl => ("eerste antwoord verwacht op", "oplossing verwacht op"),
        Language::En => ("first response due", "resolution due"),
    };
    Ok(web::Json(TicketSla {
        reference: ticket.reference.clone(),
        policy: explanation.policy,
        first_response: due_view(&explanation.first_response, first_prefix, 0, language),
        resolution: due_view(
            &explanation.resolution,
            resolution_prefix,
            ticket.sla_paused_minutes,
            language,
        ),
        first_response_at: ticket.first_response_at,
        paused_minutes: ticket.sla_paused_minutes,
        paused_since: ticket.sla_paused_since,
        breached: ticket.sla_breached,
        at_risk: ticket.sla_at_risk,
    }))
}
