//! The figures of the reports, counted by the database where it can (grouped by bucket, so a
//! period of a year at a million tickets returns tens of rows, not the tickets) and finished
//! by the domain (buckets in Brussels time, business minutes, medians, money totals).
//!
//! Tickets belong to the bucket of their creation. Each bucket is counted over its own range
//! of instants, computed by [`crate::domain::reports`], so both backends put the same instant
//! in the same Brussels week or month.

use super::accounts::corrupt;
use super::schema::{interventions, organizations};
use super::sla::sla_calendar;
use super::{day_text, now, number_placeholders, parse_day, DbConnection, ResultExt, StoreError};
use crate::domain::billing::{BillingOutcome, Classification, ClassificationReason, Totals};
use crate::domain::reports::{self, bucket_of, bucket_of_day, Bucket, Period};
use crate::domain::ticket_status::{Channel, Kind};
use chrono::{NaiveDate, NaiveDateTime};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;

/// A bound value of a report query.
enum Param {
    Time(NaiveDateTime),
    Text(String),
}

/// Runs `sql` (with `?` placeholders) on either backend.
fn load<T>(conn: &mut DbConnection, sql: &str, params: &[Param]) -> Result<Vec<T>, StoreError>
where
    T: QueryableByName<diesel::sqlite::Sqlite> + QueryableByName<diesel::pg::Pg> + 'static,
{
    match conn {
        DbConnection::Sqlite(c) => {
            let mut query = diesel::sql_query(sql).into_boxed::<diesel::sqlite::Sqlite>();
            for param in params {
                query = match param {
                    Param::Time(t) => query.bind::<Timestamp, _>(*t),
                    Param::Text(s) => query.bind::<Text, _>(s.clone()),
                };
            }
            query.load::<T>(c).store()
        }
        DbConnection::Postgres(c) => {
            let (sql, _) = number_placeholders(sql, 1);
            let mut query = diesel::sql_query(sql).into_boxed::<diesel::pg::Pg>();
            for param in params {
                query = match param {
                    Param::Time(t) => query.bind::<Timestamp, _>(*t),
                    Param::Text(s) => query.bind::<Text, _>(s.clone()),
                };
            }
            query.load::<T>(c).store()
        }
    }
}

/// One `SELECT {index} AS bucket, {sums} FROM tickets WHERE created_at >= ? AND created_at < ?`
/// per bucket, joined by `UNION ALL`: each bucket reads its own range of the index and no row
/// is sorted or grouped (a `GROUP BY` over a `CASE` of the buckets cost twice as much: SQLite
/// sorts every row for it). `sum_params` are the parameters of `sums`, bound for each bucket.
fn per_bucket(
    sums: &str,
    sum_params: impl Fn() -> Vec<Param>,
    buckets: &[Bucket],
    organization: Option<Uuid>,
) -> (String, Vec<Param>) {
    let mut parts = Vec::with_capacity(buckets.len());
    let mut params = Vec::new();
    for (index, bucket) in buckets.iter().enumerate() {
        let mut part =
            format!("SELECT {index} AS bucket, {sums} FROM tickets WHERE created_at >= ? AND created_at < ?");
        params.extend(sum_params());
        params.push(Param::Time(bucket.start.naive_utc()));
        params.push(Param::Time(bucket.end.naive_utc()));
        if let Some(org) = organization {
            part.push_str(" AND organization_id = ?");
            params.push(Param::Text(org.to_string()));
        }
        parts.push(part);
    }
    (parts.join(" UNION ALL "), params)
}

fn count(value: i64) -> u64 {
    u64::try_from(value).unwrap_or(0)
}

/// Open tickets with one kind and priority.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BacklogCell {
    /// `support`, `issue` or `change_request`.
    pub kind: String,
    /// `critical`, `high`, `medium` or `low`.
    pub priority: String,
    /// How many are open now.
    pub tickets: u64,
}

