//! Billing classification of interventions under the support policy.
//!
//! Without a maintenance contract valid on the day of an intervention, every
//! intervention is billed on time and materials ("in regie"). With one, the
//! subject decides, according to the coverage table: an included subject is
//! not billed, any other subject is billed at the contract's hourly rate.
//!
//! Money is integer cents throughout, never floating point:
//! - billable time is rounded up per started increment (15 minutes by
//!   default), then raised to the minimum billable time if below it;
//! - amount = billed minutes × hourly rate / 60, rounded half up to the cent;
//! - VAT is not computed per line but once on the total of a report, as
//!   Belgian invoices compute VAT on the invoice total, rounded half up to
//!   the cent.
//!
//! Pure logic: no I/O, and dates are always passed in by the caller.

use std::num::NonZeroU32;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use thiserror::Error;
use utoipa::ToSchema;

use crate::domain::contract::{contract_valid_on, MaintenanceContract};

/// One subject of the coverage table: whether a maintenance contract
/// includes interventions on it.
///
/// The table is data that administrators change; [`default_coverage_table`]
/// seeds it with the policy as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CoverageRow {
    /// Stable snake_case code, e.g. `database_script`.
    pub code: String,
    /// Dutch label, as in the policy.
    pub label_nl: String,
    /// English label.
    pub label_en: String,
    /// Interventions on this subject are included in a maintenance contract.
    pub included: bool,
    /// The subject is no longer offered for new interventions. Interventions
    /// already recorded on it are still classified by `included`.
    pub retired: bool,
}

/// A coverage row an administrator proposed that cannot be stored.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum InvalidCoverageRow {
    /// The code is not snake_case: lowercase ASCII letters and digits in
    /// words joined by single underscores, starting with a letter.
    #[error("subject code {0:?} must be snake_case, like database_script")]
    Code(String),
    /// A label is empty or only whitespace.
    #[error("subject {code} needs both a Dutch and an English label")]
    EmptyLabel {
        /// Code of the row missing a label.
        code: String,
    },
}

impl CoverageRow {
    /// Checks the code is snake_case and both labels are filled in.
    pub fn validate(&self) -> Result<(), InvalidCoverageRow> {
        let is_word =
            |word: &str| !word.is_empty() && word.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        let starts_with_letter = self.code.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
        if !starts_with_letter || !self.code.split('_').all(is_word) {
            return Err(InvalidCoverageRow::Code(self.code.clone()));
        }
        if self.label_nl.trim().is_empty() || self.label_en.trim().is_empty() {
            return Err(InvalidCoverageRow::EmptyLabel {
                code: self.code.clone(),
            });
        }
        Ok(())
    }
}

/// The policy's coverage table as published: five included subjects (left
/// column) and four that are not included (right column).
pub fn default_coverage_table() -> Vec<CoverageRow> {
    let row = |code: &str, label_nl: &str, label_en: &str, included: bool| CoverageRow {
        code: code.to_owned(),
        label_nl: label_nl.to_owned(),
        label_en: label_en.to_owned(),
        included,
        retired: false,
    };
    vec![
        row(
            "knowledge_base",
            "Gebruik van onze knowledgebase artikels",
            "Use of our knowledge-base articles",
            true,
        ),
        row(
            "bug_report",
            "Melden van problemen/bugs",
            "Reporting problems / bugs",
            true,
        ),
        row(
            "change_request",
            "Aanvragen tot wijzigingen (Change requests)",
            "Requests for changes (change requests)",
            true,
        ),
        row(
            "user_question",
            "Stellen van gebruikersvragen",
            "Asking user questions",
            true,
        ),
        row("training", "Opleiding", "Training", true),
        row(
            "database_script",
            "Scripts of aanpassingen rechtstreeks op de database",
            "Scripts or changes made directly on the database",
            false,
        ),
        row(
            "installation_upgrade",
            "(her)Installaties/Upgrades",
            "(Re)installations and upgrades",
            false,
        ),
        row(
            "reports_layouts",
            "Maken of aanpassen van rapporten en lay-outs",
            "Creating or changing reports and layouts",
            false,
        ),
        row("custom_work", "Maatwerk", "Custom work", false),
    ]
}

/// The row of `table` with code `code`, retired or not.
pub fn find_coverage_row<'a>(table: &'a [CoverageRow], code: &str) -> Option<&'a CoverageRow> {
    table.iter().find(|row| row.code == code)
}

/// Default billing increment: every started quarter of an hour is billed.
pub const DEFAULT_INCREMENT_MINUTES: NonZeroU32 = match NonZeroU32::new(15) {
    Some(minutes) => minutes,
    None => panic!("15 is not zero"),
};

/// Default minimum billable time: one increment, so by default the minimum
/// changes nothing beyond "every started quarter is billed"; administrators
/// raise it for a larger minimum charge (e.g. 30 minutes).
pub const DEFAULT_MINIMUM_MINUTES: u32 = 15;

/// Seed hourly rate for customers without a contract, 95.00 EUR excluding
/// VAT. The policy names no rate; administrators set their own.
pub const DEFAULT_HOURLY_RATE_CENTS: u32 = 9_500;

/// Belgian standard VAT rate, 21 %, in basis points.
pub const DEFAULT_VAT_RATE_BASIS_POINTS: u32 = 2_100;

/// 100 % in basis points; the highest VAT rate accepted.
pub const MAX_VAT_RATE_BASIS_POINTS: u32 = 10_000;

