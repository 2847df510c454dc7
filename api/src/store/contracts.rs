//! Maintenance contracts: numbering, overlap refusal and coverage, on top of the rules in
//! [`crate::domain::contract`].

use super::accounts::{self, corrupt, parse_id};
use super::page::{Page, PageRequest};
use super::schema::contracts;
use super::{day_text, now, parse_day, write_transaction, DbConnection, ResultExt, StoreError};
use crate::domain::contract::{
    coverage_on, ensure_no_overlap, ContractNumber, ContractPeriod, Coverage, InvalidContractPeriod,
    MaintenanceContract, OverlappingContract,
};
use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Utc};
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A customer organisation's maintenance contract.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Contract {
    /// Identifier.
    pub id: Uuid,
    /// The customer organisation.
    pub organization_id: Uuid,
    /// Number, period and hourly rate.
    #[serde(flatten)]
    pub terms: MaintenanceContract,
    /// Free text for staff and the customer (scope, sites, agreements).
    pub notes: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = contracts)]
struct ContractRow {
    id: String,
    number: String,
    organization_id: String,
    starts_on: String,
    ends_on: Option<String>,
    hourly_rate_cents: i64,
    notes: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl ContractRow {
    fn terms(&self) -> Result<MaintenanceContract, StoreError> {
        Ok(MaintenanceContract {
            number: self.number.clone(),
            period: ContractPeriod {
                starts_on: parse_day("contracts.starts_on", &self.starts_on)?,
                ends_on: self
                    .ends_on
                    .as_deref()
                    .map(|text| parse_day("contracts.ends_on", text))
                    .transpose()?,
            },
            hourly_rate_cents: u32::try_from(self.hourly_rate_cents)
                .map_err(|e| corrupt("contracts.hourly_rate_cents", e))?,
        })
    }

    fn into_contract(self) -> Result<Contract, StoreError> {
        Ok(Contract {
            terms: self.terms()?,
            id: parse_id(&self.id),
            organization_id: parse_id(&self.organization_id),
            notes: self.notes,
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }
}

/// Why a contract write was refused; nothing was written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ContractRefusal {
    /// The period overlaps another contract of the same organisation.
    #[error(transparent)]
    Overlap(#[from] OverlappingContract),
    /// The changed period ends before it starts.
    #[error(transparent)]
    InvalidPeriod(#[from] InvalidContractPeriod),
}

/// A new contract, already validated.
#[derive(Debug, Clone)]
pub struct NewContract {
    /// The customer organisation.
    pub organization_id: Uuid,
    /// Days on which it is valid.
    pub period: ContractPeriod,
    /// Hourly rate in cents, excluding VAT, for work it does not include.
    pub hourly_rate_cents: u32,
    /// Free text.
    pub notes: String,
}

/// Contract writers take turns: numbering and the overlap check read, then write. SQLite's
/// `BEGIN IMMEDIATE` already serialises writers; PostgreSQL needs a table lock that conflicts
/// with itself (readers are not blocked).
fn serialize_contract_writers(conn: &mut DbConnection) -> Result<(), StoreError> {
    match conn {
        DbConnection::Postgres(c) => c
            .batch_execute("LOCK TABLE contracts IN SHARE ROW EXCLUSIVE MODE")
            .store(),
        DbConnection::Sqlite(_) => Ok(()),
    }
}

/// The next free number in `year`, `MC-<year>-NNN`.
fn next_number(conn: &mut DbConnection, year: i32) -> Result<String, StoreError> {
    let used: Vec<String> = contracts::table
        .filter(contracts::number.like(format!("MC-{year:04}-%")))
        .select(contracts::number)
        .load(conn)
        .store()?;
    Ok(ContractNumber::next_in_year(year, used.iter().map(String::as_str)).to_string())
}

fn contract_rows_of(conn: &mut DbConnection, organization_id: Uuid) -> Result<Vec<ContractRow>, StoreError> {
    contracts::table
        .filter(contracts::organization_id.eq(organization_id.to_string()))
        .select(ContractRow::as_select())
        .load(conn)
        .store()
}

/// The terms of every contract of an organisation, for coverage and billing.
pub fn contracts_of(conn: &mut DbConnection, organization_id: Uuid) -> Result<Vec<MaintenanceContract>, StoreError> {
    contract_rows_of(conn, organization_id)?
        .iter()
        .map(ContractRow::terms)
        .collect()
}

/// Inserts without a transaction of its own: the caller holds one.
fn insert_contract(conn: &mut DbConnection, new: NewContract) -> Result<Contract, StoreError> {
    let at = now();
    let row = ContractRow {
        id: Uuid::now_v7().to_string(),
        number: next_number(conn, new.period.starts_on.year())?,
        organization_id: new.organization_id.to_string(),
        starts_on: day_text(new.period.starts_on),
        ends_on: new.period.ends_on.map(day_text),
        hourly_rate_cents: i64::from(new.hourly_rate_cents),
        notes: new.notes.trim().to_owned(),
        created_at: at,
        updated_at: at,
    };
    diesel::insert_into(contracts::table)
        .values(&row)
        .execute(conn)
        .store()?;
    row.into_contract()
}

/// Creates a contract numbered `MC-<year it starts>-NNN`. An unknown organisation is a
/// [`StoreError::Conflict`] on `organization_missing`; an overlap is refused.
pub fn create_contract(
    conn: &mut DbConnection,
    new: NewContract,
) -> Result<Result<Contract, ContractRefusal>, StoreError> {
    write_transaction(conn, |conn| {
        serialize_contract_writers(conn)?;
        accounts::find_organization(conn, new.organization_id).map_err(|e| match e {
            StoreError::NotFound => StoreError::Conflict("organization_missing".into()),
            other => other,
        })?;
        let existing = contracts_of(conn, new.organization_id)?;
        if let Err(overlap) = ensure_no_overlap(&new.period, &existing) {
            return Ok(Err(overlap.into()));
        }
        insert_contract(conn, new).map(Ok)
    })
}

/// One contract by id.
pub fn find_contract(conn: &mut DbConnection, id: Uuid) -> Result<Contract, StoreError> {
    contracts::table
        .find(id.to_string())
        .select(ContractRow::as_select())
        .first(conn)
        .store()?
        .into_contract()
}

/// Contracts by first day (then id), optionally of one organisation only.
pub fn list_contracts(
    conn: &mut DbConnection,
    organization_id: Option<Uuid>,
    page: &PageRequest,
) -> Result<Page<Contract>, StoreError> {
    let mut query = contracts::table.select(ContractRow::as_select()).into_boxed();
    if let Some(id) = organization_id {
        query = query.filter(contracts::organization_id.eq(id.to_string()));
    }
    if let Some([starts_on, id]) = page.after.as_deref() {
        query = query.filter(
            contracts::starts_on.gt(starts_on.clone()).or(contracts::starts_on
                .eq(starts_on.clone())
                .and(contracts::id.gt(id.clone()))),
        );
    }
    let rows = query
        .order((contracts::starts_on, contracts::id))
        .limit(i64::from(page.limit) + 1)
        .load(conn)
        .store()?;
    let contracts = rows
        .into_iter()
        .map(ContractRow::into_contract)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(contracts, page.limit, |c| {
        vec![day_text(c.terms.period.starts_on), c.id.to_string()]
    }))
}

/// Changes to a contract; `None` leaves a field as it is. The organisation and the number
/// never change.
#[derive(Debug, Clone, Default)]
pub struct ContractChanges {
    /// New first day.
    pub starts_on: Option<NaiveDate>,
    /// New last day (`Some(None)`: open-ended).
    pub ends_on: Option<Option<NaiveDate>>,
    /// New hourly rate in cents.
    pub hourly_rate_cents: Option<u32>,
    /// New notes.
    pub notes: Option<String>,
}

/// Applies changes to a contract, refusing a period that ends before it starts or overlaps
/// another contract of the organisation (the contract itself left out).
pub fn update_contract(
    conn: &mut DbConnection,
    id: Uuid,
    changes: ContractChanges,
) -> Result<Result<Contract, ContractRefusal>, StoreError> {
    write_transaction(conn, |conn| {
        serialize_contract_writers(conn)?;
        let mut row: ContractRow = contracts::table
            .find(id.to_string())
            .select(ContractRow::as_select())
            .first(conn)
            .store()?;
        let current = row.terms()?;
        let period = match ContractPeriod::new(
            changes.starts_on.unwrap_or(current.period.starts_on),
            changes.ends_on.unwrap_or(current.period.ends_on),
        ) {
            Ok(period) => period,
            Err(invalid) => return Ok(Err(invalid.into())),
        };
        let others: Vec<MaintenanceContract> = contract_rows_of(conn, parse_id(&row.organization_id))?
            .iter()
            .filter(|other| other.id != row.id)
            .map(ContractRow::terms)
            .collect::<Result<_, _>>()?;
        if let Err(overlap) = ensure_no_overlap(&period, &others) {
            return Ok(Err(overlap.into()));
        }
        row.starts_on = day_text(period.starts_on);
        row.ends_on = period.ends_on.map(day_text);
        if let Some(rate) = changes.hourly_rate_cents {
            row.hourly_rate_cents = i64::from(rate);
        }
        if let Some(notes) = changes.notes {
            row.notes = notes.trim().to_owned();
        }
        row.updated_at = now();
        diesel::update(contracts::table.find(&row.id))
            .set((
                contracts::starts_on.eq(&row.starts_on),
                contracts::ends_on.eq(&row.ends_on),
                contracts::hourly_rate_cents.eq(row.hourly_rate_cents),
                contracts::notes.eq(&row.notes),
                contracts::updated_at.eq(row.updated_at),
            ))
            .execute(conn)
            .store()?;
        row.into_contract().map(Ok)
    })
}

/// Deletes a contract.
pub fn delete_contract(conn: &mut DbConnection, id: Uuid) -> Result<(), StoreError> {
    match diesel::delete(contracts::table.find(id.to_string()))
        .execute(conn)
        .store()?
    {
        0 => Err(StoreError::NotFound),
        _ => Ok(()),
    }
}

/// Whether an existing organisation is covered by a contract on `day`.
pub fn coverage_of(conn: &mut DbConnection, organization_id: Uuid, day: NaiveDate) -> Result<Coverage, StoreError> {
    accounts::find_organization(conn, organization_id)?;
    Ok(coverage_on(day, &contracts_of(conn, organization_id)?))
}

const DEMO_STARTS_ON: NaiveDate = match NaiveDate::from_ymd_opt(2026, 1, 1) {
    Some(day) => day,
    None => panic!("a valid date"),
};
const DEMO_ENDS_ON: NaiveDate = match NaiveDate::from_ymd_opt(2026, 12, 31) {
    Some(day) => day,
    None => panic!("a valid date"),
};

/// Demo data: the 2026 maintenance contract (€85/h) of the demo customer that has one.
/// Runs inside the caller's transaction on a fresh database, so it is `MC-2026-001`.
pub fn seed_demo(conn: &mut DbConnection, organization_id: Uuid) -> Result<Contract, StoreError> {
    insert_contract(
        conn,
        NewContract {
            organization_id,
            period: ContractPeriod {
                starts_on: DEMO_STARTS_ON,
                ends_on: Some(DEMO_ENDS_ON),
            },
            hourly_rate_cents: 8_500,
            notes: "Onderhoudscontract kassasoftware en voorraadbeheer, 3 winkels (Leuven, Heverlee, \
                    Kessel-Lo). / Maintenance contract for the till and stock software, 3 shops."
                .to_owned(),
        },
    )
}
