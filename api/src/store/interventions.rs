//! Interventions: work recorded on a ticket, classified as included in a maintenance contract
//! or billable when recorded (rules in [`crate::domain::billing`]).
//!
//! The classification, rate and rounding are frozen on the row: a later change to contracts,
//! the coverage table or the billing settings never rewrites it. Only an edit of the work
//! itself or an explicit reclassification recomputes it, and both are ticket events, as are
//! recording and deleting.

use super::accounts::{corrupt, parse_id};
use super::billing::{self, Intervention as ToClassify};
use super::schema::{interventions, tickets, users};
use super::tickets::{find_ticket, insert_events, NewEvent, Ticket, TicketScope};
use super::{day_text, now, parse_day, write_transaction, DbConnection, ResultExt, StoreError};
use crate::domain::billing::{BillingOutcome, Classification, ClassificationReason};
use crate::domain::ticket_status::{self, TicketStatus};
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// Work recorded on a ticket, with its frozen billing classification.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Intervention {
    /// Identifier.
    pub id: Uuid,
    /// The ticket it was done for.
    pub ticket_id: Uuid,
    /// The customer organisation of the ticket.
    pub organization_id: Uuid,
    /// Day of the work (`YYYY-MM-DD`, Europe/Brussels).
    pub performed_on: NaiveDate,
    /// Time worked, in minutes.
    pub minutes: u32,
    /// Coverage subject code (defaults to the ticket's category).
    pub subject: String,
    /// What was done.
    pub description: String,
    /// The agent who did it.
    pub agent_id: Uuid,
    /// The appointment it was done in, if any.
    pub appointment_id: Option<Uuid>,
    /// Included or billable, why, contract, rate, billed minutes and amount, as frozen.
    pub classification: Classification,
    /// When it was recorded.
    pub created_at: DateTime<Utc>,
    /// When it, or its classification, last changed.
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable, AsChangeset)]
#[diesel(table_name = interventions)]
struct InterventionRow {
    id: String,
    ticket_id: String,
    organization_id: String,
    performed_on: String,
    minutes: i64,
    subject_code: String,
    description: String,
    agent_id: String,
    outcome: String,
    reason: String,
    explanation_en: String,
    explanation_nl: String,
    #[diesel(treat_none_as_null = true)]
    contract_number: Option<String>,
    #[diesel(treat_none_as_null = true)]
    hourly_rate_cents: Option<i64>,
    billed_minutes: i64,
    amount_cents: i64,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    #[diesel(treat_none_as_null = true)]
    appointment_id: Option<String>,
}

/// The snake_case code serde gives a unit variant (`billable`, `no_valid_contract`).
fn code_of<T: Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(code)) => code,
        _ => String::new(),
    }
}

fn parse_code<T: DeserializeOwned>(column: &str, code: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(code.to_owned())).map_err(|e| corrupt(column, e))
}

fn number(column: &str, value: i64) -> Result<u64, StoreError> {
    u64::try_from(value).map_err(|e| corrupt(column, e))
}

