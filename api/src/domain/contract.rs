//! Maintenance contracts: validity periods, overlap detection, coverage on a
//! given day and the human contract number (`MC-2026-004`).
//!
//! Pure logic: no I/O, and "today" is always passed in by the caller.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

/// The days on which a maintenance contract is valid, both ends inclusive.
///
/// `ends_on == None` means open-ended. A period whose `ends_on` lies before
/// `starts_on` is invalid; [`ContractPeriod::new`] refuses it, and should one
/// be built field by field anyway, it is treated as empty: valid on no day and
/// overlapping nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
pub struct ContractPeriod {
    /// First day the contract is valid.
    pub starts_on: NaiveDate,
    /// Last day the contract is valid; `None` when open-ended.
    pub ends_on: Option<NaiveDate>,
}

/// A period whose last day lies before its first day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
#[error("a contract cannot end on {ends_on}, before it starts on {starts_on}")]
pub struct InvalidContractPeriod {
    /// The proposed first day.
    pub starts_on: NaiveDate,
    /// The proposed last day, which lies before `starts_on`.
    pub ends_on: NaiveDate,
}

impl ContractPeriod {
    /// Builds a period, refusing one that ends before it starts.
    pub fn new(starts_on: NaiveDate, ends_on: Option<NaiveDate>) -> Result<Self, InvalidContractPeriod> {
        let period = Self { starts_on, ends_on };
        period.validate()?;
        Ok(period)
    }

    /// Checks that `ends_on`, if any, is not before `starts_on`.
    pub fn validate(&self) -> Result<(), InvalidContractPeriod> {
        match self.ends_on {
            Some(ends_on) if ends_on < self.starts_on => Err(InvalidContractPeriod {
                starts_on: self.starts_on,
                ends_on,
            }),
            _ => Ok(()),
        }
    }

    /// Whether the contract is valid on `day`; both ends are inclusive.
    pub fn is_valid_on(&self, day: NaiveDate) -> bool {
        self.starts_on <= day && self.ends_on.is_none_or(|ends_on| day <= ends_on)
    }

    /// Whether at least one day lies in both periods.
    ///
    /// Symmetric. An invalid (inverted) period overlaps nothing.
    pub fn overlaps(&self, other: &ContractPeriod) -> bool {
        let latest_start = self.starts_on.max(other.starts_on);
        // `None` (open-ended) is the latest possible end.
        let earliest_end = match (self.ends_on, other.ends_on) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (Some(a), None) | (None, Some(a)) => Some(a),
            (None, None) => None,
        };
        // An inverted period has its end before its start, so it never
        // satisfies this and overlaps nothing.
        earliest_end.is_none_or(|end| latest_start <= end)
    }
}

impl fmt::Display for ContractPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.ends_on {
            Some(ends_on) => write!(f, "{} to {}", self.starts_on, ends_on),
            None => write!(f, "from {}, open-ended", self.starts_on),
        }
    }
}

/// The facts about a maintenance contract that coverage and billing need.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MaintenanceContract {
    /// Human contract number given by the store, e.g. `MC-2026-004`.
    pub number: String,
    /// Days on which the contract is valid (`starts_on`, `ends_on` in JSON).
    #[serde(flatten)]
    pub period: ContractPeriod,
    /// Hourly rate in cents (excluding VAT) for interventions on subjects the
    /// contract does not include.
    pub hourly_rate_cents: u32,
}

/// A proposed contract period overlaps an existing contract of the same
/// organisation; the API answers 409 Conflict naming that contract.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("the period overlaps maintenance contract {number} ({period})")]
pub struct OverlappingContract {
    /// Number of the existing contract that overlaps.
    pub number: String,
    /// Period of the existing contract that overlaps.
    pub period: ContractPeriod,
}