#[derive(QueryableByName)]
struct BacklogRow {
    #[diesel(sql_type = Text)]
    kind: String,
    #[diesel(sql_type = Text)]
    priority: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// The open tickets now, by kind and priority (only the combinations that occur).
pub fn backlog(conn: &mut DbConnection, organization: Option<Uuid>) -> Result<Vec<BacklogCell>, StoreError> {
    // Counted from tickets_open_backlog, the open tickets' own (kind, priority, organisation)
    // index, in group order and without the table. PostgreSQL picks it by its statistics;
    // SQLite, which keeps none here, preferred tickets_status (and tickets_open_organization
    // for one organisation) and then read each open ticket's row: in sqlite3 at 208,000 open
    // tickets 0.5 s, against 26 ms from the index. A missing index is an error, not a slow count.
    let table = match conn {
        DbConnection::Sqlite(_) => "tickets INDEXED BY tickets_open_backlog",
        DbConnection::Postgres(_) => "tickets",
    };
    let mut sql = format!(
        "SELECT kind, priority, COUNT(*) AS n FROM {table} WHERE {}",
        super::tickets::OPEN_STATUSES_SQL
    );
    let mut params = Vec::new();
    if let Some(org) = organization {
        sql.push_str(" AND organization_id = ?");
        params.push(Param::Text(org.to_string()));
    }
    sql.push_str(" GROUP BY kind, priority");
    let rows: Vec<BacklogRow> = load(conn, &sql, &params)?;
    Ok(rows
        .into_iter()
        .map(|r| BacklogCell {
            kind: r.kind,
            priority: r.priority,
            tickets: count(r.n),
        })
        .collect())
}

/// First response and resolution of the tickets created in one week.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlaWeek {
    /// Tickets created in the week.
    pub tickets: u64,
    /// First response given by its due time.
    pub first_response_met: u64,
    /// First response given late, or not given and overdue now.
    pub first_response_missed: u64,
    /// Resolved by the due time.
    pub resolution_met: u64,
    /// Resolved late, or not resolved and overdue (a paused clock counts at its pause).
    pub resolution_missed: u64,
}

#[derive(QueryableByName)]
struct SlaRow {
    #[diesel(sql_type = Integer)]
    bucket: i32,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    fr_met: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    fr_missed: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    res_met: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    res_missed: Option<i64>,
}

/// SLA compliance of the tickets created in each of `weeks` (the period's ISO weeks), as the
/// SLA clock judges a target: met when reached by its due time; missed when reached later or
/// not reached and overdue at `now` (the resolution clock stands still while a ticket waits
/// on the customer). Targets still running count in neither.
pub fn sla_by_week(
    conn: &mut DbConnection,
    weeks: &[Bucket],
    organization: Option<Uuid>,
) -> Result<Vec<SlaWeek>, StoreError> {
    // COUNT(*) FILTER (WHERE ...) rather than SUM(CASE ...): a comparison with NULL is not
    // true, so `first_response_at <= first_response_due_at` needs no IS NOT NULL beside it,
    // and a row that does not match costs no addition (a year at a million tickets is half a
    // million rows: SQLite's user time 195 -> 144 ms for the whole year in sqlite3).
    let sums = "COUNT(*) AS n, \
         COUNT(*) FILTER (WHERE first_response_at <= first_response_due_at) AS fr_met, \
         COUNT(*) FILTER (WHERE first_response_at > first_response_due_at \
              OR (first_response_at IS NULL AND first_response_due_at < ?)) AS fr_missed, \
         COUNT(*) FILTER (WHERE resolved_at <= resolution_due_at) AS res_met, \
         COUNT(*) FILTER (WHERE resolved_at > resolution_due_at \
              OR (resolved_at IS NULL AND resolution_due_at < COALESCE(sla_paused_since, ?))) AS res_missed";
    let at = now();
    let (sql, params) = per_bucket(sums, || vec![Param::Time(at), Param::Time(at)], weeks, organization);
    let rows: Vec<SlaRow> = load(conn, &sql, &params)?;
    let mut out = vec![SlaWeek::default(); weeks.len()];
    for row in rows {
        let Some(week) = usize::try_from(row.bucket).ok().and_then(|i| out.get_mut(i)) else {
            continue;
        };
        *week = SlaWeek {
            tickets: count(row.n),
            first_response_met: count(row.fr_met.unwrap_or(0)),
            first_response_missed: count(row.fr_missed.unwrap_or(0)),
            resolution_met: count(row.res_met.unwrap_or(0)),
            resolution_missed: count(row.res_missed.unwrap_or(0)),
        };
    }
    Ok(out)
}

/// The tickets created in one month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TicketMonth {
    /// All of them.
    pub tickets: u64,
    /// Per channel, in the order of [`Channel::ALL`].
    pub by_channel: [u64; 4],
    /// Per kind, in the order of [`Kind::ALL`].
    pub by_kind: [u64; 3],
}

#[derive(QueryableByName)]
struct CountRow {
    #[diesel(sql_type = Integer)]
    bucket: i32,
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    c0: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    c1: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    c2: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    c3: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    k0: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    k1: Option<i64>,
    #[diesel(sql_type = Nullable<BigInt>)]
    k2: Option<i64>,
}

