//! Saved views: a user's named filters of the ticket list, in the order the user gave them.
//! The filters are kept as the JSON the HTTP layer checked (`http::tickets::TicketFilters`).
//!
//! Changes to one user's views are serialised (SQLite's write lock; on PostgreSQL a lock on
//! the user's row), so the limit, the unique names and the positions `0..n` hold under
//! concurrent requests.

use super::accounts::{corrupt, parse_id};
use super::schema::{saved_views, users};
use super::{now, write_transaction_or, DbConnection, ResultExt, StoreError};
use crate::domain::text::fold;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use uuid::Uuid;

/// A saved view.
#[derive(Debug, Clone, PartialEq)]
pub struct SavedView {
    /// Identifier.
    pub id: Uuid,
    /// Its name, unique for its user (case and accents aside).
    pub name: String,
    /// The filters, as JSON.
    pub filters: serde_json::Value,
    /// Its place in the user's list, from 0.
    pub position: u32,
    /// When it was saved.
    pub created_at: DateTime<Utc>,
}

/// Why a change to saved views was refused.
#[derive(Debug)]
pub enum ViewError {
    /// The user has a view of this name already.
    NameTaken,
    /// The user has the most views allowed.
    TooMany {
        /// The limit.
        max: usize,
    },
    /// A position past the end of the list.
    PositionOutOfRange {
        /// The last position there is.
        last: u32,
    },
    /// The store failed (or the view is not the user's: [`StoreError::NotFound`]).
    Store(StoreError),
}

impl From<StoreError> for ViewError {
    fn from(err: StoreError) -> Self {
        ViewError::Store(err)
    }
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = saved_views)]
struct ViewRow {
    id: String,
    user_id: String,
    name: String,
    name_key: String,
    filters: String,
    position: i32,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
}

impl ViewRow {
    fn into_view(self) -> Result<SavedView, StoreError> {
        Ok(SavedView {
            id: parse_id(&self.id),
            filters: serde_json::from_str(&self.filters).map_err(|e| corrupt("saved_views.filters", e))?,
            position: u32::try_from(self.position).map_err(|e| corrupt("saved_views.position", e))?,
            name: self.name,
            created_at: self.created_at.and_utc(),
        })
    }
}

fn name_key(name: &str) -> String {
    fold(name.trim())
}

fn rows_of(conn: &mut DbConnection, user: Uuid) -> Result<Vec<ViewRow>, StoreError> {
    saved_views::table
        .filter(saved_views::user_id.eq(user.to_string()))
        .order((saved_views::position, saved_views::created_at, saved_views::id))
        .select(ViewRow::as_select())
        .load(conn)
        .store()
}

/// A user's views, in their order.
pub fn list_views(conn: &mut DbConnection, user: Uuid) -> Result<Vec<SavedView>, StoreError> {
    rows_of(conn, user)?.into_iter().map(ViewRow::into_view).collect()
}

/// Queues concurrent changes to one user's views on PostgreSQL (SQLite's `BEGIN IMMEDIATE`
/// already serialises every writer).
fn lock_user(conn: &mut DbConnection, user: Uuid) -> Result<(), StoreError> {
    if let DbConnection::Postgres(pg) = conn {
        users::table
            .find(user.to_string())
            .select(users::id)
            .for_no_key_update()
            .first::<String>(pg)
            .optional()
            .store()?;
    }
    Ok(())
}

fn refuse_taken_name(rows: &[ViewRow], key: &str, except: Option<&str>) -> Result<(), ViewError> {
    if rows.iter().any(|r| r.name_key == key && Some(r.id.as_str()) != except) {
        return Err(ViewError::NameTaken);
    }
    Ok(())
}

