//! Refresh tokens (rotating, revocable) and personal API tokens. Only SHA-256 hashes of the
//! secrets are stored: the secrets are long and random, so a slow hash would add nothing.

use super::accounts::{parse_id, User};
use super::schema::{api_tokens, refresh_tokens, users};
use super::{now, write_transaction, DbConnection, ResultExt, StoreError};
use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::prelude::*;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// Stores a new refresh token of a (new or continuing) login family.
pub fn insert_refresh_token(
    conn: &mut DbConnection,
    user_id: Uuid,
    family_id: Uuid,
    token_hash: &str,
    expires_at: NaiveDateTime,
) -> Result<(), StoreError> {
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(Uuid::now_v7().to_string()),
            refresh_tokens::user_id.eq(user_id.to_string()),
            refresh_tokens::family_id.eq(family_id.to_string()),
            refresh_tokens::token_hash.eq(token_hash),
            refresh_tokens::expires_at.eq(expires_at),
            refresh_tokens::created_at.eq(now()),
        ))
        .execute(conn)
        .store()
        .map(|_| ())
}

/// What happened when a refresh token was presented.
#[derive(Debug)]
pub enum RefreshOutcome {
    /// The token was good: it is now used, and the login continues as this user in this family.
    Rotated {
        /// The user, still active.
        user_id: Uuid,
        /// The login family the replacement token joins.
        family_id: Uuid,
    },
    /// Unknown, expired, revoked, or the user is inactive.
    Invalid,
    /// The token had already been used: someone replays it, so the whole family is revoked.
    Reused,
}

#[derive(Queryable)]
struct RefreshTokenState {
    id: String,
    user_id: String,
    family_id: String,
    expires_at: NaiveDateTime,
    used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
    user_active: bool,
}

/// Consumes a refresh token: marks it used, or revokes its family when it is replayed.
pub fn consume_refresh_token(conn: &mut DbConnection, token_hash: &str) -> Result<RefreshOutcome, StoreError> {
    write_transaction(conn, |conn| {
        let row: Option<RefreshTokenState> = refresh_tokens::table
            .inner_join(users::table)
            .filter(refresh_tokens::token_hash.eq(token_hash))
            .select((
                refresh_tokens::id,
                refresh_tokens::user_id,
                refresh_tokens::family_id,
                refresh_tokens::expires_at,
                refresh_tokens::used_at,
                refresh_tokens::revoked_at,
                users::active,
            ))
            .first(conn)
            .optional()
            .store()?;
        let Some(RefreshTokenState {
            id,
            user_id,
            family_id,
            expires_at,
            used_at,
            revoked_at,
            user_active: active,
        }) = row
        else {
            return Ok(RefreshOutcome::Invalid);
        };
        let at = now();
        if used_at.is_some() && revoked_at.is_none() {
            diesel::update(refresh_tokens::table.filter(refresh_tokens::family_id.eq(&family_id)))
                .filter(refresh_tokens::revoked_at.is_null())
                .set(refresh_tokens::revoked_at.eq(at))
                .execute(conn)
                .store()?;
            return Ok(RefreshOutcome::Reused);
        }
        if used_at.is_some() || revoked_at.is_some() || expires_at <= at || !active {
            return Ok(RefreshOutcome::Invalid);
        }
        diesel::update(refresh_tokens::table.find(&id))
            .set(refresh_tokens::used_at.eq(at))
            .execute(conn)
            .store()?;
        Ok(RefreshOutcome::Rotated {
            user_id: parse_id(&user_id),
            family_id: parse_id(&family_id),
        })
    })
}

/// Revokes the login family a refresh token belongs to (logout); unknown tokens are ignored.
pub fn revoke_refresh_family(conn: &mut DbConnection, token_hash: &str) -> Result<(), StoreError> {
    let family: Option<String> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(token_hash))
        .select(refresh_tokens::family_id)
        .first(conn)
        .optional()
        .store()?;
    if let Some(family) = family {
        diesel::update(refresh_tokens::table.filter(refresh_tokens::family_id.eq(family)))
            .filter(refresh_tokens::revoked_at.is_null())
            .set(refresh_tokens::revoked_at.eq(now()))
            .execute(conn)
            .store()?;
    }
    Ok(())
}

/// Revokes every refresh token of a user (deactivation, password change).
pub fn revoke_refresh_tokens_of_user(conn: &mut DbConnection, user_id: Uuid) -> Result<(), StoreError> {
    diesel::update(refresh_tokens::table.filter(refresh_tokens::user_id.eq(user_id.to_string())))
        .filter(refresh_tokens::revoked_at.is_null())
        .set(refresh_tokens::revoked_at.eq(now()))
        .execute(conn)
        .store()
        .map(|_| ())
}