/// Finds an existing contract whose period overlaps `proposed`.
///
/// When editing a contract, leave that contract itself out of `existing`.
/// When several overlap, the earliest-starting one is returned (ties broken
/// by number) so that the answer does not depend on the order of `existing`.
pub fn find_overlapping<'a>(
    proposed: &ContractPeriod,
    existing: impl IntoIterator<Item = &'a MaintenanceContract>,
) -> Option<&'a MaintenanceContract> {
    existing
        .into_iter()
        .filter(|contract| contract.period.overlaps(proposed))
        .min_by(|a, b| (a.period.starts_on, &a.number).cmp(&(b.period.starts_on, &b.number)))
}

/// Refuses `proposed` when it overlaps one of `existing`; see
/// [`find_overlapping`] for which contract is named.
pub fn ensure_no_overlap<'a>(
    proposed: &ContractPeriod,
    existing: impl IntoIterator<Item = &'a MaintenanceContract>,
) -> Result<(), OverlappingContract> {
    match find_overlapping(proposed, existing) {
        Some(contract) => Err(OverlappingContract {
            number: contract.number.clone(),
            period: contract.period,
        }),
        None => Ok(()),
    }
}

/// The contract valid on `day`, if any.
///
/// Contracts of one organisation should not overlap; if stored data has
/// overlapping contracts anyway, the most recently started one wins (ties
/// broken by the highest number), being the latest agreement.
pub fn contract_valid_on<'a>(
    day: NaiveDate,
    contracts: impl IntoIterator<Item = &'a MaintenanceContract>,
) -> Option<&'a MaintenanceContract> {
    contracts
        .into_iter()
        .filter(|contract| contract.period.is_valid_on(day))
        .max_by(|a, b| (a.period.starts_on, &a.number).cmp(&(b.period.starts_on, &b.number)))
}

/// Whether an organisation is covered by a maintenance contract on a day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Coverage {
    /// A contract is valid on the day.
    pub covered: bool,
    /// Number of the contract valid on the day; `None` when not covered.
    pub contract_number: Option<String>,
    /// Last day of uninterrupted coverage, following back-to-back renewals
    /// (a contract starting the day after the previous one ends).
    /// `None` when not covered, or when covered and coverage is open-ended.
    pub until: Option<NaiveDate>,
}

/// Summarises the coverage on `day` given an organisation's contracts.
pub fn coverage_on(day: NaiveDate, contracts: &[MaintenanceContract]) -> Coverage {
    let Some(current) = contract_valid_on(day, contracts) else {
        return Coverage {
            covered: false,
            contract_number: None,
            until: None,
        };
    };
    let mut until = current.period.ends_on;
    // Each renewal found ends strictly later than the previous end, so this
    // terminates.
    while let Some(renewal) = until
        .and_then(|end| end.succ_opt())
        .and_then(|next_day| contract_valid_on(next_day, contracts))
    {
        until = renewal.period.ends_on;
    }
    Coverage {
        covered: true,
        contract_number: Some(current.number.clone()),
        until,
    }
}

/// The structured form of a contract number: `MC-<year>-<sequence>`, the
/// sequence zero-padded to at least three digits (`MC-2026-004`,
/// `MC-2026-1234`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ContractNumber {
    /// Year, four digits.
    pub year: i32,
    /// Sequence within the year, starting at 1.
    pub sequence: u32,
}

/// A string that is not a contract number in canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("{0:?} is not a contract number like MC-2026-004")]
pub struct InvalidContractNumber(pub String);

impl ContractNumber {
    /// The number following the highest sequence already used in `year`
    /// among `existing` numbers; strings that are not contract numbers are
    /// ignored (they cannot collide with a canonical number).
    pub fn next_in_year<'a>(year: i32, existing: impl IntoIterator<Item = &'a str>) -> Self {
        let highest_sequence = existing
            .into_iter()
            .filter_map(|number| number.parse::<ContractNumber>().ok())
            .filter(|number| number.year == year)
            .map(|number| number.sequence)
            .max()
            .unwrap_or(0);
        Self {
            year,
            sequence: highest_sequence.saturating_add(1),
        }
    }
}