/// The tickets created in each of `months`, by channel and by kind.
pub fn tickets_by_month(
    conn: &mut DbConnection,
    months: &[Bucket],
    organization: Option<Uuid>,
) -> Result<Vec<TicketMonth>, StoreError> {
    // The codes are the enums' own (letters and underscores), so they are written inline.
    let mut sums = vec!["COUNT(*) AS n".to_owned()];
    for (i, channel) in Channel::ALL.iter().enumerate() {
        sums.push(format!(
            "COUNT(*) FILTER (WHERE channel = '{}') AS c{i}",
            channel.as_str()
        ));
    }
    for (i, kind) in Kind::ALL.iter().enumerate() {
        sums.push(format!("COUNT(*) FILTER (WHERE kind = '{}') AS k{i}", kind.as_str()));
    }
    let (sql, params) = per_bucket(&sums.join(", "), Vec::new, months, organization);
    let rows: Vec<CountRow> = load(conn, &sql, &params)?;
    let mut out = vec![TicketMonth::default(); months.len()];
    for r in rows {
        let Some(month) = usize::try_from(r.bucket).ok().and_then(|i| out.get_mut(i)) else {
            continue;
        };
        let n = |v: Option<i64>| count(v.unwrap_or(0));
        *month = TicketMonth {
            tickets: count(r.n),
            by_channel: [n(r.c0), n(r.c1), n(r.c2), n(r.c3)],
            by_kind: [n(r.k0), n(r.k1), n(r.k2)],
        };
    }
    Ok(out)
}

/// The first-response business time of the tickets created in one bucket.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FirstResponseTimes {
    /// Tickets created in the bucket that had a first response.
    pub answered: u64,
    /// Median business minutes from creation to the first response; `None` when none.
    pub median_business_minutes: Option<f64>,
}

/// An instant read by a report. On SQLite a timestamp is text; diesel's reading tries its
/// formats one by one with chrono's general parser, which was most of the first-response
/// report's time at half a million tickets (two per ticket). The text Loket writes
/// (`%F %T%.f`: `2026-12-04 09:12:03.118000`) is read here by position; anything else falls
/// back to diesel's reading.
#[derive(Debug, Clone, Copy)]
struct Instant(NaiveDateTime);

impl diesel::deserialize::FromSql<Timestamp, diesel::sqlite::Sqlite> for Instant {
    fn from_sql(mut value: diesel::sqlite::SqliteValue<'_, '_, '_>) -> diesel::deserialize::Result<Self> {
        if let Some(at) = parse_stored_time(value.read_text()) {
            return Ok(Instant(at));
        }
        <NaiveDateTime as diesel::deserialize::FromSql<Timestamp, diesel::sqlite::Sqlite>>::from_sql(value).map(Instant)
    }
}

impl diesel::deserialize::FromSql<Timestamp, diesel::pg::Pg> for Instant {
    fn from_sql(value: diesel::pg::PgValue<'_>) -> diesel::deserialize::Result<Self> {
        <NaiveDateTime as diesel::deserialize::FromSql<Timestamp, diesel::pg::Pg>>::from_sql(value).map(Instant)
    }
}

/// `YYYY-MM-DD HH:MM:SS` with an optional fraction of 1 to 9 digits, as diesel writes a
/// timestamp on SQLite; `None` for any other text.
fn parse_stored_time(text: &str) -> Option<NaiveDateTime> {
    let bytes = text.as_bytes();
    let number = |from: usize, to: usize| -> Option<u32> {
        bytes.get(from..to)?.iter().try_fold(0u32, |acc, &c| {
            c.is_ascii_digit().then(|| acc * 10 + u32::from(c - b'0'))
        })
    };
    let separators = [(4, b'-'), (7, b'-'), (10, b' '), (13, b':'), (16, b':')];
    if separators.iter().any(|(at, c)| bytes.get(*at) != Some(c)) {
        return None;
    }
    let nanos = match bytes.get(19) {
        None => 0,
        Some(b'.') => {
            let digits = u32::try_from(bytes.len() - 20).ok().filter(|d| (1..=9).contains(d))?;
            number(20, bytes.len())? * 10u32.pow(9 - digits)
        }
        Some(_) => return None,
    };
    let year = i32::try_from(number(0, 4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5, 7)?, number(8, 10)?)?.and_hms_nano_opt(
        number(11, 13)?,
        number(14, 16)?,
        number(17, 19)?,
        nanos,
    )
}

