//! Organisations and users.

use super::page::{Page, PageRequest};
use super::schema::{organizations, users};
use super::{now, write_transaction, DbConnection, ResultExt, StoreError};
use crate::domain::account::{normalize_email, Language, Role};
use crate::domain::text::fold;
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use std::sync::atomic::{AtomicU64, Ordering};
use utoipa::ToSchema;
use uuid::Uuid;

/// Moves forward after every committed change to a user made in this process, so accounts
/// kept for recent callers (`http::caller::RecentCallers`) are dropped at once here.
static USERS_CHANGED: AtomicU64 = AtomicU64::new(0);

/// How many changes to users this process has committed (see [`USERS_CHANGED`]).
pub fn users_changed() -> u64 {
    USERS_CHANGED.load(Ordering::SeqCst)
}

/// A customer company.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Organization {
    /// Identifier.
    pub id: Uuid,
    /// Company name, unique case-insensitively.
    pub name: String,
    /// Belgian VAT number in canonical form (`BE0417497106`), when known.
    pub vat_number: Option<String>,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = organizations)]
struct OrganizationRow {
    id: String,
    name: String,
    name_key: String,
    vat_number: Option<String>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    search_key: Option<String>,
}

impl From<OrganizationRow> for Organization {
    fn from(row: OrganizationRow) -> Self {
        Organization {
            id: parse_id(&row.id),
            name: row.name,
            vat_number: row.vat_number,
            created_at: row.created_at.and_utc(),
            updated_at: row.updated_at.and_utc(),
        }
    }
}

/// A person who logs in: a customer or vendor staff.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct User {
    /// Identifier.
    pub id: Uuid,
    /// Login e-mail address, lower-case.
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Language of the interface and of notifications.
    pub language: Language,
    /// What the user may do.
    pub role: Role,
    /// The customer organisation (customers only).
    pub organization_id: Option<Uuid>,
    /// Inactive users cannot log in and their tokens stop working.
    pub active: bool,
    /// False while an invitation waits to be accepted.
    pub has_password: bool,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it last changed.
    pub updated_at: DateTime<Utc>,
}

#[derive(Queryable, Selectable, Insertable)]
#[diesel(table_name = users)]
struct UserRow {
    id: String,
    email: String,
    display_name: String,
    language: String,
    role: String,
    organization_id: Option<String>,
    active: bool,
    password_hash: Option<String>,
    invitation_hash: Option<String>,
    invitation_expires_at: Option<NaiveDateTime>,
    created_at: NaiveDateTime,
    updated_at: NaiveDateTime,
    search_key: Option<String>,
}

impl UserRow {
    fn into_user(self) -> Result<User, StoreError> {
        Ok(User {
            id: parse_id(&self.id),
            email: self.email,
            display_name: self.display_name,
            language: self.language.parse().map_err(|e| corrupt("users.language", e))?,
            role: self.role.parse().map_err(|e| corrupt("users.role", e))?,
            organization_id: self.organization_id.as_deref().map(parse_id),
            active: self.active,
            has_password: self.password_hash.is_some(),
            created_at: self.created_at.and_utc(),
            updated_at: self.updated_at.and_utc(),
        })
    }
}

/// Ids are written by this code as hyphenated UUIDs; anything else is a corrupt row that we
/// surface as the nil id rather than a panic (the row is still shown and can be fixed).
pub(crate) fn parse_id(text: &str) -> Uuid {
    Uuid::parse_str(text).unwrap_or(Uuid::nil())
}

/// A row that this code could not have written: surfaced as a deserialisation error naming
/// the column.
pub(crate) fn corrupt(column: &str, err: impl std::fmt::Display) -> StoreError {
    StoreError::Other(diesel::result::Error::DeserializationError(
        format!("{column}: {err}").into(),
    ))
}

/// A new organisation, already validated.
#[derive(Debug, Clone)]
pub struct NewOrganization {
    /// Company name.
    pub name: String,
    /// Canonical VAT number.
    pub vat_number: Option<String>,
}

/// Creates an organisation; a duplicate name or VAT number is a [`StoreError::Conflict`].
pub fn create_organization(conn: &mut DbConnection, new: NewOrganization) -> Result<Organization, StoreError> {
    let at = now();
    let row = OrganizationRow {
        id: Uuid::now_v7().to_string(),
        name_key: name_key(&new.name),
        name: new.name.trim().to_owned(),
        vat_number: new.vat_number,
        created_at: at,
        updated_at: at,
        search_key: Some(fold(&new.name)),
    };
    diesel::insert_into(organizations::table)
        .values(&row)
        .execute(conn)
        .store()?;
    Ok(row.into())
}