fn signed(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

impl InterventionRow {
    fn into_intervention(self) -> Result<Intervention, StoreError> {
        let minutes = u32::try_from(self.minutes).map_err(|e| corrupt("interventions.minutes", e))?;
        Ok(Intervention {
            id: parse_id(&self.id),
            ticket_id: parse_id(&self.ticket_id),
            organization_id: parse_id(&self.organization_id),
            performed_on: parse_day("interventions.performed_on", &self.performed_on)?,
            minutes,
            classification: Classification {
                outcome: parse_code("interventions.outcome", &self.outcome)?,
                reason: parse_code("interventions.reason", &self.reason)?,
                explanation_en: self.explanation_en,
                explanation_nl: self.explanation_nl,
                contract_number: self.contract_number,
                hourly_rate_cents: self
                    .hourly_rate_cents
                    .map(|rate| u32::try_from(rate).map_err(|e| corrupt("interventions.hourly_rate_cents", e)))
                    .transpose()?,
                minutes_worked: minutes,
                billed_minutes: number("interventions.billed_minutes", self.billed_minutes)?,
                amount_cents: number("interventions.amount_cents", self.amount_cents)?,
            },
            subject: self.subject_code,
            description: self.description,
            agent_id: parse_id(&self.agent_id),
            appointment_id: self.appointment_id.as_deref().map(parse_id),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }

    fn from_intervention(intervention: &Intervention) -> InterventionRow {
        let c = &intervention.classification;
        InterventionRow {
            id: intervention.id.to_string(),
            ticket_id: intervention.ticket_id.to_string(),
            organization_id: intervention.organization_id.to_string(),
            performed_on: day_text(intervention.performed_on),
            minutes: i64::from(intervention.minutes),
            subject_code: intervention.subject.clone(),
            description: intervention.description.clone(),
            agent_id: intervention.agent_id.to_string(),
            outcome: code_of(&c.outcome),
            reason: code_of(&c.reason),
            explanation_en: c.explanation_en.clone(),
            explanation_nl: c.explanation_nl.clone(),
            contract_number: c.contract_number.clone(),
            hourly_rate_cents: c.hourly_rate_cents.map(i64::from),
            billed_minutes: signed(c.billed_minutes),
            amount_cents: signed(c.amount_cents),
            created_at: intervention.created_at.naive_utc(),
            updated_at: intervention.updated_at.naive_utc(),
            appointment_id: intervention.appointment_id.map(|id| id.to_string()),
        }
    }
}

/// Why an intervention write was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InterventionRefusal {
    /// The ticket is closed: it takes no more work (reclassifying stays possible).
    #[error("the ticket is closed; reopen it or log a new one")]
    TicketClosed,
    /// The ticket has no customer organisation to bill.
    #[error("the ticket has no customer organisation, so there is no one to bill")]
    NoOrganization,
    /// No subject was given and the ticket has no category to default to.
    #[error("give a subject: the ticket has no category to default to")]
    NoSubject,
    /// The subject is not in the coverage table.
    #[error("no subject of the coverage table has the code {0:?}")]
    UnknownSubject(String),
    /// The appointment is not one of this ticket's.
    #[error("the appointment is not one of this ticket's")]
    UnknownAppointment,
    /// The subject is retired: no longer offered for new work.
    #[error("subject {0:?} is retired and no longer offered")]
    RetiredSubject(String),
}

/// The work of an intervention, as an agent records it.
#[derive(Debug, Clone)]
pub struct Work {
    /// Day of the work.
    pub performed_on: NaiveDate,
    /// Time worked, in minutes (more than zero).
    pub minutes: u32,
    /// Coverage subject code; `None` takes the ticket's category.
    pub subject: Option<String>,
    /// What was done.
    pub description: String,
    /// The appointment it was done in (must be one of the ticket's).
    pub appointment_id: Option<Uuid>,
}

/// Changes to an intervention's work; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct WorkChanges {
    /// New day.
    pub performed_on: Option<NaiveDate>,
    /// New time worked.
    pub minutes: Option<u32>,
    /// New subject code.
    pub subject: Option<String>,
    /// New description.
    pub description: Option<String>,
}

/// A write's outcome: the stored entry, or why it was refused.
pub type Outcome<T> = Result<Result<T, InterventionRefusal>, StoreError>;

/// Classifies `work` on the ticket of `organization_id` with today's contracts, coverage
/// table and settings. A new subject must be offered (not retired); `keep_retired` lets an
/// existing entry keep the retired subject it was recorded on.
fn classify_work(
    conn: &mut DbConnection,
    organization_id: Uuid,
    performed_on: NaiveDate,
    minutes: u32,
    subject: &str,
    keep_retired: bool,
) -> Result<Result<Classification, InterventionRefusal>, StoreError> {
    let classified = billing::classify_intervention(
        conn,
        &ToClassify {
            organization_id,
            performed_on,
            subject_code: subject.to_owned(),
            minutes_worked: minutes,
        },
    )?;
    match classified.subject {
        None => Ok(Err(InterventionRefusal::UnknownSubject(subject.to_owned()))),
        Some(row) if row.retired && !keep_retired => Ok(Err(InterventionRefusal::RetiredSubject(subject.to_owned()))),
        Some(_) => Ok(Ok(classified.classification)),
    }
}

fn summary(intervention: &Intervention) -> String {
    let c = &intervention.classification;
    format!(
        "{} {} min {}: {} ({}), {} cents",
        intervention.performed_on,
        intervention.minutes,
        intervention.subject,
        code_of(&c.outcome),
        code_of(&c.reason),
        c.amount_cents
    )
}

fn event(actor: Uuid, field: &str, old: Option<&Intervention>, new: Option<&Intervention>) -> NewEvent {
    NewEvent {
        actor_id: Some(actor),
        field: field.to_owned(),
        old_value: old.map(summary),
        new_value: new.map(summary),
        // Billing detail is for staff and customer admins (who read it through the
        // interventions endpoint), not for every requester following the history.
        internal: true,
        ..NewEvent::default()
    }
}

fn open_ticket(ticket: &Ticket) -> Result<Uuid, InterventionRefusal> {
    if ticket_status::ensure_editable(ticket.status).is_err() {
        return Err(InterventionRefusal::TicketClosed);
    }
    ticket.organization_id.ok_or(InterventionRefusal::NoOrganization)
}

/// Records work on the ticket `reference` by `agent_id`, classified now.
pub fn record_intervention(
    conn: &mut DbConnection,
    reference: &str,
    agent_id: Uuid,
    work: Work,
) -> Outcome<Intervention> {
    write_transaction(conn, |conn| {
        let ticket = find_ticket(conn, reference, TicketScope::Everything)?;
        let organization_id = match open_ticket(&ticket) {
            Ok(id) => id,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let Some(subject) = work.subject.or(ticket.category.clone()) else {
            return Ok(Err(InterventionRefusal::NoSubject));
        };
        if let Some(appointment) = work.appointment_id {
            if !super::appointments::belongs_to_ticket(conn, appointment, ticket.id)? {
                return Ok(Err(InterventionRefusal::UnknownAppointment));
            }
        }
        let classification =
            match classify_work(conn, organization_id, work.performed_on, work.minutes, &subject, false)? {
                Ok(classification) => classification,
                Err(refusal) => return Ok(Err(refusal)),
            };
        let at = now();
        let intervention = Intervention {
            id: Uuid::now_v7(),
            ticket_id: ticket.id,
            organization_id,
            performed_on: work.performed_on,
            minutes: work.minutes,
            subject,
            description: work.description,
            agent_id,
            appointment_id: work.appointment_id,
            classification,
            created_at: at.and_utc(),
            updated_at: at.and_utc(),
        };
        diesel::insert_into(interventions::table)
            .values(InterventionRow::from_intervention(&intervention))
            .execute(conn)
            .store()?;
        insert_events(
            conn,
            ticket.id,
            &[event(agent_id, "intervention", None, Some(&intervention))],
            at,
        )?;
        let data = serde_json::json!({ "ticket_reference": ticket.reference, "intervention": &intervention });
        super::outbox::record_event(conn, crate::domain::webhook::EventType::InterventionRecorded, data)?;
        Ok(Ok(intervention))
    })
}

/// The ticket's interventions, oldest work first; `NotFound` if the scope hides the ticket.
pub fn list_interventions(
    conn: &mut DbConnection,
    reference: &str,
    scope: TicketScope,
) -> Result<Vec<Intervention>, StoreError> {
    let ticket = find_ticket(conn, reference, scope)?;
    interventions::table
        .filter(interventions::ticket_id.eq(ticket.id.to_string()))
        .order((
            interventions::performed_on,
            interventions::created_at,
            interventions::id,
        ))
        .select(InterventionRow::as_select())
        .load(conn)
        .store()?
        .into_iter()
        .map(InterventionRow::into_intervention)
        .collect()
}

fn find_on_ticket(conn: &mut DbConnection, ticket: &Ticket, id: Uuid) -> Result<Intervention, StoreError> {
    interventions::table
        .find(id.to_string())
        .filter(interventions::ticket_id.eq(ticket.id.to_string()))
        .select(InterventionRow::as_select())
        .first(conn)
        .store()?
        .into_intervention()
}

fn save(conn: &mut DbConnection, intervention: &Intervention) -> Result<(), StoreError> {
    diesel::update(interventions::table.find(intervention.id.to_string()))
        .set(InterventionRow::from_intervention(intervention))
        .execute(conn)
        .store()?;
    Ok(())
}

/// Changes the work of an intervention; a changed day, time or subject is classified again as
/// of now, a changed description alone keeps the frozen classification. Records old → new on
/// the ticket.
pub fn update_intervention(
    conn: &mut DbConnection,
    reference: &str,
    id: Uuid,
    actor: Uuid,
    changes: WorkChanges,
) -> Outcome<Intervention> {
    write_transaction(conn, |conn| {
        let ticket = find_ticket(conn, reference, TicketScope::Everything)?;
        let old = find_on_ticket(conn, &ticket, id)?;
        if let Err(refusal) = open_ticket(&ticket) {
            return Ok(Err(refusal));
        }
        let mut new = old.clone();
        new.performed_on = changes.performed_on.unwrap_or(old.performed_on);
        new.minutes = changes.minutes.unwrap_or(old.minutes);
        if let Some(subject) = changes.subject {
            new.subject = subject;
        }
        if let Some(description) = changes.description {
            new.description = description;
        }
        let same_subject = new.subject == old.subject;
        // A corrected description leaves the frozen classification alone; changed work is
        // classified again, visibly (the event shows old → new).
        if !(same_subject && new.performed_on == old.performed_on && new.minutes == old.minutes) {
            new.classification = match classify_work(
                conn,
                new.organization_id,
                new.performed_on,
                new.minutes,
                &new.subject,
                same_subject,
            )? {
                Ok(classification) => classification,
                Err(refusal) => return Ok(Err(refusal)),
            };
        }
        let at = now();
        new.updated_at = at.and_utc();
        save(conn, &new)?;
        insert_events(
            conn,
            ticket.id,
            &[event(actor, "intervention", Some(&old), Some(&new))],
            at,
        )?;
        Ok(Ok(new))
    })
}

/// Deletes an intervention; the ticket keeps an event with what it was.
pub fn delete_intervention(conn: &mut DbConnection, reference: &str, id: Uuid, actor: Uuid) -> Outcome<()> {
    write_transaction(conn, |conn| {
        let ticket = find_ticket(conn, reference, TicketScope::Everything)?;
        let old = find_on_ticket(conn, &ticket, id)?;
        if let Err(refusal) = open_ticket(&ticket) {
            return Ok(Err(refusal));
        }
        diesel::delete(interventions::table.find(id.to_string()))
            .execute(conn)
            .store()?;
        insert_events(
            conn,
            ticket.id,
            &[event(actor, "intervention", Some(&old), None)],
            now(),
        )?;
        Ok(Ok(()))
    })
}

/// Classifies an intervention again with today's contracts, coverage table and settings,
/// also on a closed ticket (billing corrections come after closing); records old → new and,
/// when given, why.
pub fn reclassify_intervention(
    conn: &mut DbConnection,
    reference: &str,
    id: Uuid,
    actor: Uuid,
    reason: Option<String>,
) -> Outcome<Intervention> {
    write_transaction(conn, |conn| {
        let ticket = find_ticket(conn, reference, TicketScope::Everything)?;
        let old = find_on_ticket(conn, &ticket, id)?;
        let mut new = old.clone();
        new.classification = match classify_work(
            conn,
            old.organization_id,
            old.performed_on,
            old.minutes,
            &old.subject,
            true,
        )? {
            Ok(classification) => classification,
            Err(refusal) => return Ok(Err(refusal)),
        };
        let at = now();
        new.updated_at = at.and_utc();
        save(conn, &new)?;
        let reclassified = NewEvent {
            stated_reason: reason,
            ..event(actor, "intervention_reclassified", Some(&old), Some(&new))
        };
        insert_events(conn, ticket.id, &[reclassified], at)?;
        Ok(Ok(new))
    })
}

/// One line of a billing report: an intervention with its ticket and agent.
#[derive(Debug, Clone)]
pub struct ReportLine {
    /// The intervention.
    pub intervention: Intervention,
    /// Reference of its ticket.
    pub ticket_reference: String,
    /// The agent's display name.
    pub agent_name: String,
}

/// The organisation's interventions performed from `from` to `to` (both included), by day.
pub fn report_lines(
    conn: &mut DbConnection,
    organization_id: Uuid,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<ReportLine>, StoreError> {
    let rows: Vec<(InterventionRow, String, String)> = interventions::table
        .inner_join(tickets::table)
        .inner_join(users::table)
        .filter(interventions::organization_id.eq(organization_id.to_string()))
        .filter(interventions::performed_on.ge(day_text(from)))
        .filter(interventions::performed_on.le(day_text(to)))
        .order((
            interventions::performed_on,
            tickets::reference,
            interventions::created_at,
            interventions::id,
        ))
        .select((InterventionRow::as_select(), tickets::reference, users::display_name))
        .load(conn)
        .store()?;
    rows.into_iter()
        .map(|(row, ticket_reference, agent_name)| {
            Ok(ReportLine {
                intervention: row.into_intervention()?,
                ticket_reference,
                agent_name,
            })
        })
        .collect()
}

/// Demo data on `day`: included work for the customer with a contract (and one billable
/// installation), billable work for the one without, on each one's oldest ticket not closed.
pub fn seed_demo(
    conn: &mut DbConnection,
    with_contract: Uuid,
    without_contract: Uuid,
    agent_id: Uuid,
    day: NaiveDate,
) -> Result<(), StoreError> {
    let plan: [(Uuid, u32, &str, &str); 4] = [
        (
            with_contract,
            45,
            "bug_report",
            "Printerdriver na update 8.2 onderzocht, workaround ingesteld aan de kassa.",
        ),
        (
            with_contract,
            20,
            "user_question",
            "Uitgelegd hoe je een factuur opnieuw afdrukt vanuit de historiek.",
        ),
        (
            with_contract,
            90,
            "installation_upgrade",
            "Hotfix 8.2.1 geïnstalleerd op de drie kassa's.",
        ),
        (
            without_contract,
            50,
            "bug_report",
            "Reproduced the price-list import crash with the customer's CSV file.",
        ),
    ];
    for (organization, minutes, subject, description) in plan {
        let reference: Option<String> = tickets::table
            .filter(tickets::organization_id.eq(organization.to_string()))
            .filter(tickets::status.ne(TicketStatus::Closed.as_str()))
            .order(tickets::reference)
            .select(tickets::reference)
            .first(conn)
            .optional()
            .store()?;
        let Some(reference) = reference else { continue };
        let work = Work {
            performed_on: day,
            minutes,
            subject: Some(subject.to_owned()),
            description: description.to_owned(),
            appointment_id: None,
        };
        record_intervention(conn, &reference, agent_id, work)?
            .map_err(|refusal| corrupt("demo intervention", refusal))?;
    }
    Ok(())
}

/// The reason code as stored (`no_valid_contract`, …), for CSV columns.
pub fn reason_code(reason: ClassificationReason) -> String {
    code_of(&reason)
}

/// The outcome code as stored (`included`, `billable`), for CSV columns.
pub fn outcome_code(outcome: BillingOutcome) -> String {
    code_of(&outcome)
}