/// How time is billed. Changed by administrators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BillingSettings {
    /// Billable time is rounded up to a whole number of these (at most a day).
    #[schema(value_type = u32, minimum = 1, maximum = 1440)]
    pub increment_minutes: NonZeroU32,
    /// Billable time of an intervention with any time worked is at least
    /// this. Applied after rounding and not itself rounded, so a minimum
    /// that is not a multiple of the increment is billed as set (at most a day).
    #[schema(maximum = 1440)]
    pub minimum_minutes: u32,
    /// Hourly rate in cents, excluding VAT, for customers without a
    /// contract valid on the day (at most 10,000.00).
    #[schema(maximum = 1_000_000)]
    pub default_hourly_rate_cents: u32,
    /// VAT rate in basis points: 2100 is 21 %.
    #[schema(maximum = 10_000)]
    pub vat_rate_basis_points: u32,
}

impl Default for BillingSettings {
    fn default() -> Self {
        Self {
            increment_minutes: DEFAULT_INCREMENT_MINUTES,
            minimum_minutes: DEFAULT_MINIMUM_MINUTES,
            default_hourly_rate_cents: DEFAULT_HOURLY_RATE_CENTS,
            vat_rate_basis_points: DEFAULT_VAT_RATE_BASIS_POINTS,
        }
    }
}

/// Billing settings an administrator proposed that cannot be stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum InvalidBillingSettings {
    /// The VAT rate is above 100 %.
    #[error("VAT rate of {0} basis points is above 100 % (10000)")]
    VatRateAbove100Percent(u32),
    /// The increment or the minimum is longer than a day.
    #[error("{0} minutes is longer than a day ({MAX_SETTING_MINUTES})")]
    MinutesAboveADay(u32),
    /// The default hourly rate is above 10,000.00.
    #[error("an hourly rate of {0} cents is above {MAX_DEFAULT_HOURLY_RATE_CENTS}")]
    RateTooHigh(u32),
}

/// The longest rounding increment or minimum, in minutes: a day.
pub const MAX_SETTING_MINUTES: u32 = 1440;
/// The highest default hourly rate, in cents (10,000.00), as for a contract.
pub const MAX_DEFAULT_HOURLY_RATE_CENTS: u32 = 1_000_000;

impl BillingSettings {
    /// Checks the settings make sense; the types already rule out a zero
    /// increment and negative rates.
    pub fn validate(&self) -> Result<(), InvalidBillingSettings> {
        if self.vat_rate_basis_points > MAX_VAT_RATE_BASIS_POINTS {
            return Err(InvalidBillingSettings::VatRateAbove100Percent(
                self.vat_rate_basis_points,
            ));
        }
        for minutes in [self.increment_minutes.get(), self.minimum_minutes] {
            if minutes > MAX_SETTING_MINUTES {
                return Err(InvalidBillingSettings::MinutesAboveADay(minutes));
            }
        }
        if self.default_hourly_rate_cents > MAX_DEFAULT_HOURLY_RATE_CENTS {
            return Err(InvalidBillingSettings::RateTooHigh(self.default_hourly_rate_cents));
        }
        Ok(())
    }
}

/// Everything [`classify`] needs about one intervention.
#[derive(Debug, Clone, Copy)]
pub struct InterventionToClassify<'a> {
    /// Day of the intervention (Europe/Brussels).
    pub performed_on: NaiveDate,
    /// Subject code recorded on the intervention.
    pub subject_code: &'a str,
    /// The coverage row for `subject_code`, or `None` if the table has none.
    pub subject: Option<&'a CoverageRow>,
    /// The organisation's maintenance contracts; the one valid on
    /// `performed_on`, if any, applies. Passing only that one is fine.
    pub contracts: &'a [MaintenanceContract],
    /// Time actually worked.
    pub minutes_worked: u32,
    /// Rounding, default rate and VAT settings.
    pub settings: &'a BillingSettings,
}

/// Whether an intervention is billed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BillingOutcome {
    /// Included in the maintenance contract: not billed.
    Included,
    /// Billed on time and materials.
    Billable,
}

/// Why an intervention is included or billable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ClassificationReason {
    /// No contract valid on the day: billable whatever the subject, at the
    /// default rate.
    NoValidContract,
    /// A contract is valid and the subject is included: not billed.
    SubjectIncluded,
    /// A contract is valid but the subject is not included: billable at the
    /// contract's rate.
    SubjectNotIncluded,
    /// A contract is valid but the subject is not in the coverage table:
    /// billable at the contract's rate, since the contract includes only the
    /// subjects listed as included. Staff should correct the subject.
    UnknownSubject,
}

/// The billing classification of one intervention; one line of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Classification {
    /// Included or billable.
    pub outcome: BillingOutcome,
    /// Why.
    pub reason: ClassificationReason,
    /// The reason as an English sentence.
    pub explanation_en: String,
    /// The reason as a Dutch sentence.
    pub explanation_nl: String,
    /// Number of the contract valid on the day, if any.
    pub contract_number: Option<String>,
    /// Hourly rate applied in cents excluding VAT; `None` when included.
    pub hourly_rate_cents: Option<u32>,
    /// Time actually worked.
    pub minutes_worked: u32,
    /// Time billed after rounding and minimum; 0 when included.
    pub billed_minutes: u64,
    /// Amount in cents excluding VAT; 0 when included.
    pub amount_cents: u64,
}