/// Saves a new view at the end of the user's list, unless the user has `max` views already
/// or one of this name.
pub fn create_view(
    conn: &mut DbConnection,
    user: Uuid,
    name: &str,
    filters: &serde_json::Value,
    max: usize,
) -> Result<SavedView, ViewError> {
    write_transaction_or(conn, |conn| {
        lock_user(conn, user)?;
        let rows = rows_of(conn, user)?;
        if rows.len() >= max {
            return Err(ViewError::TooMany { max });
        }
        let key = name_key(name);
        refuse_taken_name(&rows, &key, None)?;
        let at = now();
        let row = ViewRow {
            id: Uuid::now_v7().to_string(),
            user_id: user.to_string(),
            name: name.trim().to_owned(),
            name_key: key,
            filters: filters.to_string(),
            position: i32::try_from(rows.len()).unwrap_or(i32::MAX),
            created_at: at,
            updated_at: at,
        };
        diesel::insert_into(saved_views::table)
            .values(&row)
            .execute(conn)
            .store()?;
        Ok(row.into_view()?)
    })
}

/// Changes to a view; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct ViewChanges {
    /// New name.
    pub name: Option<String>,
    /// New filters (all of them).
    pub filters: Option<serde_json::Value>,
    /// New place in the list: the others move up or down to make room.
    pub position: Option<u32>,
}

/// Sets the positions of `rows` to their order, writing only those that moved.
fn renumber(conn: &mut DbConnection, rows: &[ViewRow], at: NaiveDateTime) -> Result<(), StoreError> {
    for (index, row) in rows.iter().enumerate() {
        let position = i32::try_from(index).unwrap_or(i32::MAX);
        if row.position != position {
            diesel::update(saved_views::table.find(&row.id))
                .set((saved_views::position.eq(position), saved_views::updated_at.eq(at)))
                .execute(conn)
                .store()?;
        }
    }
    Ok(())
}

/// Changes one of the user's views; another user's is [`StoreError::NotFound`].
pub fn update_view(
    conn: &mut DbConnection,
    user: Uuid,
    id: Uuid,
    changes: ViewChanges,
) -> Result<SavedView, ViewError> {
    write_transaction_or(conn, |conn| {
        lock_user(conn, user)?;
        let mut rows = rows_of(conn, user)?;
        let id = id.to_string();
        let index = rows
            .iter()
            .position(|r| r.id == id)
            .ok_or(ViewError::Store(StoreError::NotFound))?;
        let at = now();
        let mut row = rows.remove(index);
        if let Some(name) = &changes.name {
            let key = name_key(name);
            refuse_taken_name(&rows, &key, None)?;
            row.name = name.trim().to_owned();
            row.name_key = key;
        }
        if let Some(filters) = &changes.filters {
            row.filters = filters.to_string();
        }
        let target = match changes.position {
            None => index,
            Some(p) if p as usize <= rows.len() => p as usize,
            Some(_) => {
                return Err(ViewError::PositionOutOfRange {
                    last: u32::try_from(rows.len()).unwrap_or(u32::MAX),
                });
            }
        };
        row.updated_at = at;
        diesel::update(saved_views::table.find(&row.id))
            .set((
                saved_views::name.eq(&row.name),
                saved_views::name_key.eq(&row.name_key),
                saved_views::filters.eq(&row.filters),
                saved_views::updated_at.eq(at),
            ))
            .execute(conn)
            .store()?;
        rows.insert(target, row);
        renumber(conn, &rows, at)?;
        let mut row = rows.remove(target);
        row.position = i32::try_from(target).unwrap_or(i32::MAX);
        Ok(row.into_view()?)
    })
}

/// Deletes one of the user's views (another user's is [`StoreError::NotFound`]); those after
/// it move up.
pub fn delete_view(conn: &mut DbConnection, user: Uuid, id: Uuid) -> Result<(), ViewError> {
    write_transaction_or(conn, |conn| {
        lock_user(conn, user)?;
        let mut rows = rows_of(conn, user)?;
        let id = id.to_string();
        let index = rows
            .iter()
            .position(|r| r.id == id)
            .ok_or(ViewError::Store(StoreError::NotFound))?;
        let row = rows.remove(index);
        diesel::delete(saved_views::table.find(&row.id)).execute(conn).store()?;
        renumber(conn, &rows, now())?;
        Ok(())
    })
}