impl fmt::Display for ContractNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MC-{:04}-{:03}", self.year, self.sequence)
    }
}

impl FromStr for ContractNumber {
    type Err = InvalidContractNumber;

    /// Accepts only the canonical form that [`fmt::Display`] produces.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let invalid = || InvalidContractNumber(text.to_owned());
        let rest = text.strip_prefix("MC-").ok_or_else(invalid)?;
        let (year, sequence) = rest.split_once('-').ok_or_else(invalid)?;
        let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if year.len() != 4 || !all_digits(year) || !all_digits(sequence) {
            return Err(invalid());
        }
        let number = Self {
            year: year.parse().map_err(|_| invalid())?,
            sequence: sequence.parse().map_err(|_| invalid())?,
        };
        // Rejects sequence 0 and extra leading zeros such as `MC-2026-0004`.
        if number.sequence == 0 || number.to_string() != text {
            return Err(invalid());
        }
        Ok(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("valid test date")
    }

    fn period(starts_on: NaiveDate, ends_on: Option<NaiveDate>) -> ContractPeriod {
        ContractPeriod::new(starts_on, ends_on).expect("valid test period")
    }

    fn contract(number: &str, starts_on: NaiveDate, ends_on: Option<NaiveDate>) -> MaintenanceContract {
        MaintenanceContract {
            number: number.to_owned(),
            period: period(starts_on, ends_on),
            hourly_rate_cents: 9_000,
        }
    }

    fn year_2026() -> ContractPeriod {
        period(date(2026, 1, 1), Some(date(2026, 12, 31)))
    }

    #[test]
    fn new_accepts_single_day_and_open_ended_periods() {
        let single_day = ContractPeriod::new(date(2026, 3, 2), Some(date(2026, 3, 2)));
        assert_eq!(
            single_day,
            Ok(ContractPeriod {
                starts_on: date(2026, 3, 2),
                ends_on: Some(date(2026, 3, 2))
            })
        );
        assert!(ContractPeriod::new(date(2026, 3, 2), None).is_ok());
    }

    #[test]
    fn new_refuses_end_before_start() {
        let error = ContractPeriod::new(date(2026, 3, 2), Some(date(2026, 3, 1)))
            .expect_err("end before start must be refused");
        assert_eq!(
            error,
            InvalidContractPeriod {
                starts_on: date(2026, 3, 2),
                ends_on: date(2026, 3, 1)
            }
        );
        assert_eq!(
            error.to_string(),
            "a contract cannot end on 2026-03-01, before it starts on 2026-03-02"
        );
    }

    #[test]
    fn validity_boundaries_of_a_closed_period() {
        let contract_year = year_2026();
        assert!(!contract_year.is_valid_on(date(2025, 12, 31)), "day before start");
        assert!(contract_year.is_valid_on(date(2026, 1, 1)), "start day");
        assert!(contract_year.is_valid_on(date(2026, 7, 15)), "middle");
        assert!(contract_year.is_valid_on(date(2026, 12, 31)), "end day");
        assert!(!contract_year.is_valid_on(date(2027, 1, 1)), "day after end");
    }

    #[test]
    fn validity_of_an_open_ended_period() {
        let open_ended = period(date(2026, 1, 1), None);
        assert!(!open_ended.is_valid_on(date(2025, 12, 31)));
        assert!(open_ended.is_valid_on(date(2026, 1, 1)));
        assert!(open_ended.is_valid_on(date(2099, 12, 31)));
        assert!(open_ended.is_valid_on(NaiveDate::MAX));
    }

    #[test]
    fn inverted_period_built_by_hand_is_empty() {
        let inverted = ContractPeriod {
            starts_on: date(2026, 3, 10),
            ends_on: Some(date(2026, 3, 5)),
        };
        assert!(!inverted.is_valid_on(date(2026, 3, 5)));
        assert!(!inverted.is_valid_on(date(2026, 3, 7)));
        assert!(!inverted.is_valid_on(date(2026, 3, 10)));
        assert!(!inverted.overlaps(&year_2026()));
        assert!(!year_2026().overlaps(&inverted));
    }

