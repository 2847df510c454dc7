//! Calendar arithmetic on the seeded `interventions` schedule (Brussels support hours,
//! Belgian public holidays, the Christmas closure): `add_business_minutes` and
//! `business_minutes_between` over a day, a year and ten years, and the free-slot search of
//! a month for ten agents who each have appointments already.
//!
//! `cargo bench -p loket --bench calendar` (figures in the README's Benchmarks section).

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use loket::domain::calendar::{Calendar, SlotQuery, DEFAULT_TIME_ZONE};
use std::hint::black_box;
use std::num::NonZeroU32;

/// A wall-clock time in Brussels.
fn brussels(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    let local = NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|day| day.and_hms_opt(h, min, 0))
        .expect("valid date and time");
    DEFAULT_TIME_ZONE
        .from_local_datetime(&local)
        .single()
        .expect("not in a DST gap")
        .with_timezone(&Utc)
}

/// The spans measured, from Wednesday 25 November 2026 09:00: the year and the ten years
/// cross Christmas closures, Easter and both DST changes.
fn spans() -> [(&'static str, Duration); 3] {
    [
        ("day", Duration::days(1)),
        ("year", Duration::days(365)),
        ("ten_years", Duration::days(3_652)),
    ]
}

fn arithmetic(c: &mut Criterion) {
    let calendar = Calendar::interventions();
    let from = brussels(2026, 11, 25, 9, 0);
    let mut between = c.benchmark_group("business_minutes_between");
    for (name, span) in spans() {
        between.bench_with_input(BenchmarkId::from_parameter(name), &span, |b, span| {
            b.iter(|| calendar.business_minutes_between(black_box(from), black_box(from + *span)))
        });
    }
    between.finish();

    let mut add = c.benchmark_group("add_business_minutes");
    for (name, span) in spans() {
        // The business minutes the span holds, so the addition walks the same calendar span.
        let minutes = u32::try_from(calendar.business_minutes_between(from, from + span)).expect("fits");
        add.bench_with_input(BenchmarkId::from_parameter(name), &minutes, |b, minutes| {
            b.iter(|| calendar.add_business_minutes(black_box(from), black_box(*minutes)))
        });
    }
    add.finish();
}

/// Ten agents' appointments in March 2027: agent `n` has one-hour appointments on about
/// half the mornings and afternoons, shifted per agent, so each month has 15-25 of them.
fn agents_busy(calendar: &Calendar) -> Vec<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    (0..10u32)
        .map(|agent| {
            (1..=31u32)
                .flat_map(|day| [(day, 9 + (agent + day) % 3), (day, 13 + (agent * 2 + day) % 3)])
                .filter(|(day, hour)| (day + hour + agent) % 2 == 0)
                .map(|(day, hour)| {
                    let start = brussels(2027, 3, day, hour, 0);
                    (start, start + Duration::hours(1))
                })
                .filter(|(start, end)| calendar.check_booking(*start, *end).is_ok())
                .collect()
        })
        .collect()
}

fn slot_search(c: &mut Criterion) {
    let calendar = Calendar::interventions();
    let busy = agents_busy(&calendar);
    let query = SlotQuery::new(
        brussels(2027, 3, 1, 0, 0),
        brussels(2027, 4, 1, 0, 0),
        NonZeroU32::new(60).expect("not zero"),
    );
    c.bench_function("free_slots/month_ten_agents", |b| {
        b.iter(|| {
            busy.iter()
                .map(|appointments| calendar.free_slots(black_box(&query), black_box(appointments)).len())
                .sum::<usize>()
        })
    });
}

criterion_group!(benches, arithmetic, slot_search);
criterion_main!(benches);