#[derive(QueryableByName)]
struct ResponseRow {
    #[diesel(sql_type = Timestamp)]
    created_at: Instant,
    #[diesel(sql_type = Timestamp)]
    first_response_at: Instant,
}

/// The median business minutes (on the SLA's calendar) from creation to the first public
/// staff reply of the tickets created in each of `months`, and over the whole period.
pub fn first_response_times(
    conn: &mut DbConnection,
    period: &Period,
    months: &[Bucket],
    organization: Option<Uuid>,
) -> Result<(Vec<FirstResponseTimes>, FirstResponseTimes), StoreError> {
    let mut sql = "SELECT created_at, first_response_at FROM tickets \
                   WHERE created_at >= ? AND created_at < ? AND first_response_at IS NOT NULL"
        .to_owned();
    let mut params = vec![
        Param::Time(period.start().naive_utc()),
        Param::Time(period.end().naive_utc()),
    ];
    if let Some(org) = organization {
        sql.push_str(" AND organization_id = ?");
        params.push(Param::Text(org.to_string()));
    }
    let rows: Vec<ResponseRow> = load(conn, &sql, &params)?;
    let calendar = sla_calendar(conn)?;
    let last = rows
        .iter()
        .map(|r| r.first_response_at.0.and_utc())
        .max()
        .unwrap_or_else(|| period.end());
    let clock = reports::BusinessClock::new(&calendar, period.start(), last.max(period.end()));
    let mut per_month: Vec<Vec<i64>> = vec![Vec::new(); months.len()];
    for row in &rows {
        let (created, answered) = (row.created_at.0.and_utc(), row.first_response_at.0.and_utc());
        if let Some(month) = bucket_of(months, created) {
            per_month[month].push(clock.minutes_between(created, answered));
        }
    }
    let summarise = |values: &mut [i64]| FirstResponseTimes {
        answered: values.len() as u64,
        median_business_minutes: reports::median(values),
    };
    let mut all: Vec<i64> = per_month.concat();
    Ok((
        per_month.iter_mut().map(|values| summarise(values)).collect(),
        summarise(&mut all),
    ))
}

/// One organisation's interventions in one month: included and billable time and amounts,
/// added up by the billing report's own rules ([`Totals::from_lines`] on the frozen
/// classifications, VAT on the month's total at the billing settings' rate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillingMonth {
    /// Index into the period's months.
    pub month: usize,
    /// The customer organisation.
    pub organization_id: Uuid,
    /// Its name.
    pub organization_name: String,
    /// Interventions counted.
    pub interventions: u64,
    /// The month's totals.
    pub totals: Totals,
}

/// One organisation's interventions over the whole period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillingOrganization {
    /// The customer organisation.
    pub organization_id: Uuid,
    /// Its name.
    pub organization_name: String,
    /// Interventions counted.
    pub interventions: u64,
    /// The period's totals, VAT on the period's total.
    pub totals: Totals,
}

/// The billing figures of a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BillingSummary {
    /// Per month and organisation, by month then organisation name.
    pub months: Vec<BillingMonth>,
    /// Per organisation, by name.
    pub organizations: Vec<BillingOrganization>,
}

type InterventionFigures = (
    String,
    String,
    String,
    String,
    i64,
    i64,
    i64,
    Option<String>,
    Option<i64>,
);

fn code<T: serde::de::DeserializeOwned>(column: &str, text: &str) -> Result<T, StoreError> {
    serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|e| corrupt(column, e))
}