    #[test]
    fn overlap_cases() {
        let contract_year = year_2026();
        let touching_end = period(date(2026, 12, 31), Some(date(2027, 6, 30)));
        let next_year = period(date(2027, 1, 1), Some(date(2027, 12, 31)));
        let previous_year = period(date(2025, 1, 1), Some(date(2025, 12, 31)));
        let touching_start = period(date(2025, 6, 1), Some(date(2026, 1, 1)));
        let inside = period(date(2026, 5, 1), Some(date(2026, 5, 1)));
        let open_before = period(date(2020, 1, 1), None);
        let open_after = period(date(2027, 1, 1), None);

        assert!(contract_year.overlaps(&contract_year));
        assert!(contract_year.overlaps(&touching_end), "shared last day");
        assert!(contract_year.overlaps(&touching_start), "shared first day");
        assert!(contract_year.overlaps(&inside));
        assert!(contract_year.overlaps(&open_before));
        assert!(!contract_year.overlaps(&next_year), "back-to-back renewal");
        assert!(!contract_year.overlaps(&previous_year));
        assert!(!contract_year.overlaps(&open_after));
        assert!(open_before.overlaps(&open_after), "two open-ended periods");
    }

    #[test]
    fn period_display() {
        assert_eq!(year_2026().to_string(), "2026-01-01 to 2026-12-31");
        assert_eq!(
            period(date(2026, 1, 1), None).to_string(),
            "from 2026-01-01, open-ended"
        );
    }

    #[test]
    fn find_overlapping_names_the_earliest_overlapping_contract() {
        let contracts = [
            contract("MC-2027-001", date(2027, 1, 1), Some(date(2027, 12, 31))),
            contract("MC-2025-003", date(2025, 1, 1), Some(date(2025, 12, 31))),
            contract("MC-2026-004", date(2026, 1, 1), Some(date(2026, 12, 31))),
        ];
        let proposed = period(date(2026, 6, 1), Some(date(2027, 5, 31)));
        let found = find_overlapping(&proposed, &contracts).map(|c| c.number.as_str());
        assert_eq!(found, Some("MC-2026-004"));

        let renewal = period(date(2028, 1, 1), None);
        assert_eq!(find_overlapping(&renewal, &contracts), None);
        assert_eq!(find_overlapping(&renewal, &[]), None);
    }

    #[test]
    fn ensure_no_overlap_reports_the_contract_for_a_409() {
        let contracts = [contract("MC-2026-004", date(2026, 1, 1), Some(date(2026, 12, 31)))];
        let error =
            ensure_no_overlap(&period(date(2026, 12, 31), None), &contracts).expect_err("overlap must be refused");
        assert_eq!(error.number, "MC-2026-004");
        assert_eq!(error.period, year_2026());
        assert_eq!(
            error.to_string(),
            "the period overlaps maintenance contract MC-2026-004 (2026-01-01 to 2026-12-31)"
        );
        assert_eq!(ensure_no_overlap(&period(date(2027, 1, 1), None), &contracts), Ok(()));
    }

    #[test]
    fn contract_valid_on_picks_the_one_containing_the_day() {
        let contracts = [
            contract("MC-2025-003", date(2025, 1, 1), Some(date(2025, 12, 31))),
            contract("MC-2026-004", date(2026, 1, 1), Some(date(2026, 12, 31))),
        ];
        let number_on = |day| contract_valid_on(day, &contracts).map(|c| c.number.as_str());
        assert_eq!(number_on(date(2024, 12, 31)), None);
        assert_eq!(number_on(date(2025, 12, 31)), Some("MC-2025-003"));
        assert_eq!(number_on(date(2026, 1, 1)), Some("MC-2026-004"));
        assert_eq!(number_on(date(2027, 1, 1)), None);
    }