fn name_key(name: &str) -> String {
    name.trim().to_lowercase()
}

/// The words a name search looks for: folded, split at spaces only (so `x.test` stays one
/// word and finds e-mail addresses at `x.test`); each must occur somewhere. A few are
/// enough to single out a name: the rest are ignored.
fn search_words(text: &str) -> Vec<String> {
    fold(text).split_whitespace().take(8).map(str::to_owned).collect()
}

fn containing(word: &str) -> String {
    format!("%{}%", escape_like(word))
}

/// One organisation by id.
pub fn find_organization(conn: &mut DbConnection, id: Uuid) -> Result<Organization, StoreError> {
    organizations::table
        .find(id.to_string())
        .select(OrganizationRow::as_select())
        .first(conn)
        .store()
        .map(Into::into)
}

/// Organisations ordered by name, optionally only one (a customer sees their own), and only
/// those whose name holds every word of `text` (case and accents aside).
pub fn list_organizations(
    conn: &mut DbConnection,
    only: Option<Uuid>,
    text: Option<&str>,
    page: &PageRequest,
) -> Result<Page<Organization>, StoreError> {
    let mut query = organizations::table.select(OrganizationRow::as_select()).into_boxed();
    if let Some(id) = only {
        query = query.filter(organizations::id.eq(id.to_string()));
    }
    for word in search_words(text.unwrap_or_default()) {
        query = query.filter(organizations::search_key.like(containing(&word)).escape('\\'));
    }
    if let Some([key, id]) = page.after.as_deref() {
        query = query.filter(
            organizations::name_key.gt(key.clone()).or(organizations::name_key
                .eq(key.clone())
                .and(organizations::id.gt(id.clone()))),
        );
    }
    let rows = query
        .order((organizations::name_key, organizations::id))
        .limit(i64::from(page.limit) + 1)
        .load(conn)
        .store()?;
    let rows: Vec<Organization> = rows.into_iter().map(Into::into).collect();
    Ok(Page::from_rows(rows, page.limit, |o| {
        vec![name_key(&o.name), o.id.to_string()]
    }))
}

/// Changes to an organisation; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct OrganizationChanges {
    /// New name.
    pub name: Option<String>,
    /// New VAT number (`Some(None)` clears it).
    pub vat_number: Option<Option<String>>,
}

/// Applies changes to an organisation.
pub fn update_organization(
    conn: &mut DbConnection,
    id: Uuid,
    changes: OrganizationChanges,
) -> Result<Organization, StoreError> {
    write_transaction(conn, |conn| {
        let mut row: OrganizationRow = organizations::table
            .find(id.to_string())
            .select(OrganizationRow::as_select())
            .first(conn)
            .store()?;
        if let Some(name) = changes.name {
            row.name_key = name_key(&name);
            row.search_key = Some(fold(&name));
            row.name = name.trim().to_owned();
        }
        if let Some(vat) = changes.vat_number {
            row.vat_number = vat;
        }
        row.updated_at = now();
        diesel::update(organizations::table.find(&row.id))
            .set((
                organizations::name.eq(&row.name),
                organizations::name_key.eq(&row.name_key),
                organizations::vat_number.eq(&row.vat_number),
                organizations::updated_at.eq(row.updated_at),
                organizations::search_key.eq(&row.search_key),
            ))
            .execute(conn)
            .store()?;
        Ok(row.into())
    })
}

/// Deletes an organisation that has no users; one with users is a [`StoreError::Conflict`].
pub fn delete_organization(conn: &mut DbConnection, id: Uuid) -> Result<(), StoreError> {
    write_transaction(conn, |conn| {
        let members: i64 = users::table
            .filter(users::organization_id.eq(id.to_string()))
            .count()
            .get_result(conn)
            .store()?;
        if members > 0 {
            return Err(StoreError::Conflict("organization_has_users".into()));
        }
        match diesel::delete(organizations::table.find(id.to_string()))
            .execute(conn)
            .store()?
        {
            0 => Err(StoreError::NotFound),
            _ => Ok(()),
        }
    })
}

/// A new user, already validated.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Login e-mail (normalised here).
    pub email: String,
    /// Name shown to others.
    pub display_name: String,
    /// Interface language.
    pub language: Language,
    /// Role.
    pub role: Role,
    /// Organisation (customers only).
    pub organization_id: Option<Uuid>,
    /// argon2id hash, or `None` for an invited user who sets a password later.
    pub password_hash: Option<String>,
    /// SHA-256 of the invitation secret, with its expiry.
    pub invitation: Option<(String, NaiveDateTime)>,
}