/// Classifies one intervention as included in a maintenance contract or
/// billable, with the rate, billed time and amount.
///
/// Retired coverage rows are classified by their `included` flag like any
/// other: retiring a subject hides it from new interventions but does not
/// change what past ones meant.
pub fn classify(input: &InterventionToClassify<'_>) -> Classification {
    let settings = input.settings;
    let Some(contract) = contract_valid_on(input.performed_on, input.contracts) else {
        let day = input.performed_on;
        return billable(
            input,
            ClassificationReason::NoValidContract,
            None,
            settings.default_hourly_rate_cents,
            format!("no valid maintenance contract on {day}"),
            format!("geen geldig onderhoudscontract op {day}"),
        );
    };
    let number = contract.number.as_str();
    match input.subject {
        Some(subject) if subject.included => Classification {
            outcome: BillingOutcome::Included,
            reason: ClassificationReason::SubjectIncluded,
            explanation_en: format!("\"{}\" is covered by contract {number}", subject.label_en),
            explanation_nl: format!("\"{}\" is inbegrepen in contract {number}", subject.label_nl),
            contract_number: Some(number.to_owned()),
            hourly_rate_cents: None,
            minutes_worked: input.minutes_worked,
            billed_minutes: 0,
            amount_cents: 0,
        },
        Some(subject) => billable(
            input,
            ClassificationReason::SubjectNotIncluded,
            Some(number),
            contract.hourly_rate_cents,
            format!("\"{}\" is not covered by the maintenance contract", subject.label_en),
            format!("\"{}\" is niet inbegrepen in het onderhoudscontract", subject.label_nl),
        ),
        None => {
            let code = input.subject_code;
            billable(
                input,
                ClassificationReason::UnknownSubject,
                Some(number),
                contract.hourly_rate_cents,
                format!(
                    "subject \"{code}\" is not in the coverage table, \
                     so it is not covered by the maintenance contract"
                ),
                format!(
                    "onderwerp \"{code}\" staat niet in de dekkingstabel \
                     en is dus niet inbegrepen in het onderhoudscontract"
                ),
            )
        }
    }
}

fn billable(
    input: &InterventionToClassify<'_>,
    reason: ClassificationReason,
    contract_number: Option<&str>,
    hourly_rate_cents: u32,
    explanation_en: String,
    explanation_nl: String,
) -> Classification {
    let billed_minutes = round_billable_minutes(input.minutes_worked, input.settings);
    Classification {
        outcome: BillingOutcome::Billable,
        reason,
        explanation_en,
        explanation_nl,
        contract_number: contract_number.map(str::to_owned),
        hourly_rate_cents: Some(hourly_rate_cents),
        minutes_worked: input.minutes_worked,
        billed_minutes,
        amount_cents: amount_cents(billed_minutes, hourly_rate_cents),
    }
}

/// Billable time for `minutes_worked`: rounded up to a whole number of
/// increments, then raised to the minimum if below it. No time worked bills
/// no time; the minimum applies only to actual work.
pub fn round_billable_minutes(minutes_worked: u32, settings: &BillingSettings) -> u64 {
    if minutes_worked == 0 {
        return 0;
    }
    let increment = u64::from(settings.increment_minutes.get());
    let rounded = u64::from(minutes_worked).div_ceil(increment) * increment;
    rounded.max(u64::from(settings.minimum_minutes))
}

/// Amount in cents for `billed_minutes` at `hourly_rate_cents`: minutes ×
/// rate / 60, rounded half up to the cent (30 seconds' worth of a cent and
/// more rounds up). Saturates at `u64::MAX` far beyond any real amount.
pub fn amount_cents(billed_minutes: u64, hourly_rate_cents: u32) -> u64 {
    divide_rounding_half_up(u128::from(billed_minutes) * u128::from(hourly_rate_cents), 60)
}

/// VAT in cents on `amount_excluding_vat_cents` at `vat_rate_basis_points`,
/// rounded half up to the cent.
pub fn vat_cents(amount_excluding_vat_cents: u64, vat_rate_basis_points: u32) -> u64 {
    divide_rounding_half_up(
        u128::from(amount_excluding_vat_cents) * u128::from(vat_rate_basis_points),
        10_000,
    )
}

fn divide_rounding_half_up(numerator: u128, denominator: u128) -> u64 {
    let quotient = (numerator + denominator / 2) / denominator;
    u64::try_from(quotient).unwrap_or(u64::MAX)
}

/// Totals of a report over classified interventions.
///
/// Minutes and amount excluding VAT are the sums of the lines; VAT is
/// computed once on that total, as on a Belgian invoice, so it can differ by
/// a few cents from the sum of per-line VAT. Sums saturate at `u64::MAX`,
/// far beyond any real report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
pub struct Totals {
    /// Time worked on included interventions, unrounded: it is not billed.
    pub included_minutes: u64,
    /// Billed time of billable interventions, after rounding and minimum.
    pub billable_minutes: u64,
    /// Sum of the lines' amounts, excluding VAT.
    pub amount_excluding_vat_cents: u64,
    /// VAT rate applied to the total, in basis points.
    pub vat_rate_basis_points: u32,
    /// VAT on `amount_excluding_vat_cents`, rounded half up to the cent.
    pub vat_cents: u64,
    /// `amount_excluding_vat_cents` plus `vat_cents`.
    pub total_including_vat_cents: u64,
}