    #[test]
    fn contract_valid_on_prefers_the_latest_start_when_data_overlaps() {
        let contracts = [
            contract("MC-2026-009", date(2026, 6, 1), None),
            contract("MC-2026-004", date(2026, 1, 1), Some(date(2026, 12, 31))),
        ];
        let found = contract_valid_on(date(2026, 7, 1), &contracts).map(|c| c.number.as_str());
        assert_eq!(found, Some("MC-2026-009"));
    }

    #[test]
    fn coverage_without_contracts() {
        assert_eq!(
            coverage_on(date(2026, 3, 2), &[]),
            Coverage {
                covered: false,
                contract_number: None,
                until: None
            }
        );
    }

    #[test]
    fn coverage_boundaries() {
        let contracts = [contract("MC-2026-004", date(2026, 1, 1), Some(date(2026, 12, 31)))];
        let covered = Coverage {
            covered: true,
            contract_number: Some("MC-2026-004".to_owned()),
            until: Some(date(2026, 12, 31)),
        };
        let not_covered = Coverage {
            covered: false,
            contract_number: None,
            until: None,
        };
        assert_eq!(coverage_on(date(2025, 12, 31), &contracts), not_covered);
        assert_eq!(coverage_on(date(2026, 1, 1), &contracts), covered);
        assert_eq!(coverage_on(date(2026, 12, 31), &contracts), covered);
        assert_eq!(coverage_on(date(2027, 1, 1), &contracts), not_covered);
    }

    #[test]
    fn coverage_open_ended() {
        let contracts = [contract("MC-2026-004", date(2026, 1, 1), None)];
        assert_eq!(
            coverage_on(date(2030, 1, 1), &contracts),
            Coverage {
                covered: true,
                contract_number: Some("MC-2026-004".to_owned()),
                until: None
            }
        );
    }

    #[test]
    fn coverage_until_follows_back_to_back_renewals_but_not_gaps() {
        let contracts = [
            contract("MC-2026-004", date(2026, 1, 1), Some(date(2026, 12, 31))),
            contract("MC-2027-001", date(2027, 1, 1), Some(date(2027, 12, 31))),
            // One day gap: 2028-01-01 is not covered.
            contract("MC-2028-001", date(2028, 1, 2), None),
        ];
        let coverage = coverage_on(date(2026, 3, 2), &contracts);
        assert_eq!(coverage.contract_number.as_deref(), Some("MC-2026-004"));
        assert_eq!(coverage.until, Some(date(2027, 12, 31)));

        let later = coverage_on(date(2028, 1, 2), &contracts);
        assert_eq!(later.contract_number.as_deref(), Some("MC-2028-001"));
        assert_eq!(later.until, None);
        assert!(!coverage_on(date(2028, 1, 1), &contracts).covered);
    }

    #[test]
    fn coverage_until_ending_on_the_last_representable_day() {
        let contracts = [contract("MC-2026-004", date(2026, 1, 1), Some(NaiveDate::MAX))];
        assert_eq!(coverage_on(date(2026, 1, 1), &contracts).until, Some(NaiveDate::MAX));
    }

    #[test]
    fn contract_number_format_and_parse() {
        let number = ContractNumber {
            year: 2026,
            sequence: 4,
        };
        assert_eq!(number.to_string(), "MC-2026-004");
        assert_eq!("MC-2026-004".parse(), Ok(number));
        assert_eq!(
            "MC-2026-1234".parse(),
            Ok(ContractNumber {
                year: 2026,
                sequence: 1234
            })
        );
    }

