//! Triage rules and the priority matrix, and seeding their defaults once per database.

use super::accounts::parse_id;
use super::schema::{priority_matrix, seeded_defaults, triage_rules};
use super::{now, write_transaction, write_transaction_or, DbConnection, ResultExt, StoreError};
use crate::domain::priority::{PriorityMatrix, PriorityMatrixCell};
use crate::domain::triage::{check_order, default_rules, reordered_positions, Rule, RuleFieldError, RuleInput};
use chrono::NaiveDateTime;
use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use uuid::Uuid;

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = triage_rules)]
struct RuleRow {
    id: String,
    name: String,
    enabled: bool,
    position: i32,
    conditions: String,
    actions: String,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl RuleRow {
    fn into_rule(self) -> Result<Rule, StoreError> {
        let corrupt = |e: serde_json::Error| {
            StoreError::Other(diesel::result::Error::DeserializationError(
                format!("triage rule {}: {e}", self.id).into(),
            ))
        };
        Ok(Rule {
            id: parse_id(&self.id),
            name: self.name.clone(),
            enabled: self.enabled,
            position: self.position,
            conditions: serde_json::from_str(&self.conditions).map_err(corrupt)?,
            actions: serde_json::from_str(&self.actions).map_err(corrupt)?,
        })
    }

    fn from_rule(rule: &Rule, at: NaiveDateTime) -> RuleRow {
        RuleRow {
            id: rule.id.to_string(),
            name: rule.name.clone(),
            enabled: rule.enabled,
            position: rule.position,
            // Serialising our own enums cannot fail; an empty list is the safe fallback.
            conditions: serde_json::to_string(&rule.conditions).unwrap_or_else(|_| "[]".into()),
            actions: serde_json::to_string(&rule.actions).unwrap_or_else(|_| "[]".into()),
            created_at: at,
            updated_at: at,
        }
    }
}

/// Every rule in evaluation order (position, then id).
pub fn list_rules(conn: &mut DbConnection) -> Result<Vec<Rule>, StoreError> {
    triage_rules::table
        .order((triage_rules::position, triage_rules::id))
        .select(RuleRow::as_select())
        .load(conn)
        .store()?
        .into_iter()
        .map(RuleRow::into_rule)
        .collect()
}

/// One rule.
pub fn find_rule(conn: &mut DbConnection, id: Uuid) -> Result<Rule, StoreError> {
    triage_rules::table
        .find(id.to_string())
        .select(RuleRow::as_select())
        .first(conn)
        .store()?
        .into_rule()
}

/// Stores a new rule (already validated).
pub fn create_rule(conn: &mut DbConnection, input: RuleInput) -> Result<Rule, StoreError> {
    let rule = Rule::from_input(Uuid::now_v7(), input);
    diesel::insert_into(triage_rules::table)
        .values(RuleRow::from_rule(&rule, now()))
        .execute(conn)
        .store()?;
    Ok(rule)
}

/// Replaces a rule (already validated).
pub fn replace_rule(conn: &mut DbConnection, id: Uuid, input: RuleInput) -> Result<Rule, StoreError> {
    let rule = Rule::from_input(id, input);
    let row = RuleRow::from_rule(&rule, now());
    let changed = diesel::update(triage_rules::table.find(&row.id))
        .set((
            triage_rules::name.eq(&row.name),
            triage_rules::enabled.eq(row.enabled),
            triage_rules::position.eq(row.position),
            triage_rules::conditions.eq(&row.conditions),
            triage_rules::actions.eq(&row.actions),
            triage_rules::updated_at.eq(row.updated_at),
        ))
        .execute(conn)
        .store()?;
    if changed == 0 {
        return Err(StoreError::NotFound);
    }
    Ok(rule)
}

/// Why a new order was not written.
#[derive(Debug)]
pub enum ReorderError {
    /// The ids do not name every rule exactly once (see [`check_order`]).
    Invalid(Vec<RuleFieldError>),
    /// The database failed.
    Store(StoreError),
}

impl From<StoreError> for ReorderError {
    fn from(err: StoreError) -> ReorderError {
        ReorderError::Store(err)
    }
}

/// Puts the rules in the order of `ids` (every rule exactly once) in one transaction: all
/// positions change or none. Returns the rules in their new order.
pub fn reorder_rules(conn: &mut DbConnection, ids: Vec<Uuid>) -> Result<Vec<Rule>, ReorderError> {
    write_transaction_or(conn, |conn| {
        // SQLite's BEGIN IMMEDIATE already serialises writers; on PostgreSQL a rule created
        // or deleted meanwhile waits for this lock, so the check below sees every rule.
        if let DbConnection::Postgres(c) = conn {
            c.batch_execute("LOCK TABLE triage_rules IN SHARE ROW EXCLUSIVE MODE")
                .store()?;
        }
        let existing: Vec<Uuid> = triage_rules::table
            .select(triage_rules::id)
            .load::<String>(conn)
            .store()?
            .iter()
            .map(|id| parse_id(id))
            .collect();
        let problems = check_order(&existing, &ids);
        if !problems.is_empty() {
            return Err(ReorderError::Invalid(problems));
        }
        let at = now();
        for (id, position) in reordered_positions(&ids) {
            diesel::update(triage_rules::table.find(id.to_string()))
                .set((triage_rules::position.eq(position), triage_rules::updated_at.eq(at)))
                .execute(conn)
                .store()?;
        }
        Ok(list_rules(conn)?)
    })
}

/// Deletes a rule (decisions it made stay in the tickets' history).
pub fn delete_rule(conn: &mut DbConnection, id: Uuid) -> Result<(), StoreError> {
    match diesel::delete(triage_rules::table.find(id.to_string()))
        .execute(conn)
        .store()?
    {
        0 => Err(StoreError::NotFound),
        _ => Ok(()),
    }
}

/// The priority matrix (the default when none is stored).
pub fn priority_matrix(conn: &mut DbConnection) -> Result<PriorityMatrix, StoreError> {
    let rows: Vec<(String, String, String)> = priority_matrix::table
        .select((
            priority_matrix::impact,
            priority_matrix::urgency,
            priority_matrix::priority,
        ))
        .load(conn)
        .store()?;
    if rows.is_empty() {
        return Ok(PriorityMatrix::default());
    }
    let cells = rows
        .iter()
        .map(|(impact, urgency, priority)| {
            Ok(PriorityMatrixCell {
                impact: impact.parse().map_err(|e| corrupt_matrix(&e))?,
                urgency: urgency.parse().map_err(|e| corrupt_matrix(&e))?,
                priority: priority.parse().map_err(|e| corrupt_matrix(&e))?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    PriorityMatrix::from_cells(&cells).map_err(|e| corrupt_matrix(&e))
}

fn corrupt_matrix(err: &dyn std::fmt::Display) -> StoreError {
    StoreError::Other(diesel::result::Error::DeserializationError(
        format!("priority matrix: {err}").into(),
    ))
}

/// Replaces the priority matrix.
pub fn replace_priority_matrix(conn: &mut DbConnection, matrix: &PriorityMatrix) -> Result<(), StoreError> {
    write_transaction(conn, |conn| {
        diesel::delete(priority_matrix::table).execute(conn).store()?;
        for cell in matrix.cells() {
            diesel::insert_into(priority_matrix::table)
                .values((
                    priority_matrix::impact.eq(cell.impact.as_str()),
                    priority_matrix::urgency.eq(cell.urgency.as_str()),
                    priority_matrix::priority.eq(cell.priority.as_str()),
                ))
                .execute(conn)
                .store()?;
        }
        Ok(())
    })
}

/// Runs `seed` once per database, recorded under `name`; a concurrent instance that seeded
/// first makes this a no-op.
pub fn seed_once(
    conn: &mut DbConnection,
    name: &str,
    seed: impl FnOnce(&mut DbConnection) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let result = write_transaction(conn, |conn| {
        let done: i64 = seeded_defaults::table
            .filter(seeded_defaults::name.eq(name))
            .count()
            .get_result(conn)
            .store()?;
        if done > 0 {
            return Ok(());
        }
        seed(conn)?;
        diesel::insert_into(seeded_defaults::table)
            .values((seeded_defaults::name.eq(name), seeded_defaults::seeded_at.eq(now())))
            .execute(conn)
            .store()?;
        Ok(())
    });
    match result {
        Err(StoreError::Conflict(_)) => Ok(()),
        other => other,
    }
}

/// The default triage rules and priority matrix, on a fresh database.
pub fn seed_defaults(conn: &mut DbConnection) -> Result<(), StoreError> {
    seed_once(conn, "triage_rules", |conn| {
        let at = now();
        for rule in default_rules() {
            diesel::insert_into(triage_rules::table)
                .values(RuleRow::from_rule(&rule, at))
                .execute(conn)
                .store()?;
        }
        Ok(())
    })?;
    seed_once(conn, "priority_matrix", |conn| {
        replace_priority_matrix(conn, &PriorityMatrix::default())
    })
}
