//! Group commit of ticket intake. Requests to log a ticket queue up for the intake writers;
//! each takes whatever has queued (up to [`MAX_BATCH`]), reads the triage rules, the
//! priority matrix and the organisations' contract coverage once, and creates all the tickets
//! in one transaction. On SQLite, which has one writer at a time, concurrent creates then
//! share one lock and one commit instead of queueing on the lock one by one; on PostgreSQL
//! they share round trips and one commit. A lone request is written at once: nothing waits
//! for a batch to fill.

use super::tickets::{create_tickets, NewTicket, Ticket};
use super::{contracts, today, triage, Backend, DbConnection, Store, StoreError};
use crate::domain::priority::PriorityMatrix;
use crate::domain::triage::Rule;
use std::any::Any;
use std::collections::HashMap;
use std::sync::mpsc;
use tokio::sync::oneshot;
use uuid::Uuid;

/// The most tickets written in one transaction.
const MAX_BATCH: usize = 64;

/// What intake decisions read from the database, once per batch.
pub struct IntakeSettings {
    /// The triage rules, in order.
    pub rules: Vec<Rule>,
    /// The impact × urgency matrix.
    pub matrix: PriorityMatrix,
}

impl IntakeSettings {
    /// Reads them.
    pub fn load(conn: &mut DbConnection) -> Result<IntakeSettings, StoreError> {
        Ok(IntakeSettings {
            rules: triage::list_rules(conn)?,
            matrix: triage::priority_matrix(conn)?,
        })
    }
}

/// Whether the organisation has a maintenance contract valid today (the triage condition
/// `has_valid_contract`); staff requesters have no organisation and no contract.
pub fn covered_today(conn: &mut DbConnection, organization: Option<Uuid>) -> Result<bool, StoreError> {
    match organization {
        Some(org) => Ok(contracts::coverage_of(conn, org, today())?.covered),
        None => Ok(false),
    }
}

/// Decides the ticket to create from the settings and whether the requester's organisation
/// has a valid maintenance contract today, with a by-product for the caller. It may run more
/// than once (a failed batch is retried ticket by ticket), so it must be free of side effects.
type Draft = Box<dyn Fn(&IntakeSettings, bool) -> (NewTicket, Box<dyn Any + Send>) + Send>;

type Created = (Ticket, Box<dyn Any + Send>);

struct Job {
    organization_id: Option<Uuid>,
    draft: Draft,
    reply: oneshot::Sender<Result<Created, StoreError>>,
}

/// Handle to the intake writers; clones share them, and they stop when the last handle
/// is dropped.
#[derive(Clone)]
pub struct TicketIntake {
    jobs: mpsc::Sender<Job>,
}

impl std::fmt::Debug for TicketIntake {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TicketIntake")
    }
}

impl TicketIntake {
    /// Starts the writers on this store: one on SQLite, which has one writer at a time
    /// anyway; on PostgreSQL a few, so one batch's round trips overlap another's commit.
    pub fn start(store: Store) -> TicketIntake {
        let writers = match store.backend() {
            Backend::Sqlite => 1,
            Backend::Postgres => (store.pool_size() / 2).clamp(1, 4),
        };
        let jobs = crate::threads::start("ticket-intake", writers as usize, move |queue| {
            while let Some(batch) = crate::threads::take(queue, MAX_BATCH) {
                write_batch_and_reply(&store, batch);
            }
        });
        TicketIntake { jobs }
    }

    /// Creates a ticket decided by `draft` (see [`Draft`]) for a requester of
    /// `organization_id`, and returns it with the draft's by-product.
    pub async fn create<T: Send + 'static>(
        &self,
        organization_id: Option<Uuid>,
        draft: impl Fn(&IntakeSettings, bool) -> (NewTicket, T) + Send + 'static,
    ) -> Result<(Ticket, T), StoreError> {
        let stopped = || StoreError::Unavailable("the ticket intake writer has stopped".into());
        let (reply, answer) = oneshot::channel();
        let draft: Draft = Box::new(move |settings, covered| {
            let (new, by_product) = draft(settings, covered);
            (new, Box::new(by_product))
        });
        self.jobs
            .send(Job {
                organization_id,
                draft,
                reply,
            })
            .map_err(|_| stopped())?;
        let (ticket, by_product) = answer.await.map_err(|_| stopped())??;
        let by_product = by_product
            .downcast::<T>()
            .map_err(|_| StoreError::Unavailable("ticket intake answered with another type".into()))?;
        Ok((ticket, *by_product))
    }
}

/// Writes one batch and answers each of its requests.
fn write_batch_and_reply(store: &Store, batch: Vec<Job>) {
    let written = store.conn().and_then(|mut conn| match write_batch(&mut conn, &batch) {
        Ok(created) => Ok(created.into_iter().map(Ok).collect()),
        // The database itself is unavailable (locked, pool exhausted): writing the tickets
        // one by one would only wait for it again, once per ticket.
        Err(e @ StoreError::Unavailable(_)) => Err(e),
        // One bad ticket must not sink the others: write them one by one.
        Err(_) if batch.len() > 1 => Ok(batch
            .iter()
            .map(|job| {
                write_batch(&mut conn, std::slice::from_ref(job)).and_then(|mut one| {
                    one.pop()
                        .ok_or_else(|| StoreError::Unavailable("no ticket was created".into()))
                })
            })
            .collect()),
        Err(e) => Ok(vec![Err(e)]),
    });
    // Every request of the batch hears that the database is unavailable.
    let results: Vec<Result<Created, StoreError>> = match written {
        Ok(results) => results,
        Err(StoreError::Unavailable(reason)) => batch
            .iter()
            .map(|_| Err(StoreError::Unavailable(reason.clone())))
            .collect(),
        Err(e) => batch
            .iter()
            .map(|_| Err(StoreError::Unavailable(e.to_string())))
            .collect(),
    };
    for (job, result) in batch.into_iter().zip(results) {
        // The requester may have gone away; the ticket stays created.
        let _ = job.reply.send(result);
    }
}

/// Reads the settings, runs the drafts and creates the tickets in one transaction.
fn write_batch(conn: &mut DbConnection, batch: &[Job]) -> Result<Vec<Created>, StoreError> {
    let settings = IntakeSettings::load(conn)?;
    let mut covered: HashMap<Option<Uuid>, bool> = HashMap::new();
    let mut drafts = Vec::with_capacity(batch.len());
    let mut by_products = Vec::with_capacity(batch.len());
    for job in batch {
        let has_valid_contract = match covered.get(&job.organization_id) {
            Some(known) => *known,
            None => {
                let known = covered_today(conn, job.organization_id)?;
                covered.insert(job.organization_id, known);
                known
            }
        };
        let (new, by_product) = (job.draft)(&settings, has_valid_contract);
        drafts.push(new);
        by_products.push(by_product);
    }
    Ok(create_tickets(conn, drafts)?.into_iter().zip(by_products).collect())
}