    #[test]
    fn contract_number_rejects_non_canonical_text() {
        for text in [
            "",
            "MC-2026-",
            "MC-2026-04",
            "MC-2026-0004",
            "MC-2026-000",
            "MC-26-004",
            "MC-20266-004",
            "mc-2026-004",
            "MC-2026-+04",
            "MC-2026-004 ",
            "MC-2026-00a",
            "XX-2026-004",
            "MC-2026-004-1",
        ] {
            assert_eq!(
                text.parse::<ContractNumber>(),
                Err(InvalidContractNumber(text.to_owned())),
                "{text:?}"
            );
        }
    }

    #[test]
    fn next_contract_number_in_year() {
        let existing = ["MC-2026-003", "MC-2025-017", "MC-2026-001", "legacy-42"];
        assert_eq!(ContractNumber::next_in_year(2026, existing).to_string(), "MC-2026-004");
        assert_eq!(ContractNumber::next_in_year(2027, existing).to_string(), "MC-2027-001");
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        // 2020-01-01 plus up to about 11 years.
        (0i64..4_000).prop_map(|offset| date(2020, 1, 1) + chrono::Days::new(offset as u64))
    }

    fn any_period() -> impl Strategy<Value = ContractPeriod> {
        (any_date(), proptest::option::of(0u64..800))
            .prop_map(|(starts_on, length)| period(starts_on, length.map(|days| starts_on + chrono::Days::new(days))))
    }

    proptest! {
        #[test]
        fn overlap_is_symmetric(a in any_period(), b in any_period()) {
            prop_assert_eq!(a.overlaps(&b), b.overlaps(&a));
        }

        #[test]
        fn overlap_means_a_shared_day(a in any_period(), b in any_period()) {
            let latest_start = a.starts_on.max(b.starts_on);
            let shared_day_exists = a.is_valid_on(latest_start) && b.is_valid_on(latest_start);
            prop_assert_eq!(a.overlaps(&b), shared_day_exists);
        }

        #[test]
        fn a_period_overlaps_itself(a in any_period()) {
            prop_assert!(a.overlaps(&a));
        }

        #[test]
        fn validity_matches_the_inclusive_bounds(p in any_period(), day in any_date()) {
            let expected = p.starts_on <= day && p.ends_on.is_none_or(|end| day <= end);
            prop_assert_eq!(p.is_valid_on(day), expected);
        }

        #[test]
        fn new_accepts_exactly_the_ordered_periods(start in any_date(), end in any_date()) {
            prop_assert_eq!(ContractPeriod::new(start, Some(end)).is_ok(), start <= end);
        }

        #[test]
        fn coverage_agrees_with_validity(p in any_period(), day in any_date()) {
            let contracts = [MaintenanceContract {
                number: "MC-2026-001".to_owned(),
                period: p,
                hourly_rate_cents: 0,
            }];
            let coverage = coverage_on(day, &contracts);
            prop_assert_eq!(coverage.covered, p.is_valid_on(day));
            prop_assert_eq!(coverage.contract_number.is_some(), coverage.covered);
            if coverage.covered {
                prop_assert_eq!(coverage.until, p.ends_on);
            } else {
                prop_assert_eq!(coverage.until, None);
            }
        }

        #[test]
        fn no_overlap_found_means_no_existing_period_overlaps(
            proposed in any_period(),
            existing in proptest::collection::vec(any_period(), 0..6),
        ) {
            let contracts: Vec<MaintenanceContract> = existing
                .into_iter()
                .enumerate()
                .map(|(index, period)| MaintenanceContract {
                    number: format!("MC-2026-{:03}", index + 1),
                    period,
                    hourly_rate_cents: 0,
                })
                .collect();
            match find_overlapping(&proposed, &contracts) {
                Some(found) => prop_assert!(found.period.overlaps(&proposed)),
                None => prop_assert!(contracts.iter().all(|c| !c.period.overlaps(&proposed))),
            }
        }

        #[test]
        fn contract_number_round_trips(year in 1000i32..=9999, sequence in 1u32..100_000) {
            let number = ContractNumber { year, sequence };
            prop_assert_eq!(number.to_string().parse::<ContractNumber>(), Ok(number));
        }
    }
}
