//! The coverage table and the billing settings, and the classification of an intervention
//! against them and the organisation's contracts (rules in [`crate::domain::billing`]).

use super::accounts::{self, corrupt};
use super::contracts::contracts_of;
use super::schema::{billing_settings, coverage_subjects};
use super::{now, write_transaction, DbConnection, ResultExt, StoreError};
use crate::domain::billing::{
    classify, default_coverage_table, BillingSettings, Classification, CoverageRow, InterventionToClassify,
    InvalidCoverageRow,
};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use std::num::NonZeroU32;
use uuid::Uuid;

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = coverage_subjects)]
struct CoverageSubjectRow {
    code: String,
    label_nl: String,
    label_en: String,
    included: bool,
    retired: bool,
    position: i64,
}

impl CoverageSubjectRow {
    fn new(row: CoverageRow, position: i64) -> Self {
        CoverageSubjectRow {
            code: row.code,
            label_nl: row.label_nl,
            label_en: row.label_en,
            included: row.included,
            retired: row.retired,
            position,
        }
    }
}

impl From<CoverageSubjectRow> for CoverageRow {
    fn from(row: CoverageSubjectRow) -> Self {
        CoverageRow {
            code: row.code,
            label_nl: row.label_nl,
            label_en: row.label_en,
            included: row.included,
            retired: row.retired,
        }
    }
}

/// The id of the one settings row.
const SETTINGS_ID: i64 = 1;

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = billing_settings)]
struct SettingsRow {
    id: i64,
    increment_minutes: i64,
    minimum_minutes: i64,
    default_hourly_rate_cents: i64,
    vat_rate_basis_points: i64,
    updated_at: NaiveDateTime,
}

impl SettingsRow {
    fn new(settings: &BillingSettings, updated_at: NaiveDateTime) -> Self {
        SettingsRow {
            id: SETTINGS_ID,
            increment_minutes: i64::from(settings.increment_minutes.get()),
            minimum_minutes: i64::from(settings.minimum_minutes),
            default_hourly_rate_cents: i64::from(settings.default_hourly_rate_cents),
            vat_rate_basis_points: i64::from(settings.vat_rate_basis_points),
            updated_at,
        }
    }

    fn into_settings(self) -> Result<BillingSettings, StoreError> {
        let number = |column: &str, value: i64| u32::try_from(value).map_err(|e| corrupt(column, e));
        Ok(BillingSettings {
            increment_minutes: NonZeroU32::new(number("billing_settings.increment_minutes", self.increment_minutes)?)
                .ok_or_else(|| corrupt("billing_settings.increment_minutes", "zero"))?,
            minimum_minutes: number("billing_settings.minimum_minutes", self.minimum_minutes)?,
            default_hourly_rate_cents: number(
                "billing_settings.default_hourly_rate_cents",
                self.default_hourly_rate_cents,
            )?,
            vat_rate_basis_points: number("billing_settings.vat_rate_basis_points", self.vat_rate_basis_points)?,
        })
    }
}

/// Gives a database without them the policy's coverage table and the default billing settings.
/// Runs after every migration, so every fresh database has them (not only demo ones).
pub fn seed_defaults(conn: &mut DbConnection) -> Result<(), StoreError> {
    let seeded = write_transaction(conn, |conn| {
        let subjects: i64 = coverage_subjects::table.count().get_result(conn).store()?;
        if subjects == 0 {
            for (position, row) in (1..).zip(default_coverage_table()) {
                diesel::insert_into(coverage_subjects::table)
                    .values(CoverageSubjectRow::new(row, position))
                    .execute(conn)
                    .store()?;
            }
        }
        let settings: i64 = billing_settings::table.count().get_result(conn).store()?;
        if settings == 0 {
            diesel::insert_into(billing_settings::table)
                .values(SettingsRow::new(&BillingSettings::default(), now()))
                .execute(conn)
                .store()?;
        }
        Ok(())
    });
    match seeded {
        // Another instance seeded the same fresh PostgreSQL database at the same moment.
        Err(StoreError::Conflict(_)) => Ok(()),
        other => other,
    }
}