/// The interventions performed in each of `months` (days in Belgium, as recorded), per
/// organisation, with their totals; ordered by month, then organisation name.
pub fn billing_by_month(
    conn: &mut DbConnection,
    period: &Period,
    months: &[Bucket],
    organization: Option<Uuid>,
    vat_rate_basis_points: u32,
) -> Result<BillingSummary, StoreError> {
    let mut query = interventions::table
        .filter(interventions::performed_on.ge(day_text(period.from())))
        .filter(interventions::performed_on.le(day_text(period.to())))
        .select((
            interventions::organization_id,
            interventions::performed_on,
            interventions::outcome,
            interventions::reason,
            interventions::minutes,
            interventions::billed_minutes,
            interventions::amount_cents,
            interventions::contract_number,
            interventions::hourly_rate_cents,
        ))
        .into_boxed();
    if let Some(org) = organization {
        query = query.filter(interventions::organization_id.eq(org.to_string()));
    }
    let rows: Vec<InterventionFigures> = query.load(conn).store()?;
    let mut groups: BTreeMap<(usize, String), Vec<Classification>> = BTreeMap::new();
    for (org, day, outcome, reason, minutes, billed, amount, contract, rate) in rows {
        let day: NaiveDate = parse_day("interventions.performed_on", &day)?;
        let Some(month) = bucket_of_day(months, day) else {
            continue;
        };
        let outcome: BillingOutcome = code("interventions.outcome", &outcome)?;
        let reason: ClassificationReason = code("interventions.reason", &reason)?;
        let minutes = u32::try_from(minutes).map_err(|e| corrupt("interventions.minutes", e))?;
        groups.entry((month, org)).or_default().push(Classification {
            outcome,
            reason,
            explanation_en: String::new(),
            explanation_nl: String::new(),
            contract_number: contract,
            hourly_rate_cents: rate.and_then(|r| u32::try_from(r).ok()),
            minutes_worked: minutes,
            billed_minutes: count(billed),
            amount_cents: count(amount),
        });
    }
    let mut per_organization: BTreeMap<&str, Vec<&Classification>> = BTreeMap::new();
    for ((_, org), lines) in &groups {
        per_organization.entry(org.as_str()).or_default().extend(lines.iter());
    }
    let ids: Vec<String> = per_organization.keys().map(|org| (*org).to_owned()).collect();
    let names: HashMap<String, String> = organizations::table
        .filter(organizations::id.eq_any(&ids))
        .select((organizations::id, organizations::name))
        .load::<(String, String)>(conn)
        .store()?
        .into_iter()
        .collect();
    let id_of = |org: &str| Uuid::parse_str(org).map_err(|e| corrupt("interventions.organization_id", e));
    let name_of = |org: &str| names.get(org).cloned().unwrap_or_default();
    let mut organizations: Vec<BillingOrganization> = per_organization
        .iter()
        .map(|(org, lines)| {
            Ok(BillingOrganization {
                organization_id: id_of(org)?,
                organization_name: name_of(org),
                interventions: lines.len() as u64,
                totals: Totals::from_lines(lines.iter().copied(), vat_rate_basis_points),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    organizations
        .sort_by(|a, b| (&a.organization_name, a.organization_id).cmp(&(&b.organization_name, b.organization_id)));
    let mut months: Vec<BillingMonth> = groups
        .iter()
        .map(|((month, org), lines)| {
            Ok(BillingMonth {
                month: *month,
                organization_id: id_of(org)?,
                organization_name: name_of(org),
                interventions: lines.len() as u64,
                totals: Totals::from_lines(lines, vat_rate_basis_points),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    months.sort_by(|a, b| {
        (a.month, &a.organization_name, a.organization_id).cmp(&(b.month, &b.organization_name, b.organization_id))
    });
    Ok(BillingSummary { months, organizations })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_stored_time_is_read_by_position_and_anything_else_is_left_to_diesel() {
        let at = |s: &str| NaiveDateTime::parse_from_str(s, "%F %T%.f").unwrap();
        assert_eq!(
            parse_stored_time("2026-12-04 09:12:03"),
            Some(at("2026-12-04 09:12:03"))
        );
        assert_eq!(
            parse_stored_time("2026-12-04 09:12:03.118"),
            Some(at("2026-12-04 09:12:03.118"))
        );
        assert_eq!(
            parse_stored_time("2024-02-29 23:59:59.000001"),
            Some(at("2024-02-29 23:59:59.000001"))
        );
        for other in [
            "",
            "2026-12-04",
            "2026-12-04T09:12:03",
            "2026-12-04 09:12:03.",
            "2026-12-04 09:12:03+01:00",
            "2026-13-04 09:12:03",
            "2026-02-30 09:12:03",
            "2026-12-04 24:00:00",
            "2026-1a-04 09:12:03",
            "2026-12-04 09:12:03.1234567890",
            "2460648.5",
        ] {
            assert_eq!(parse_stored_time(other), None, "{other}");
        }
    }

    proptest! {
        #[test]
        fn a_stored_time_reads_back_as_diesel_wrote_it(seconds in 0i64..4_102_444_800, micros in 0u32..1_000_000) {
            let written = chrono::DateTime::from_timestamp(seconds, micros * 1000).unwrap().naive_utc();
            // diesel's own encoding of a Timestamp on SQLite.
            let text = written.format("%F %T%.f").to_string();
            prop_assert_eq!(parse_stored_time(&text), Some(written));
        }
    }
}