/// A personal API token as its owner sees it (never the secret, which is shown once at creation).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApiToken {
    /// Identifier, used to revoke it.
    pub id: Uuid,
    /// What the owner called it ("billing export script").
    pub name: String,
    /// The first characters of the secret, to recognise it.
    pub prefix: String,
    /// When it was created.
    pub created_at: DateTime<Utc>,
    /// When it stops working, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// When it last authenticated a request.
    pub last_used_at: Option<DateTime<Utc>>,
    /// When it was revoked.
    pub revoked_at: Option<DateTime<Utc>>,
}

#[derive(Queryable, Selectable)]
#[diesel(table_name = api_tokens)]
struct ApiTokenRow {
    id: String,
    name: String,
    token_prefix: String,
    created_at: NaiveDateTime,
    expires_at: Option<NaiveDateTime>,
    last_used_at: Option<NaiveDateTime>,
    revoked_at: Option<NaiveDateTime>,
}

impl From<ApiTokenRow> for ApiToken {
    fn from(row: ApiTokenRow) -> Self {
        ApiToken {
            id: parse_id(&row.id),
            name: row.name,
            prefix: row.token_prefix,
            created_at: row.created_at.and_utc(),
            expires_at: row.expires_at.map(|t| t.and_utc()),
            last_used_at: row.last_used_at.map(|t| t.and_utc()),
            revoked_at: row.revoked_at.map(|t| t.and_utc()),
        }
    }
}

/// Stores a new API token.
pub fn create_api_token(
    conn: &mut DbConnection,
    user_id: Uuid,
    name: &str,
    token_hash: &str,
    prefix: &str,
    expires_at: Option<NaiveDateTime>,
) -> Result<ApiToken, StoreError> {
    let id = Uuid::now_v7().to_string();
    diesel::insert_into(api_tokens::table)
        .values((
            api_tokens::id.eq(&id),
            api_tokens::user_id.eq(user_id.to_string()),
            api_tokens::name.eq(name.trim()),
            api_tokens::token_hash.eq(token_hash),
            api_tokens::token_prefix.eq(prefix),
            api_tokens::created_at.eq(now()),
            api_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .store()?;
    api_tokens::table
        .find(id)
        .select(ApiTokenRow::as_select())
        .first(conn)
        .store()
        .map(Into::into)
}

/// The owner's tokens, newest first (revoked ones included, marked).
pub fn list_api_tokens(conn: &mut DbConnection, user_id: Uuid) -> Result<Vec<ApiToken>, StoreError> {
    let rows = api_tokens::table
        .filter(api_tokens::user_id.eq(user_id.to_string()))
        .order(api_tokens::created_at.desc())
        .select(ApiTokenRow::as_select())
        .load(conn)
        .store()?;
    Ok(rows.into_iter().map(Into::into).collect())
}

/// Revokes one of the owner's tokens; another user's token is [`StoreError::NotFound`].
pub fn revoke_api_token(conn: &mut DbConnection, user_id: Uuid, token_id: Uuid) -> Result<(), StoreError> {
    let changed = diesel::update(
        api_tokens::table
            .filter(api_tokens::id.eq(token_id.to_string()))
            .filter(api_tokens::user_id.eq(user_id.to_string())),
    )
    .filter(api_tokens::revoked_at.is_null())
    .set(api_tokens::revoked_at.eq(now()))
    .execute(conn)
    .store()?;
    if changed == 0 {
        // Already revoked is fine (idempotent); unknown or someone else's is not found.
        let exists: i64 = api_tokens::table
            .filter(api_tokens::id.eq(token_id.to_string()))
            .filter(api_tokens::user_id.eq(user_id.to_string()))
            .count()
            .get_result(conn)
            .store()?;
        if exists == 0 {
            return Err(StoreError::NotFound);
        }
    }
    Ok(())
}

/// The active user behind a valid API token, and records its use. `None` when the token is
/// unknown, revoked, expired, or its user is inactive.
pub fn authenticate_api_token(conn: &mut DbConnection, token_hash: &str) -> Result<Option<User>, StoreError> {
    let at = now();
    let row: Option<(String, String, Option<NaiveDateTime>, Option<NaiveDateTime>)> = api_tokens::table
        .filter(api_tokens::token_hash.eq(token_hash))
        .select((
            api_tokens::id,
            api_tokens::user_id,
            api_tokens::expires_at,
            api_tokens::revoked_at,
        ))
        .first(conn)
        .optional()
        .store()?;
    let Some((id, user_id, expires_at, revoked_at)) = row else {
        return Ok(None);
    };
    if revoked_at.is_some() || expires_at.is_some_and(|e| e <= at) {
        return Ok(None);
    }
    let user = super::accounts::find_user(conn, parse_id(&user_id))?;
    if !user.active {
        return Ok(None);
    }
    // Minute precision is enough for "last used" and spares a write per request.
    diesel::update(api_tokens::table.find(&id))
        .filter(
            api_tokens::last_used_at
                .is_null()
                .or(api_tokens::last_used_at.lt(at - chrono::TimeDelta::minutes(1))),
        )
        .set(api_tokens::last_used_at.eq(at))
        .execute(conn)
        .store()?;
    Ok(Some(user))
}