impl Totals {
    /// Adds up `lines` and computes VAT on the total at
    /// `vat_rate_basis_points`.
    pub fn from_lines<'a>(lines: impl IntoIterator<Item = &'a Classification>, vat_rate_basis_points: u32) -> Self {
        let mut totals = Self {
            vat_rate_basis_points,
            ..Self::default()
        };
        for line in lines {
            match line.outcome {
                BillingOutcome::Included => {
                    totals.included_minutes = totals.included_minutes.saturating_add(u64::from(line.minutes_worked));
                }
                BillingOutcome::Billable => {
                    totals.billable_minutes = totals.billable_minutes.saturating_add(line.billed_minutes);
                    totals.amount_excluding_vat_cents =
                        totals.amount_excluding_vat_cents.saturating_add(line.amount_cents);
                }
            }
        }
        totals.vat_cents = vat_cents(totals.amount_excluding_vat_cents, vat_rate_basis_points);
        totals.total_including_vat_cents = totals.amount_excluding_vat_cents.saturating_add(totals.vat_cents);
        totals
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contract::ContractPeriod;
    use proptest::prelude::*;

    fn date(year: i32, month: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).expect("valid test date")
    }

    fn minutes(value: u32) -> NonZeroU32 {
        NonZeroU32::new(value).expect("non-zero test increment")
    }

    const CONTRACT_RATE_CENTS: u32 = 8_000;

    fn contract_2026() -> MaintenanceContract {
        MaintenanceContract {
            number: "MC-2026-004".to_owned(),
            period: ContractPeriod::new(date(2026, 1, 1), Some(date(2026, 12, 31))).expect("valid test period"),
            hourly_rate_cents: CONTRACT_RATE_CENTS,
        }
    }

    fn row(code: &str) -> CoverageRow {
        find_coverage_row(&default_coverage_table(), code)
            .expect("code in the default table")
            .clone()
    }

    fn classify_on(
        day: NaiveDate,
        subject: Option<&CoverageRow>,
        contracts: &[MaintenanceContract],
        minutes_worked: u32,
    ) -> Classification {
        classify(&InterventionToClassify {
            performed_on: day,
            subject_code: subject.map_or("no_such_subject", |row| row.code.as_str()),
            subject,
            contracts,
            minutes_worked,
            settings: &BillingSettings::default(),
        })
    }

    const INCLUDED_CODES: [&str; 5] = [
        "knowledge_base",
        "bug_report",
        "change_request",
        "user_question",
        "training",
    ];
    const NOT_INCLUDED_CODES: [&str; 4] = [
        "database_script",
        "installation_upgrade",
        "reports_layouts",
        "custom_work",
    ];

    #[test]
    fn default_table_has_the_policys_nine_rows() {
        let table = default_coverage_table();
        let codes: Vec<&str> = table.iter().map(|row| row.code.as_str()).collect();
        let expected: Vec<&str> = INCLUDED_CODES.into_iter().chain(NOT_INCLUDED_CODES).collect();
        assert_eq!(codes, expected);
        for row in &table {
            assert_eq!(
                row.included,
                INCLUDED_CODES.contains(&row.code.as_str()),
                "{}",
                row.code
            );
            assert!(!row.retired, "{}", row.code);
            assert_eq!(row.validate(), Ok(()), "{}", row.code);
        }
    }

    #[test]
    fn default_table_labels_follow_the_policy() {
        let labels = |code: &str| {
            let row = row(code);
            (row.label_nl, row.label_en)
        };
        assert_eq!(
            labels("database_script"),
            (
                "Scripts of aanpassingen rechtstreeks op de database".to_owned(),
                "Scripts or changes made directly on the database".to_owned()
            )
        );
        assert_eq!(labels("training"), ("Opleiding".to_owned(), "Training".to_owned()));
        assert_eq!(labels("custom_work"), ("Maatwerk".to_owned(), "Custom work".to_owned()));
        assert_eq!(labels("user_question").0, "Stellen van gebruikersvragen");
        assert_eq!(labels("installation_upgrade").0, "(her)Installaties/Upgrades");
    }

    #[test]
    fn find_coverage_row_by_code() {
        let table = default_coverage_table();
        assert_eq!(
            find_coverage_row(&table, "custom_work").map(|row| row.included),
            Some(false)
        );
        assert_eq!(find_coverage_row(&table, "Custom_Work"), None);
        assert_eq!(find_coverage_row(&table, "hosting"), None);
    }

    #[test]
    fn coverage_row_validation() {
        let with_code = |code: &str| CoverageRow {
            code: code.to_owned(),
            ..row("custom_work")
        };
        for valid in ["hosting", "sla_2", "data_migration_v2"] {
            assert_eq!(with_code(valid).validate(), Ok(()), "{valid}");
        }
        for invalid in [
            "",
            "Hosting",
            "data-migration",
            "_hosting",
            "hosting_",
            "a__b",
            "2fa",
            "é",
        ] {
            assert_eq!(
                with_code(invalid).validate(),
                Err(InvalidCoverageRow::Code(invalid.to_owned())),
                "{invalid:?}"
            );
        }
        let unlabelled = CoverageRow {
            label_en: "  ".to_owned(),
            ..row("custom_work")
        };
        assert_eq!(
            unlabelled.validate(),
            Err(InvalidCoverageRow::EmptyLabel {
                code: "custom_work".to_owned()
            })
        );
    }

    #[test]
    fn settings_defaults_and_validation() {
        let settings = BillingSettings::default();
        assert_eq!(settings.increment_minutes.get(), 15);
        assert_eq!(settings.minimum_minutes, 15);
        assert_eq!(settings.vat_rate_basis_points, 2_100);
        assert_eq!(settings.validate(), Ok(()));
        let full_vat = BillingSettings {
            vat_rate_basis_points: 10_000,
            ..settings
        };
        assert_eq!(full_vat.validate(), Ok(()));
        let too_much_vat = BillingSettings {
            vat_rate_basis_points: 10_001,
            ..settings
        };
        assert_eq!(
            too_much_vat.validate(),
            Err(InvalidBillingSettings::VatRateAbove100Percent(10_001))
        );
    }

    #[test]
    fn every_default_row_under_a_valid_contract_is_classified_as_the_policy_says() {
        let contracts = [contract_2026()];
        for subject in default_coverage_table() {
            let line = classify_on(date(2026, 3, 2), Some(&subject), &contracts, 40);
            assert_eq!(line.contract_number.as_deref(), Some("MC-2026-004"));
            assert_eq!(line.minutes_worked, 40);
            if INCLUDED_CODES.contains(&subject.code.as_str()) {
                assert_eq!(line.outcome, BillingOutcome::Included, "{}", subject.code);
                assert_eq!(line.reason, ClassificationReason::SubjectIncluded);
                assert_eq!(line.hourly_rate_cents, None);
                assert_eq!(line.billed_minutes, 0);
                assert_eq!(line.amount_cents, 0);
            } else {
                assert_eq!(line.outcome, BillingOutcome::Billable, "{}", subject.code);
                assert_eq!(line.reason, ClassificationReason::SubjectNotIncluded);
                assert_eq!(line.hourly_rate_cents, Some(CONTRACT_RATE_CENTS));
                assert_eq!(line.billed_minutes, 45);
                // 45 minutes at 80.00 EUR/h.
                assert_eq!(line.amount_cents, 6_000);
            }
        }
    }

    #[test]
    fn every_default_row_without_a_contract_is_billable_at_the_default_rate() {
        for subject in default_coverage_table() {
            let line = classify_on(date(2026, 3, 2), Some(&subject), &[], 40);
            assert_eq!(line.outcome, BillingOutcome::Billable, "{}", subject.code);
            assert_eq!(line.reason, ClassificationReason::NoValidContract);
            assert_eq!(line.contract_number, None);
            assert_eq!(line.hourly_rate_cents, Some(DEFAULT_HOURLY_RATE_CENTS));
            assert_eq!(line.billed_minutes, 45);
            // 45 minutes at 95.00 EUR/h.
            assert_eq!(line.amount_cents, 7_125);
        }
    }

    #[test]
    fn explanations() {
        let contracts = [contract_2026()];
        let no_contract = classify_on(date(2026, 3, 2), Some(&row("user_question")), &[], 10);
        assert_eq!(
            no_contract.explanation_en,
            "no valid maintenance contract on 2026-03-02"
        );
        assert_eq!(
            no_contract.explanation_nl,
            "geen geldig onderhoudscontract op 2026-03-02"
        );

        let included = classify_on(date(2026, 3, 2), Some(&row("user_question")), &contracts, 10);
        assert_eq!(
            included.explanation_en,
            "\"Asking user questions\" is covered by contract MC-2026-004"
        );
        assert_eq!(
            included.explanation_nl,
            "\"Stellen van gebruikersvragen\" is inbegrepen in contract MC-2026-004"
        );

        let not_included = classify_on(date(2026, 3, 2), Some(&row("database_script")), &contracts, 10);
        assert_eq!(
            not_included.explanation_en,
            "\"Scripts or changes made directly on the database\" is not covered by the maintenance contract"
        );
        assert_eq!(
            not_included.explanation_nl,
            "\"Scripts of aanpassingen rechtstreeks op de database\" is niet inbegrepen in het onderhoudscontract"
        );

        let unknown = classify(&InterventionToClassify {
            performed_on: date(2026, 3, 2),
            subject_code: "hosting",
            subject: None,
            contracts: &contracts,
            minutes_worked: 10,
            settings: &BillingSettings::default(),
        });
        assert_eq!(
            unknown.explanation_en,
            "subject \"hosting\" is not in the coverage table, so it is not covered by the maintenance contract"
        );
        assert_eq!(
            unknown.explanation_nl,
            "onderwerp \"hosting\" staat niet in de dekkingstabel en is dus niet inbegrepen in het onderhoudscontract"
        );
    }

    #[test]
    fn contract_period_boundaries_decide_inclusion() {
        let contracts = [contract_2026()];
        let subject = row("bug_report");
        let outcome_on = |day| classify_on(day, Some(&subject), &contracts, 30).outcome;
        assert_eq!(
            outcome_on(date(2025, 12, 31)),
            BillingOutcome::Billable,
            "day before start"
        );
        assert_eq!(outcome_on(date(2026, 1, 1)), BillingOutcome::Included, "start day");
        assert_eq!(outcome_on(date(2026, 12, 31)), BillingOutcome::Included, "end day");
        assert_eq!(outcome_on(date(2027, 1, 1)), BillingOutcome::Billable, "day after end");

        let day_after = classify_on(date(2027, 1, 1), Some(&subject), &contracts, 30);
        assert_eq!(day_after.reason, ClassificationReason::NoValidContract);
        assert_eq!(day_after.hourly_rate_cents, Some(DEFAULT_HOURLY_RATE_CENTS));
    }

    #[test]
    fn open_ended_contract_includes_far_future_days() {
        let open_ended = MaintenanceContract {
            period: ContractPeriod::new(date(2026, 1, 1), None).expect("valid test period"),
            ..contract_2026()
        };
        let subject = row("training");
        let contracts = [open_ended];
        assert_eq!(
            classify_on(date(2025, 12, 31), Some(&subject), &contracts, 60).outcome,
            BillingOutcome::Billable
        );
        assert_eq!(
            classify_on(date(2040, 6, 1), Some(&subject), &contracts, 60).outcome,
            BillingOutcome::Included
        );
    }

    #[test]
    fn the_contract_valid_on_the_day_sets_the_rate() {
        let previous = MaintenanceContract {
            number: "MC-2025-003".to_owned(),
            period: ContractPeriod::new(date(2025, 1, 1), Some(date(2025, 12, 31))).expect("valid test period"),
            hourly_rate_cents: 7_000,
        };
        let contracts = [previous, contract_2026()];
        let subject = row("custom_work");
        let in_2025 = classify_on(date(2025, 12, 31), Some(&subject), &contracts, 60);
        assert_eq!(in_2025.contract_number.as_deref(), Some("MC-2025-003"));
        assert_eq!(in_2025.amount_cents, 7_000);
        let in_2026 = classify_on(date(2026, 1, 1), Some(&subject), &contracts, 60);
        assert_eq!(in_2026.contract_number.as_deref(), Some("MC-2026-004"));
        assert_eq!(in_2026.amount_cents, 8_000);
    }

    #[test]
    fn unknown_subject() {
        let settings = BillingSettings::default();
        let unknown_with = |contracts: &[MaintenanceContract]| {
            classify(&InterventionToClassify {
                performed_on: date(2026, 3, 2),
                subject_code: "hosting",
                subject: None,
                contracts,
                minutes_worked: 20,
                settings: &settings,
            })
        };
        let with_contract = unknown_with(&[contract_2026()]);
        assert_eq!(with_contract.outcome, BillingOutcome::Billable);
        assert_eq!(with_contract.reason, ClassificationReason::UnknownSubject);
        assert_eq!(with_contract.hourly_rate_cents, Some(CONTRACT_RATE_CENTS));
        assert_eq!(with_contract.billed_minutes, 30);
        assert_eq!(with_contract.amount_cents, 4_000);

        let without_contract = unknown_with(&[]);
        assert_eq!(without_contract.reason, ClassificationReason::NoValidContract);
        assert_eq!(without_contract.amount_cents, 4_750);
    }

    #[test]
    fn retired_rows_keep_their_meaning() {
        let contracts = [contract_2026()];
        let retired_included = CoverageRow {
            retired: true,
            ..row("training")
        };
        let retired_not_included = CoverageRow {
            retired: true,
            ..row("installation_upgrade")
        };
        let day = date(2026, 3, 2);
        assert_eq!(
            classify_on(day, Some(&retired_included), &contracts, 30).reason,
            ClassificationReason::SubjectIncluded
        );
        assert_eq!(
            classify_on(day, Some(&retired_not_included), &contracts, 30).reason,
            ClassificationReason::SubjectNotIncluded
        );
    }

    #[test]
    fn an_administrator_can_move_a_subject_between_columns() {
        let contracts = [contract_2026()];
        let training_billed = CoverageRow {
            included: false,
            ..row("training")
        };
        let line = classify_on(date(2026, 3, 2), Some(&training_billed), &contracts, 60);
        assert_eq!(line.outcome, BillingOutcome::Billable);
        assert_eq!(line.amount_cents, 8_000);
    }

    #[test]
    fn zero_minutes_bill_nothing() {
        let line = classify_on(date(2026, 3, 2), Some(&row("custom_work")), &[], 0);
        assert_eq!(line.outcome, BillingOutcome::Billable);
        assert_eq!(line.billed_minutes, 0);
        assert_eq!(line.amount_cents, 0);
    }

    #[test]
    fn rounding_per_started_quarter() {
        let settings = BillingSettings::default();
        let cases = [(0, 0), (1, 15), (14, 15), (15, 15), (16, 30), (44, 45), (61, 75)];
        for (worked, billed) in cases {
            assert_eq!(round_billable_minutes(worked, &settings), billed, "{worked}");
        }
        assert_eq!(
            round_billable_minutes(u32::MAX, &settings),
            u64::from(u32::MAX).div_ceil(15) * 15
        );
    }

    #[test]
    fn rounding_with_a_larger_minimum() {
        let settings = BillingSettings {
            minimum_minutes: 30,
            ..BillingSettings::default()
        };
        let cases = [(0, 0), (1, 30), (29, 30), (30, 30), (31, 45)];
        for (worked, billed) in cases {
            assert_eq!(round_billable_minutes(worked, &settings), billed, "{worked}");
        }
    }

    #[test]
    fn rounding_with_a_minimum_off_the_increment_grid() {
        let settings = BillingSettings {
            increment_minutes: minutes(6),
            minimum_minutes: 15,
            ..BillingSettings::default()
        };
        let cases = [(1, 15), (12, 15), (13, 18), (16, 18)];
        for (worked, billed) in cases {
            assert_eq!(round_billable_minutes(worked, &settings), billed, "{worked}");
        }
    }

    #[test]
    fn rounding_per_minute_without_minimum_is_exact() {
        let settings = BillingSettings {
            increment_minutes: minutes(1),
            minimum_minutes: 0,
            ..BillingSettings::default()
        };
        for worked in [0, 1, 7, 59, 60, 61] {
            assert_eq!(round_billable_minutes(worked, &settings), u64::from(worked));
        }
    }

    #[test]
    fn amount_rounds_half_up_to_the_cent() {
        assert_eq!(amount_cents(15, 9_500), 2_375, "exact");
        assert_eq!(amount_cents(1, 29), 0, "0.483 cent");
        assert_eq!(amount_cents(1, 30), 1, "0.5 cent rounds up");
        assert_eq!(amount_cents(1, 89), 1, "1.483 cents");
        assert_eq!(amount_cents(1, 90), 2, "1.5 cents rounds up");
        assert_eq!(amount_cents(20, 10_001), 3_334, "3333.67 cents");
        assert_eq!(amount_cents(0, 9_500), 0);
        assert_eq!(amount_cents(60, 0), 0);
        assert_eq!(
            amount_cents(u64::MAX, u32::MAX),
            u64::MAX,
            "saturates instead of wrapping"
        );
    }

    #[test]
    fn vat_rounds_half_up_to_the_cent() {
        assert_eq!(vat_cents(10_000, 2_100), 2_100);
        assert_eq!(vat_cents(2_375, 2_100), 499, "498.75 cents");
        assert_eq!(vat_cents(50, 2_100), 11, "10.5 cents rounds up");
        assert_eq!(vat_cents(2, 2_100), 0, "0.42 cent");
        assert_eq!(vat_cents(10_000, 600), 600, "6 %");
        assert_eq!(vat_cents(10_000, 0), 0);
    }

    #[test]
    fn totals_compute_vat_on_the_total_not_per_line() {
        let subject = row("custom_work");
        let contracts = [contract_2026()];
        let included = classify_on(date(2026, 3, 2), Some(&row("bug_report")), &contracts, 50);
        let billable_line = classify_on(date(2025, 3, 2), Some(&subject), &[], 15);
        assert_eq!(billable_line.amount_cents, 2_375);
        let lines = [included, billable_line.clone(), billable_line.clone(), billable_line];
        let totals = Totals::from_lines(&lines, 2_100);
        assert_eq!(
            totals,
            Totals {
                included_minutes: 50,
                billable_minutes: 45,
                amount_excluding_vat_cents: 7_125,
                vat_rate_basis_points: 2_100,
                // 1496.25 on the total; per line it would be 3 × 499 = 1497.
                vat_cents: 1_496,
                total_including_vat_cents: 8_621,
            }
        );
    }

    #[test]
    fn totals_of_no_lines_are_zero() {
        let totals = Totals::from_lines(&[], 2_100);
        assert_eq!(
            totals,
            Totals {
                vat_rate_basis_points: 2_100,
                ..Totals::default()
            }
        );
    }

    #[test]
    fn serialised_codes_are_snake_case() {
        fn json(value: impl Serialize) -> String {
            serde_json::to_string(&value).expect("serialisable")
        }
        assert_eq!(json(BillingOutcome::Included), "\"included\"");
        assert_eq!(json(BillingOutcome::Billable), "\"billable\"");
        assert_eq!(json(ClassificationReason::NoValidContract), "\"no_valid_contract\"");
        assert_eq!(json(ClassificationReason::SubjectIncluded), "\"subject_included\"");
        assert_eq!(
            json(ClassificationReason::SubjectNotIncluded),
            "\"subject_not_included\""
        );
        assert_eq!(json(ClassificationReason::UnknownSubject), "\"unknown_subject\"");
    }

    fn any_date() -> impl Strategy<Value = NaiveDate> {
        (0u64..4_000).prop_map(|offset| date(2020, 1, 1) + chrono::Days::new(offset))
    }

    fn any_settings() -> impl Strategy<Value = BillingSettings> {
        (1u32..=120, 0u32..=240, 0u32..=100_000, 0u32..=MAX_VAT_RATE_BASIS_POINTS).prop_map(
            |(increment, minimum_minutes, default_hourly_rate_cents, vat_rate_basis_points)| BillingSettings {
                increment_minutes: minutes(increment),
                minimum_minutes,
                default_hourly_rate_cents,
                vat_rate_basis_points,
            },
        )
    }

    fn any_contract() -> impl Strategy<Value = MaintenanceContract> {
        (any_date(), proptest::option::of(0u64..800), 0u32..=100_000).prop_map(
            |(starts_on, length, hourly_rate_cents)| MaintenanceContract {
                number: "MC-2026-004".to_owned(),
                period: ContractPeriod::new(starts_on, length.map(|days| starts_on + chrono::Days::new(days)))
                    .expect("valid test period"),
                hourly_rate_cents,
            },
        )
    }

    /// A subject from the default table, possibly retired, or none (unknown).
    fn any_subject() -> impl Strategy<Value = Option<CoverageRow>> {
        let rows = default_coverage_table();
        proptest::option::weighted(
            0.9,
            (proptest::sample::select(rows), any::<bool>()).prop_map(|(row, retired)| CoverageRow { retired, ..row }),
        )
    }

    fn any_minutes_worked() -> impl Strategy<Value = u32> {
        prop_oneof![0u32..=600, any::<u32>()]
    }

    proptest! {
        #[test]
        fn without_a_valid_contract_everything_is_billable_at_the_default_rate(
            day in any_date(),
            subject in any_subject(),
            contracts in proptest::collection::vec(any_contract(), 0..4),
            minutes_worked in any_minutes_worked(),
            settings in any_settings(),
        ) {
            let contracts: Vec<MaintenanceContract> = contracts
                .into_iter()
                .filter(|contract| !contract.period.is_valid_on(day))
                .collect();
            let line = classify(&InterventionToClassify {
                performed_on: day,
                subject_code: "any",
                subject: subject.as_ref(),
                contracts: &contracts,
                minutes_worked,
                settings: &settings,
            });
            prop_assert_eq!(line.outcome, BillingOutcome::Billable);
            prop_assert_eq!(line.reason, ClassificationReason::NoValidContract);
            prop_assert_eq!(line.contract_number, None);
            prop_assert_eq!(line.hourly_rate_cents, Some(settings.default_hourly_rate_cents));
            prop_assert_eq!(line.billed_minutes, round_billable_minutes(minutes_worked, &settings));
            prop_assert_eq!(
                line.amount_cents,
                amount_cents(line.billed_minutes, settings.default_hourly_rate_cents)
            );
        }

        #[test]
        fn with_a_valid_contract_the_subject_decides(
            contract in any_contract(),
            day_offset in 0u64..800,
            subject in any_subject(),
            minutes_worked in any_minutes_worked(),
            settings in any_settings(),
        ) {
            let day = contract.period.starts_on + chrono::Days::new(day_offset);
            prop_assume!(contract.period.is_valid_on(day));
            let contracts = [contract];
            let line = classify(&InterventionToClassify {
                performed_on: day,
                subject_code: "any",
                subject: subject.as_ref(),
                contracts: &contracts,
                minutes_worked,
                settings: &settings,
            });
            let [contract] = contracts;
            prop_assert_eq!(line.contract_number.as_deref(), Some(contract.number.as_str()));
            prop_assert_eq!(line.minutes_worked, minutes_worked);
            match subject {
                Some(row) if row.included => {
                    prop_assert_eq!(line.outcome, BillingOutcome::Included);
                    prop_assert_eq!(line.reason, ClassificationReason::SubjectIncluded);
                    prop_assert_eq!(line.hourly_rate_cents, None);
                    prop_assert_eq!(line.billed_minutes, 0);
                    prop_assert_eq!(line.amount_cents, 0);
                }
                _ => {
                    let expected_reason = if subject.is_some() {
                        ClassificationReason::SubjectNotIncluded
                    } else {
                        ClassificationReason::UnknownSubject
                    };
                    prop_assert_eq!(line.outcome, BillingOutcome::Billable);
                    prop_assert_eq!(line.reason, expected_reason);
                    prop_assert_eq!(line.hourly_rate_cents, Some(contract.hourly_rate_cents));
                    prop_assert_eq!(
                        line.billed_minutes,
                        round_billable_minutes(minutes_worked, &settings)
                    );
                    prop_assert_eq!(
                        line.amount_cents,
                        amount_cents(line.billed_minutes, contract.hourly_rate_cents)
                    );
                }
            }
        }

        #[test]
        fn rounding_never_lowers_time_and_adds_less_than_an_increment(
            minutes_worked in any_minutes_worked(),
            settings in any_settings(),
        ) {
            let worked = u64::from(minutes_worked);
            let increment = u64::from(settings.increment_minutes.get());
            let minimum = u64::from(settings.minimum_minutes);
            let billed = round_billable_minutes(minutes_worked, &settings);
            prop_assert!(billed >= worked);
            if minutes_worked == 0 {
                prop_assert_eq!(billed, 0);
            } else {
                prop_assert!(billed >= minimum);
                if billed - worked >= increment {
                    // Only the minimum may add a whole increment or more.
                    prop_assert_eq!(billed, minimum);
                }
                if billed != minimum {
                    prop_assert_eq!(billed % increment, 0);
                }
            }
        }

        #[test]
        fn rounding_is_monotonic(a in any_minutes_worked(), b in any_minutes_worked(), settings in any_settings()) {
            let (low, high) = (a.min(b), a.max(b));
            prop_assert!(round_billable_minutes(low, &settings) <= round_billable_minutes(high, &settings));
        }

        #[test]
        fn amount_is_within_half_a_cent_of_exact(billed_minutes in 0u64..1_000_000, rate in any::<u32>()) {
            let amount = amount_cents(billed_minutes, rate);
            let exact_times_60 = u128::from(billed_minutes) * u128::from(rate);
            let amount_times_60 = u128::from(amount) * 60;
            // Half up: exact - 0.5 cent < amount <= exact + 0.5 cent.
            prop_assert!(amount_times_60 + 30 > exact_times_60);
            prop_assert!(amount_times_60 <= exact_times_60 + 30);
        }

        #[test]
        fn amount_grows_with_time(a in 0u64..1_000_000, b in 0u64..1_000_000, rate in any::<u32>()) {
            let (low, high) = (a.min(b), a.max(b));
            prop_assert!(amount_cents(low, rate) <= amount_cents(high, rate));
        }

        #[test]
        fn vat_is_within_half_a_cent_of_exact(
            amount in 0u64..1_000_000_000_000,
            rate in 0u32..=MAX_VAT_RATE_BASIS_POINTS,
        ) {
            let vat = vat_cents(amount, rate);
            let exact_times_10_000 = u128::from(amount) * u128::from(rate);
            let vat_times_10_000 = u128::from(vat) * 10_000;
            prop_assert!(vat_times_10_000 + 5_000 > exact_times_10_000);
            prop_assert!(vat_times_10_000 <= exact_times_10_000 + 5_000);
            prop_assert!(vat <= amount);
        }

        #[test]
        fn totals_equal_the_sum_of_the_lines(
            interventions in proptest::collection::vec(
                (any_date(), any_subject(), 0u32..=600),
                0..30,
            ),
            contract in any_contract(),
            settings in any_settings(),
        ) {
            let contracts = [contract];
            let lines: Vec<Classification> = interventions
                .iter()
                .map(|(day, subject, minutes_worked)| {
                    classify(&InterventionToClassify {
                        performed_on: *day,
                        subject_code: "any",
                        subject: subject.as_ref(),
                        contracts: &contracts,
                        minutes_worked: *minutes_worked,
                        settings: &settings,
                    })
                })
                .collect();
            let totals = Totals::from_lines(&lines, settings.vat_rate_basis_points);
            let included: Vec<&Classification> =
                lines.iter().filter(|line| line.outcome == BillingOutcome::Included).collect();
            let billable: Vec<&Classification> =
                lines.iter().filter(|line| line.outcome == BillingOutcome::Billable).collect();
            prop_assert_eq!(
                totals.included_minutes,
                included.iter().map(|line| u64::from(line.minutes_worked)).sum::<u64>()
            );
            prop_assert_eq!(
                totals.billable_minutes,
                billable.iter().map(|line| line.billed_minutes).sum::<u64>()
            );
            prop_assert_eq!(
                totals.amount_excluding_vat_cents,
                lines.iter().map(|line| line.amount_cents).sum::<u64>()
            );
            prop_assert_eq!(
                totals.vat_cents,
                vat_cents(totals.amount_excluding_vat_cents, settings.vat_rate_basis_points)
            );
            prop_assert_eq!(
                totals.total_including_vat_cents,
                totals.amount_excluding_vat_cents + totals.vat_cents
            );
        }
    }
}