/// The coverage table in its order, retired rows included.
pub fn list_coverage(conn: &mut DbConnection) -> Result<Vec<CoverageRow>, StoreError> {
    let rows: Vec<CoverageSubjectRow> = coverage_subjects::table
        .select(CoverageSubjectRow::as_select())
        .order((coverage_subjects::position, coverage_subjects::code))
        .load(conn)
        .store()?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// One subject by code, retired or not.
pub fn find_coverage(conn: &mut DbConnection, code: &str) -> Result<CoverageRow, StoreError> {
    coverage_subjects::table
        .find(code)
        .select(CoverageSubjectRow::as_select())
        .first(conn)
        .store()
        .map(Into::into)
}

/// Adds a subject at the end of the table; a taken code is a [`StoreError::Conflict`].
/// The caller has validated the row.
pub fn create_coverage(conn: &mut DbConnection, row: CoverageRow) -> Result<CoverageRow, StoreError> {
    write_transaction(conn, |conn| {
        let last: Option<i64> = coverage_subjects::table
            .select(diesel::dsl::max(coverage_subjects::position))
            .first(conn)
            .store()?;
        let stored = CoverageSubjectRow::new(row, last.unwrap_or(0) + 1);
        diesel::insert_into(coverage_subjects::table)
            .values(&stored)
            .execute(conn)
            .store()?;
        Ok(stored.into())
    })
}

/// Changes to a subject; `None` leaves a field as it is. The code never changes.
#[derive(Debug, Clone, Default)]
pub struct CoverageChanges {
    /// New Dutch label.
    pub label_nl: Option<String>,
    /// New English label.
    pub label_en: Option<String>,
    /// Included in a maintenance contract or not.
    pub included: Option<bool>,
    /// Retire (or bring back) the subject.
    pub retired: Option<bool>,
}

/// Applies changes to a subject, refusing (without writing) a result that is not a valid row.
pub fn update_coverage(
    conn: &mut DbConnection,
    code: &str,
    changes: CoverageChanges,
) -> Result<Result<CoverageRow, InvalidCoverageRow>, StoreError> {
    write_transaction(conn, |conn| {
        let mut row = find_coverage(conn, code)?;
        if let Some(label) = changes.label_nl {
            row.label_nl = label.trim().to_owned();
        }
        if let Some(label) = changes.label_en {
            row.label_en = label.trim().to_owned();
        }
        if let Some(included) = changes.included {
            row.included = included;
        }
        if let Some(retired) = changes.retired {
            row.retired = retired;
        }
        if let Err(invalid) = row.validate() {
            return Ok(Err(invalid));
        }
        diesel::update(coverage_subjects::table.find(code))
            .set((
                coverage_subjects::label_nl.eq(&row.label_nl),
                coverage_subjects::label_en.eq(&row.label_en),
                coverage_subjects::included.eq(row.included),
                coverage_subjects::retired.eq(row.retired),
            ))
            .execute(conn)
            .store()?;
        Ok(Ok(row))
    })
}

/// The billing settings (the defaults are seeded with the schema).
pub fn settings(conn: &mut DbConnection) -> Result<BillingSettings, StoreError> {
    billing_settings::table
        .find(SETTINGS_ID)
        .select(SettingsRow::as_select())
        .first(conn)
        .store()?
        .into_settings()
}

/// Replaces the billing settings; the caller has validated them.
pub fn save_settings(conn: &mut DbConnection, settings: &BillingSettings) -> Result<BillingSettings, StoreError> {
    let row = SettingsRow::new(settings, now());
    let changed = diesel::update(billing_settings::table.find(SETTINGS_ID))
        .set((
            billing_settings::increment_minutes.eq(row.increment_minutes),
            billing_settings::minimum_minutes.eq(row.minimum_minutes),
            billing_settings::default_hourly_rate_cents.eq(row.default_hourly_rate_cents),
            billing_settings::vat_rate_basis_points.eq(row.vat_rate_basis_points),
            billing_settings::updated_at.eq(row.updated_at),
        ))
        .execute(conn)
        .store()?;
    match changed {
        0 => Err(StoreError::NotFound),
        _ => row.into_settings(),
    }
}

/// An intervention to classify before (or after) the work.
#[derive(Debug, Clone)]
pub struct Intervention {
    /// The customer organisation.
    pub organization_id: Uuid,
    /// Day of the work.
    pub performed_on: NaiveDate,
    /// Coverage subject code.
    pub subject_code: String,
    /// Time worked (or expected).
    pub minutes_worked: u32,
}

/// A classification with what it was computed from.
#[derive(Debug, Clone)]
pub struct ClassifiedIntervention {
    /// The outcome, reason, rate, billed time and amount.
    pub classification: Classification,
    /// The subject's row; `None` when the code is not in the table.
    pub subject: Option<CoverageRow>,
    /// The settings applied (VAT rate included).
    pub settings: BillingSettings,
}

/// Classifies an intervention for an existing organisation ([`StoreError::NotFound`] otherwise).
pub fn classify_intervention(
    conn: &mut DbConnection,
    intervention: &Intervention,
) -> Result<ClassifiedIntervention, StoreError> {
    accounts::find_organization(conn, intervention.organization_id)?;
    let contracts = contracts_of(conn, intervention.organization_id)?;
    let subject = find_coverage(conn, &intervention.subject_code)
        .map(Some)
        .or_else(|e| match e {
            StoreError::NotFound => Ok(None),
            other => Err(other),
        })?;
    let settings = settings(conn)?;
    let classification = classify(&InterventionToClassify {
        performed_on: intervention.performed_on,
        subject_code: &intervention.subject_code,
        subject: subject.as_ref(),
        contracts: &contracts,
        minutes_worked: intervention.minutes_worked,
        settings: &settings,
    });
    Ok(ClassifiedIntervention {
        classification,
        subject,
        settings,
    })
}
