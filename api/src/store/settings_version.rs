//! The settings version: a number that database triggers move forward on every change to
//! the settings a new ticket is decided by (triage rules, priority matrix, schedules and
//! their closures, SLA policies, webhooks, organisations, contracts). A server may keep those
//! settings in memory for as long as this number stays the same, also when another server
//! or the command line changed them (see the migration `settings_version`).

use super::schema::settings_version;
use super::{DbConnection, ResultExt, StoreError};
use diesel::prelude::*;

/// The current version.
pub fn current(conn: &mut DbConnection) -> Result<i64, StoreError> {
    settings_version::table
        .find(1)
        .select(settings_version::version)
        .first(conn)
        .store()
}