/// Creates a user; a taken e-mail is a [`StoreError::Conflict`] on `users_email`.
pub fn create_user(conn: &mut DbConnection, new: NewUser) -> Result<User, StoreError> {
    let at = now();
    let (invitation_hash, invitation_expires_at) = new.invitation.unzip();
    let row = UserRow {
        id: Uuid::now_v7().to_string(),
        email: normalize_email(&new.email),
        display_name: new.display_name.trim().to_owned(),
        language: new.language.as_str().to_owned(),
        role: new.role.as_str().to_owned(),
        organization_id: new.organization_id.map(|id| id.to_string()),
        active: true,
        password_hash: new.password_hash,
        invitation_hash,
        invitation_expires_at,
        created_at: at,
        updated_at: at,
        search_key: Some(fold(&new.display_name)),
    };
    diesel::insert_into(users::table)
        .values(&row)
        .execute(conn)
        .store()
        .map_err(|e| match e {
            StoreError::Conflict(c) if c.contains("users_email") || c.contains("users.email") => {
                StoreError::Conflict("users_email".into())
            }
            other => other,
        })?;
    row.into_user()
}

/// One user by id.
pub fn find_user(conn: &mut DbConnection, id: Uuid) -> Result<User, StoreError> {
    users::table
        .find(id.to_string())
        .select(UserRow::as_select())
        .first(conn)
        .store()?
        .into_user()
}

/// A user and their password hash, by e-mail (for login).
pub fn find_credentials(conn: &mut DbConnection, email: &str) -> Result<Option<(User, Option<String>)>, StoreError> {
    let row: Option<UserRow> = users::table
        .filter(users::email.eq(normalize_email(email)))
        .select(UserRow::as_select())
        .first(conn)
        .optional()
        .store()?;
    row.map(|row| {
        let hash = row.password_hash.clone();
        row.into_user().map(|user| (user, hash))
    })
    .transpose()
}

/// The user holding an unexpired invitation with this secret hash.
pub fn find_by_invitation(conn: &mut DbConnection, invitation_hash: &str) -> Result<User, StoreError> {
    users::table
        .filter(users::invitation_hash.eq(invitation_hash))
        .filter(users::invitation_expires_at.gt(now()))
        .select(UserRow::as_select())
        .first(conn)
        .store()?
        .into_user()
}

/// Filters for the user list.
#[derive(Debug, Clone, Default)]
pub struct UserFilter {
    /// Only users of this organisation.
    pub organization_id: Option<Uuid>,
    /// Only users with this role.
    pub role: Option<Role>,
    /// Only active (true) or inactive (false) users.
    pub active: Option<bool>,
    /// Words that must each occur in the e-mail address, the display name or the
    /// organisation's name (case and accents aside).
    pub text: Option<String>,
}

/// Users ordered by e-mail.
pub fn list_users(conn: &mut DbConnection, filter: &UserFilter, page: &PageRequest) -> Result<Page<User>, StoreError> {
    let mut query = users::table.select(UserRow::as_select()).into_boxed();
    if let Some(org) = filter.organization_id {
        query = query.filter(users::organization_id.eq(org.to_string()));
    }
    if let Some(role) = filter.role {
        query = query.filter(users::role.eq(role.as_str()));
    }
    if let Some(active) = filter.active {
        query = query.filter(users::active.eq(active));
    }
    for word in search_words(filter.text.as_deref().unwrap_or_default()) {
        let pattern = containing(&word);
        let organizations_named = organizations::table
            .filter(organizations::search_key.like(pattern.clone()).escape('\\'))
            .select(organizations::id.nullable());
        query = query.filter(
            users::email
                .like(pattern.clone())
                .escape('\\')
                .or(users::search_key.like(pattern).escape('\\'))
                .or(users::organization_id.eq_any(organizations_named)),
        );
    }
    if let Some([email, id]) = page.after.as_deref() {
        query = query.filter(
            users::email
                .gt(email.clone())
                .or(users::email.eq(email.clone()).and(users::id.gt(id.clone()))),
        );
    }
    let rows = query
        .order((users::email, users::id))
        .limit(i64::from(page.limit) + 1)
        .load(conn)
        .store()?;
    let users = rows
        .into_iter()
        .map(UserRow::into_user)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Page::from_rows(users, page.limit, |u| {
        vec![u.email.clone(), u.id.to_string()]
    }))
}

