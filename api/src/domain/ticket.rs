//! A ticket's own rules: its reference number, what happens at intake (triage, then
//! priority), and the folded text the full-text index holds.

use super::priority::{Impact, Priority, PriorityDecision, PriorityMatrix, Urgency};
use super::text;
use super::triage::{self, Decision, Rule, TicketFacts, TriageFields};

/// The customer-facing reference: year and a per-year number, `2026-000123`. More than a
/// million tickets in a year simply widens the number.
pub fn format_reference(year: i32, number: i64) -> String {
    format!("{year}-{number:06}")
}

/// How many digits a reference's year has.
pub const REFERENCE_YEAR_DIGITS: usize = 4;
/// How many digits a reference's number has: zero-padded to 6, at most 12.
pub const REFERENCE_NUMBER_DIGITS: std::ops::RangeInclusive<usize> = 6..=12;

/// Whether `text` has the shape of a reference (`2026-000123`), so a malformed one in a path
/// is refused before any lookup. [`reference_pattern`] says the same as a regular expression.
pub fn is_reference(text: &str) -> bool {
    match text.split_once('-') {
        Some((year, number)) => {
            year.len() == REFERENCE_YEAR_DIGITS
                && year.bytes().all(|b| b.is_ascii_digit())
                && REFERENCE_NUMBER_DIGITS.contains(&number.len())
                && number.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// The shape of a reference as a JSON Schema `pattern` (for the OpenAPI document), from the
/// same constants as [`is_reference`].
pub fn reference_pattern() -> String {
    format!(
        "^[0-9]{{{}}}-[0-9]{{{},{}}}$",
        REFERENCE_YEAR_DIGITS,
        REFERENCE_NUMBER_DIGITS.start(),
        REFERENCE_NUMBER_DIGITS.end()
    )
}

/// What intake decided for a new ticket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intake {
    /// Kind, category, impact, urgency and assignee after triage.
    pub fields: TriageFields,
    /// Priority from the matrix, or the staff override.
    pub priority: PriorityDecision,
    /// Internal notes the rules add.
    pub internal_notes: Vec<String>,
    /// Every rule action, for the ticket's history.
    pub decisions: Vec<Decision>,
}

/// Runs the triage rules on a new ticket, then derives its priority (unset impact or urgency
/// count as medium; a staff override wins).
pub fn intake(
    rules: &[Rule],
    facts: &TicketFacts,
    matrix: &PriorityMatrix,
    staff_priority: Option<Priority>,
) -> Intake {
    let outcome = triage::evaluate(rules, facts);
    let priority = priority_of(&outcome.fields, matrix, staff_priority);
    Intake {
        fields: outcome.fields,
        priority,
        internal_notes: outcome.internal_notes,
        decisions: outcome.decisions,
    }
}

/// The priority that follows from a ticket's impact and urgency.
pub fn priority_of(
    fields: &TriageFields,
    matrix: &PriorityMatrix,
    staff_priority: Option<Priority>,
) -> PriorityDecision {
    matrix.decide(
        fields.impact.unwrap_or(Impact::Medium),
        fields.urgency.unwrap_or(Urgency::Medium),
        staff_priority,
    )
}

/// Folded text for the full-text index: lower case, no accents, words separated by spaces.
pub fn search_text<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().flat_map(text::words).collect::<Vec<_>>().join(" ")
}

/// Folded search terms of a query, at most 8 (more words only slow the query down).
pub fn search_terms(query: &str) -> Vec<String> {
    let mut terms = text::words(query);
    terms.truncate(8);
    terms
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::Role;
    use crate::domain::ticket_status::{Channel, Kind};
    use proptest::prelude::*;

    fn facts(subject: &str) -> TicketFacts {
        TicketFacts {
            subject: subject.into(),
            description: String::new(),
            channel: Channel::Portal,
            requested_category: None,
            organization_id: None,
            requester_role: Role::Customer,
            has_valid_contract: false,
            fields: TriageFields::default(),
        }
    }

    #[test]
    fn references_are_year_and_six_digits() {
        assert_eq!(format_reference(2026, 123), "2026-000123");
        assert_eq!(format_reference(2026, 1_234_567), "2026-1234567");
        assert!(is_reference("2026-000123"));
        assert!(is_reference("2026-1234567"));
        for bad in ["2026-12", "26-000123", "2026000123", "2026-00012a", "../etc", ""] {
            assert!(!is_reference(bad), "{bad}");
        }
    }

    #[test]
    fn intake_applies_the_default_rules_then_the_matrix() {
        let matrix = PriorityMatrix::default();
        let rules = triage::default_rules();
        let defect = intake(&rules, &facts("Foutmelding bij het afdrukken"), &matrix, None);
        assert_eq!(defect.fields.kind, Kind::Issue);
        assert!(!defect.decisions.is_empty());
        assert_eq!(
            defect.priority.priority,
            matrix.priority_for(Impact::Medium, Urgency::Medium)
        );

        let question = intake(&rules, &facts("Hoe exporteer ik een factuur?"), &matrix, None);
        assert_eq!(question.fields.kind, Kind::Support);
        assert!(question.decisions.is_empty());

        let overridden = intake(&rules, &facts("vraag"), &matrix, Some(Priority::Critical));
        assert_eq!(overridden.priority.priority, Priority::Critical);
    }

    #[test]
    fn search_text_is_folded_words() {
        assert_eq!(
            search_text(["Één FOUTMELDING", "bij l'opstart!"]),
            "een foutmelding bij l opstart"
        );
        assert_eq!(search_terms("Crasht   bij  ÉXPORT"), ["crasht", "bij", "export"]);
        assert_eq!(search_terms(&"woord ".repeat(20)).len(), 8);
    }

    proptest! {
        #[test]
        fn every_formatted_reference_is_recognised(year in 2000i32..3000, number in 1i64..10_000_000_000) {
            prop_assert!(is_reference(&format_reference(year, number)));
        }

        #[test]
        fn search_text_has_only_lowercase_alphanumeric_words(input in "\\PC{0,80}") {
            let folded = search_text([input.as_str()]);
            prop_assert!(folded.split(' ').filter(|w| !w.is_empty()).all(|w| w.chars().all(|c| c.is_alphanumeric())));
            prop_assert_eq!(search_text([folded.as_str()]), folded.clone());
        }
    }
}
