//! Group commit of ticket intake. Requests to log a ticket queue up for the intake writers;
//! each takes whatever has queued (up to [`MAX_BATCH`]) and creates all the tickets in one
//! transaction. The settings the tickets are decided by (triage rules, priority matrix, SLA
//! clock, webhook subscribers, the organisations' contract coverage) are kept by each writer
//! while the database's settings version stays the same: a batch reads one number, not the
//! settings. On SQLite, which has one writer at a time, concurrent creates then
//! share one lock and one commit instead of queueing on the lock one by one; on PostgreSQL
//! they share round trips and one commit. A lone request is written at once: nothing waits
//! for a batch to fill.

use super::outbox::Subscribers;
use super::sla::SlaClock;
use super::tickets::{create_tickets, NewTicket, Ticket};
use super::{contracts, settings_version, today, triage, Backend, DbConnection, Store, StoreError};
use crate::domain::priority::PriorityMatrix;
use crate::domain::triage::Rule;
use chrono::NaiveDate;
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
            let mut kept = None;
            while let Some(batch) = crate::threads::take(queue, MAX_BATCH) {
                write_batch_and_reply(&store, &mut kept, batch);
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

/// The settings a writer decides and creates tickets with, kept between batches.
struct KeptSettings {
    /// The settings version they were read at.
    version: i64,
    /// The day the coverage is of (contracts are valid by day).
    day: NaiveDate,
    intake: IntakeSettings,
    clock: SlaClock,
    subscribers: Subscribers,
    /// Whether each organisation seen so far has a valid contract on `day`.
    coverage: HashMap<Option<Uuid>, bool>,
}

impl KeptSettings {
    /// The writer's kept settings, read again if the settings version or the day moved on.
    fn current<'k>(
        conn: &mut DbConnection,
        kept: &'k mut Option<KeptSettings>,
    ) -> Result<&'k mut KeptSettings, StoreError> {
        // Read before the settings: a change committed in between is read now and read
        // again at the next batch, never missed.
        let version = settings_version::current(conn)?;
        let day = today();
        kept.take_if(|k| k.version != version || k.day != day);
        Ok(match kept {
            Some(settings) => settings,
            None => kept.insert(KeptSettings {
                version,
                day,
                intake: IntakeSettings::load(conn)?,
                clock: SlaClock::load(conn)?,
                subscribers: Subscribers::load(conn)?,
                coverage: HashMap::new(),
            }),
        })
    }

    fn covered(&mut self, conn: &mut DbConnection, organization: Option<Uuid>) -> Result<bool, StoreError> {
        if let Some(known) = self.coverage.get(&organization) {
            return Ok(*known);
        }
        let known = covered_today(conn, organization)?;
        self.coverage.insert(organization, known);
        Ok(known)
    }
}

/// Writes one batch and answers each of its requests.
fn write_batch_and_reply(store: &Store, kept: &mut Option<KeptSettings>, batch: Vec<Job>) {
    let written = store
        .conn()
        .and_then(|mut conn| match write_batch(&mut conn, kept, &batch) {
            Ok(created) => Ok(created.into_iter().map(Ok).collect()),
            // The database itself is unavailable (locked, pool exhausted): writing the tickets
            // one by one would only wait for it again, once per ticket.
            Err(e @ StoreError::Unavailable(_)) => Err(e),
            // One bad ticket must not sink the others: write them one by one.
            Err(_) if batch.len() > 1 => Ok(batch
                .iter()
                .map(|job| {
                    write_batch(&mut conn, kept, std::slice::from_ref(job)).and_then(|mut one| {
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

/// Runs the drafts with the kept settings and creates the tickets in one transaction.
fn write_batch(
    conn: &mut DbConnection,
    kept: &mut Option<KeptSettings>,
    batch: &[Job],
) -> Result<Vec<Created>, StoreError> {
    let settings = KeptSettings::current(conn, kept)?;
    let mut drafts = Vec::with_capacity(batch.len());
    let mut by_products = Vec::with_capacity(batch.len());
    for job in batch {
        let has_valid_contract = settings.covered(conn, job.organization_id)?;
        let (new, by_product) = (job.draft)(&settings.intake, has_valid_contract);
        drafts.push(new);
        by_products.push(by_product);
    }
    let created = create_tickets(conn, &settings.clock, &settings.subscribers, drafts)?;
    Ok(created.into_iter().zip(by_products).collect())
}