fn escape_like(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Changes to a user; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct UserChanges {
    /// New display name.
    pub display_name: Option<String>,
    /// New language.
    pub language: Option<Language>,
    /// New role (the caller has checked it keeps the membership rule).
    pub role: Option<Role>,
    /// Activate or deactivate.
    pub active: Option<bool>,
    /// New argon2id hash; also clears a pending invitation.
    pub password_hash: Option<String>,
}

/// Applies changes to a user. Deactivating a user or changing their password revokes their
/// refresh tokens, so other sessions end.
pub fn update_user(conn: &mut DbConnection, id: Uuid, changes: UserChanges) -> Result<User, StoreError> {
    let updated = write_transaction(conn, |conn| {
        let mut row: UserRow = users::table
            .find(id.to_string())
            .select(UserRow::as_select())
            .first(conn)
            .store()?;
        let ends_sessions = changes.active == Some(false) || changes.password_hash.is_some();
        if let Some(name) = changes.display_name {
            row.search_key = Some(fold(&name));
            row.display_name = name.trim().to_owned();
        }
        if let Some(language) = changes.language {
            row.language = language.as_str().to_owned();
        }
        if let Some(role) = changes.role {
            row.role = role.as_str().to_owned();
        }
        if let Some(active) = changes.active {
            row.active = active;
        }
        if let Some(hash) = changes.password_hash {
            row.password_hash = Some(hash);
            row.invitation_hash = None;
            row.invitation_expires_at = None;
        }
        row.updated_at = now();
        diesel::update(users::table.find(&row.id))
            .set((
                users::display_name.eq(&row.display_name),
                users::language.eq(&row.language),
                users::role.eq(&row.role),
                users::active.eq(row.active),
                users::password_hash.eq(&row.password_hash),
                users::invitation_hash.eq(&row.invitation_hash),
                users::invitation_expires_at.eq(row.invitation_expires_at),
                users::updated_at.eq(row.updated_at),
                users::search_key.eq(&row.search_key),
            ))
            .execute(conn)
            .store()?;
        if ends_sessions {
            super::tokens::revoke_refresh_tokens_of_user(conn, id)?;
        }
        row.into_user()
    })?;
    // After the commit: a caller read before it must not be kept as current.
    USERS_CHANGED.fetch_add(1, Ordering::SeqCst);
    Ok(updated)
}

/// The display names of these users (unknown ids are left out), in one query.
pub fn display_names(
    conn: &mut DbConnection,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
    let mut wanted: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    wanted.sort();
    wanted.dedup();
    let rows: Vec<(String, String)> = users::table
        .filter(users::id.eq_any(wanted))
        .select((users::id, users::display_name))
        .load(conn)
        .store()?;
    Ok(rows.into_iter().map(|(id, name)| (parse_id(&id), name)).collect())
}

/// The names of these organisations (unknown ids are left out), in one query.
pub fn organization_names(
    conn: &mut DbConnection,
    ids: &[Uuid],
) -> Result<std::collections::HashMap<Uuid, String>, StoreError> {
    let mut wanted: Vec<String> = ids.iter().map(Uuid::to_string).collect();
    wanted.sort();
    wanted.dedup();
    let rows: Vec<(String, String)> = organizations::table
        .filter(organizations::id.eq_any(wanted))
        .select((organizations::id, organizations::name))
        .load(conn)
        .store()?;
    Ok(rows.into_iter().map(|(id, name)| (parse_id(&id), name)).collect())
}

/// Fills the search keys of organisations and users written before there were any (see the
/// migration `search_keys`); returns how many rows it filled.
pub fn fill_search_keys(conn: &mut DbConnection) -> Result<usize, StoreError> {
    write_transaction(conn, |conn| {
        let organizations: Vec<(String, String)> = organizations::table
            .filter(organizations::search_key.is_null())
            .select((organizations::id, organizations::name))
            .load(conn)
            .store()?;
        let users: Vec<(String, String)> = users::table
            .filter(users::search_key.is_null())
            .select((users::id, users::display_name))
            .load(conn)
            .store()?;
        for (id, name) in &organizations {
            diesel::update(organizations::table.find(id))
                .set(organizations::search_key.eq(fold(name)))
                .execute(conn)
                .store()?;
        }
        for (id, name) in &users {
            diesel::update(users::table.find(id))
                .set(users::search_key.eq(fold(name)))
                .execute(conn)
                .store()?;
        }
        Ok(organizations.len() + users.len())
    })
}

/// How many users exist (the demo seeder runs only on an empty database).
pub fn count_users(conn: &mut DbConnection) -> Result<i64, StoreError> {
    users::table.count().get_result(conn).store()
}
