//! Impact, urgency and the priority that follows from them.
//!
//! Customers state urgency (how soon it hurts them); staff set impact (how much of the
//! customer's business is affected). Priority is looked up in an impact × urgency matrix
//! that admins can change, unless staff override it.
//!
//! Priorities are named like the levels (`critical`, `high`, `medium`, `low`) rather than
//! `p1`..`p4`, so that the same four words are used throughout, in both languages of the UI.

use serde::{Deserialize, Serialize};
use utoipa::openapi::{schema::ArrayBuilder, schema::Schema, Ref, RefOr};
use utoipa::ToSchema;

/// How much of the customer's business a ticket affects; set by staff.
///
/// Ordered from least to most severe. Unset impact counts as [`Impact::Medium`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// One user, with a workaround.
    Low,
    /// Several users, or one user without a workaround.
    #[default]
    Medium,
    /// A department or a business process.
    High,
    /// The whole organisation cannot work.
    Critical,
}

/// How soon the problem hurts the customer; stated by the customer, adjustable by staff.
///
/// Ordered from least to most pressing. Unset urgency counts as [`Urgency::Medium`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    /// Can wait for weeks.
    Low,
    /// Within days.
    #[default]
    Medium,
    /// Today.
    High,
    /// Right now: work has stopped.
    Critical,
}

/// The order in which tickets are worked.
///
/// Ordered most urgent first: `Critical < High < Medium < Low`, so that sorting ascending
/// gives the agent queue's order. [`Priority::rank`] is the same order as a number for
/// storage and keyset pagination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Priority {
    /// Work on it now.
    Critical,
    /// Next in line.
    High,
    /// Normal order of work.
    Medium,
    /// When nothing more pressing waits.
    Low,
}

impl Impact {
    /// Every impact, least severe first.
    pub const ALL: [Impact; 4] = [Impact::Low, Impact::Medium, Impact::High, Impact::Critical];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Impact::Low => "low",
            Impact::Medium => "medium",
            Impact::High => "high",
            Impact::Critical => "critical",
        }
    }
}

impl Urgency {
    /// Every urgency, least pressing first.
    pub const ALL: [Urgency; 4] = [Urgency::Low, Urgency::Medium, Urgency::High, Urgency::Critical];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Urgency::Low => "low",
            Urgency::Medium => "medium",
            Urgency::High => "high",
            Urgency::Critical => "critical",
        }
    }
}

impl Priority {
    /// Every priority, most urgent first.
    pub const ALL: [Priority; 4] = [Priority::Critical, Priority::High, Priority::Medium, Priority::Low];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::Critical => "critical",
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }

    /// 1 (critical) to 4 (low): the queue order as a number, for an indexed column.
    pub fn rank(self) -> u8 {
        match self {
            Priority::Critical => 1,
            Priority::High => 2,
            Priority::Medium => 3,
            Priority::Low => 4,
        }
    }

    /// The priority of a stored [`Priority::rank`], if it is one.
    pub fn from_rank(rank: u8) -> Option<Priority> {
        Priority::ALL.into_iter().find(|p| p.rank() == rank)
    }
}

text_enum_impls!(Impact);
text_enum_impls!(Urgency);
text_enum_impls!(Priority);

/// One cell of a [`PriorityMatrix`]: the priority of one impact × urgency pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PriorityMatrixCell {
    /// The row.
    pub impact: Impact,
    /// The column.
    pub urgency: Urgency,
    /// The priority for this pair.
    pub priority: Priority,
}

/// The impact × urgency → priority table; complete by construction (16 cells).
///
/// Serialised as a JSON array of 16 [`PriorityMatrixCell`]s, each pair exactly once, e.g.
/// `[{"impact":"low","urgency":"low","priority":"low"}, …]`. Deserialising an incomplete
/// or ambiguous array fails with the [`PriorityMatrixError`] message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<PriorityMatrixCell>", into = "Vec<PriorityMatrixCell>")]
pub struct PriorityMatrix {
    // Indexed [impact][urgency] by position in `Impact::ALL` / `Urgency::ALL`.
    cells: [[Priority; 4]; 4],
}

/// What is wrong with a list of matrix cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PriorityMatrixProblem {
    /// No cell gives this pair's priority.
    #[error("no priority for impact {impact} and urgency {urgency}")]
    Missing {
        /// The row without a cell.
        impact: Impact,
        /// The column without a cell.
        urgency: Urgency,
    },
    /// A second cell for a pair; `index` is its position in the list.
    #[error("cells[{index}]: impact {impact} and urgency {urgency} are given more than once")]
    Duplicate {
        /// Position of the repeated cell in the list.
        index: usize,
        /// The repeated row.
        impact: Impact,
        /// The repeated column.
        urgency: Urgency,
    },
}

/// Every problem of a list of matrix cells, in a stable order (duplicates by position, then
/// missing pairs row by row).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid priority matrix: {}", problems.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct PriorityMatrixError {
    /// At least one problem.
    pub problems: Vec<PriorityMatrixProblem>,
}

/// Where a ticket's priority came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PrioritySource {
    /// Looked up in the priority matrix.
    Matrix,
    /// Set by staff, overriding the matrix.
    Override,
}

/// A ticket's effective priority and how it was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PriorityDecision {
    /// The priority the ticket is worked at.
    pub priority: Priority,
    /// Whether staff overrode the matrix.
    pub source: PrioritySource,
    /// What the matrix says for the ticket's impact and urgency, shown beside an override.
    pub matrix_priority: Priority,
}

fn impact_index(impact: Impact) -> usize {
    match impact {
        Impact::Low => 0,
        Impact::Medium => 1,
        Impact::High => 2,
        Impact::Critical => 3,
    }
}

fn urgency_index(urgency: Urgency) -> usize {
    match urgency {
        Urgency::Low => 0,
        Urgency::Medium => 1,
        Urgency::High => 2,
        Urgency::Critical => 3,
    }
}

impl PriorityMatrix {
    /// Builds a matrix from exactly one cell per impact × urgency pair, in any order.
    pub fn from_cells(cells: &[PriorityMatrixCell]) -> Result<PriorityMatrix, PriorityMatrixError> {
        let mut table: [[Option<Priority>; 4]; 4] = [[None; 4]; 4];
        let mut problems = Vec::new();
        for (index, cell) in cells.iter().enumerate() {
            let slot = &mut table[impact_index(cell.impact)][urgency_index(cell.urgency)];
            if slot.is_some() {
                problems.push(PriorityMatrixProblem::Duplicate {
                    index,
                    impact: cell.impact,
                    urgency: cell.urgency,
                });
            } else {
                *slot = Some(cell.priority);
            }
        }
        let mut complete = [[Priority::Low; 4]; 4];
        for impact in Impact::ALL {
            for urgency in Urgency::ALL {
                match table[impact_index(impact)][urgency_index(urgency)] {
                    Some(priority) => complete[impact_index(impact)][urgency_index(urgency)] = priority,
                    None => problems.push(PriorityMatrixProblem::Missing { impact, urgency }),
                }
            }
        }
        if problems.is_empty() {
            Ok(PriorityMatrix { cells: complete })
        } else {
            Err(PriorityMatrixError { problems })
        }
    }

    /// The 16 cells, impact-major (low impact first), urgency from low to critical.
    pub fn cells(&self) -> Vec<PriorityMatrixCell> {
        Impact::ALL
            .into_iter()
            .flat_map(|impact| {
                Urgency::ALL.into_iter().map(move |urgency| PriorityMatrixCell {
                    impact,
                    urgency,
                    priority: self.priority_for(impact, urgency),
                })
            })
            .collect()
    }

    /// The priority the matrix gives to `impact` × `urgency`.
    pub fn priority_for(&self, impact: Impact, urgency: Urgency) -> Priority {
        self.cells[impact_index(impact)][urgency_index(urgency)]
    }

    /// The effective priority: the staff override when there is one, else the matrix's.
    pub fn decide(&self, impact: Impact, urgency: Urgency, staff_override: Option<Priority>) -> PriorityDecision {
        let matrix_priority = self.priority_for(impact, urgency);
        match staff_override {
            Some(priority) => PriorityDecision {
                priority,
                source: PrioritySource::Override,
                matrix_priority,
            },
            None => PriorityDecision {
                priority: matrix_priority,
                source: PrioritySource::Matrix,
                matrix_priority,
            },
        }
    }
}

/// The seeded, ITIL-like matrix. Rows are impact, columns urgency:
///
/// | impact \ urgency | low    | medium | high     | critical |
/// |------------------|--------|--------|----------|----------|
/// | low              | low    | low    | medium   | high     |
/// | medium           | low    | medium | high     | high     |
/// | high             | medium | high   | high     | critical |
/// | critical         | high   | high   | critical | critical |
///
/// Symmetric, and raising either impact or urgency never lowers the priority.
impl Default for PriorityMatrix {
    fn default() -> PriorityMatrix {
        use Priority::{Critical as C, High as H, Low as L, Medium as M};
        PriorityMatrix {
            cells: [[L, L, M, H], [L, M, H, H], [M, H, H, C], [H, H, C, C]],
        }
    }
}

impl TryFrom<Vec<PriorityMatrixCell>> for PriorityMatrix {
    type Error = PriorityMatrixError;
    fn try_from(cells: Vec<PriorityMatrixCell>) -> Result<Self, Self::Error> {
        PriorityMatrix::from_cells(&cells)
    }
}

impl From<PriorityMatrix> for Vec<PriorityMatrixCell> {
    fn from(matrix: PriorityMatrix) -> Self {
        matrix.cells()
    }
}

// By hand because the derive cannot describe a struct serialised through `into`.
impl utoipa::PartialSchema for PriorityMatrix {
    fn schema() -> RefOr<Schema> {
        ArrayBuilder::new()
            .items(Ref::from_schema_name(PriorityMatrixCell::name()))
            .description(Some("Exactly one cell per impact × urgency pair (16 cells)."))
            .into()
    }
}

impl ToSchema for PriorityMatrix {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((
            PriorityMatrixCell::name().into_owned(),
            <PriorityMatrixCell as utoipa::PartialSchema>::schema(),
        ));
        PriorityMatrixCell::schemas(schemas);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::UnknownValue;
    use proptest::prelude::*;
    use serde_json::json;

    fn any_impact() -> impl Strategy<Value = Impact> {
        proptest::sample::select(Impact::ALL.to_vec())
    }

    fn any_urgency() -> impl Strategy<Value = Urgency> {
        proptest::sample::select(Urgency::ALL.to_vec())
    }

    fn any_priority() -> impl Strategy<Value = Priority> {
        proptest::sample::select(Priority::ALL.to_vec())
    }

    #[test]
    fn default_matrix_matches_the_documented_table() {
        let m = PriorityMatrix::default();
        use Impact as I;
        use Priority as P;
        use Urgency as U;
        assert_eq!(m.priority_for(I::Low, U::Low), P::Low);
        assert_eq!(m.priority_for(I::Low, U::Medium), P::Low);
        assert_eq!(m.priority_for(I::Low, U::High), P::Medium);
        assert_eq!(m.priority_for(I::Low, U::Critical), P::High);
        assert_eq!(m.priority_for(I::Medium, U::Low), P::Low);
        assert_eq!(m.priority_for(I::Medium, U::Medium), P::Medium);
        assert_eq!(m.priority_for(I::Medium, U::High), P::High);
        assert_eq!(m.priority_for(I::Medium, U::Critical), P::High);
        assert_eq!(m.priority_for(I::High, U::Low), P::Medium);
        assert_eq!(m.priority_for(I::High, U::Medium), P::High);
        assert_eq!(m.priority_for(I::High, U::High), P::High);
        assert_eq!(m.priority_for(I::High, U::Critical), P::Critical);
        assert_eq!(m.priority_for(I::Critical, U::Low), P::High);
        assert_eq!(m.priority_for(I::Critical, U::Medium), P::High);
        assert_eq!(m.priority_for(I::Critical, U::High), P::Critical);
        assert_eq!(m.priority_for(I::Critical, U::Critical), P::Critical);
    }

    #[test]
    fn default_matrix_is_symmetric_and_monotonic() {
        let m = PriorityMatrix::default();
        for (i, impact) in Impact::ALL.into_iter().enumerate() {
            for (u, urgency) in Urgency::ALL.into_iter().enumerate() {
                let here = m.priority_for(impact, urgency);
                assert_eq!(here, m.priority_for(Impact::ALL[u], Urgency::ALL[i]));
                if let Some(&higher_impact) = Impact::ALL.get(i + 1) {
                    // `<=` on priorities means "at least as urgent".
                    assert!(m.priority_for(higher_impact, urgency) <= here);
                }
                if let Some(&higher_urgency) = Urgency::ALL.get(u + 1) {
                    assert!(m.priority_for(impact, higher_urgency) <= here);
                }
            }
        }
    }

    #[test]
    fn default_matrix_uses_every_priority() {
        let used: Vec<Priority> = PriorityMatrix::default().cells().iter().map(|c| c.priority).collect();
        for priority in Priority::ALL {
            assert!(used.contains(&priority), "{priority} unused");
        }
    }

    #[test]
    fn cells_list_every_pair_once_in_order() {
        let cells = PriorityMatrix::default().cells();
        assert_eq!(cells.len(), 16);
        assert_eq!(
            cells[0],
            PriorityMatrixCell {
                impact: Impact::Low,
                urgency: Urgency::Low,
                priority: Priority::Low
            }
        );
        assert_eq!(
            cells[15],
            PriorityMatrixCell {
                impact: Impact::Critical,
                urgency: Urgency::Critical,
                priority: Priority::Critical
            }
        );
        for impact in Impact::ALL {
            for urgency in Urgency::ALL {
                assert_eq!(
                    cells
                        .iter()
                        .filter(|c| c.impact == impact && c.urgency == urgency)
                        .count(),
                    1
                );
            }
        }
    }

    #[test]
    fn a_matrix_missing_cells_is_refused_naming_each_missing_pair() {
        let mut cells = PriorityMatrix::default().cells();
        cells.retain(|c| !(c.impact == Impact::High && c.urgency != Urgency::Low));
        let error = PriorityMatrix::from_cells(&cells).unwrap_err();
        assert_eq!(
            error.problems,
            vec![
                PriorityMatrixProblem::Missing {
                    impact: Impact::High,
                    urgency: Urgency::Medium
                },
                PriorityMatrixProblem::Missing {
                    impact: Impact::High,
                    urgency: Urgency::High
                },
                PriorityMatrixProblem::Missing {
                    impact: Impact::High,
                    urgency: Urgency::Critical
                },
            ]
        );
        assert!(error
            .to_string()
            .contains("no priority for impact high and urgency medium"));
    }

    #[test]
    fn an_empty_matrix_misses_all_sixteen_cells() {
        let error = PriorityMatrix::from_cells(&[]).unwrap_err();
        assert_eq!(error.problems.len(), 16);
    }

    #[test]
    fn a_matrix_with_a_pair_twice_is_refused_naming_the_index() {
        let mut cells = PriorityMatrix::default().cells();
        cells.push(PriorityMatrixCell {
            impact: Impact::Low,
            urgency: Urgency::Low,
            priority: Priority::Critical,
        });
        let error = PriorityMatrix::from_cells(&cells).unwrap_err();
        assert_eq!(
            error.problems,
            vec![PriorityMatrixProblem::Duplicate {
                index: 16,
                impact: Impact::Low,
                urgency: Urgency::Low
            }]
        );
        assert_eq!(
            error.to_string(),
            "invalid priority matrix: cells[16]: impact low and urgency low are given more than once"
        );
    }

    #[test]
    fn cells_in_any_order_build_the_same_matrix() {
        let mut cells = PriorityMatrix::default().cells();
        cells.reverse();
        assert_eq!(PriorityMatrix::from_cells(&cells), Ok(PriorityMatrix::default()));
    }

    #[test]
    fn matrix_serialises_as_a_list_of_cells_and_back() {
        let value = serde_json::to_value(PriorityMatrix::default()).unwrap();
        let list = value.as_array().unwrap();
        assert_eq!(list.len(), 16);
        assert_eq!(
            list[3],
            json!({"impact": "low", "urgency": "critical", "priority": "high"})
        );
        let back: PriorityMatrix = serde_json::from_value(value).unwrap();
        assert_eq!(back, PriorityMatrix::default());
    }

    #[test]
    fn matrix_schema_is_an_array_of_cells() {
        let schema = serde_json::to_value(<PriorityMatrix as utoipa::PartialSchema>::schema()).unwrap();
        assert_eq!(schema["type"], json!("array"));
        assert_eq!(
            schema["items"]["$ref"],
            json!("#/components/schemas/PriorityMatrixCell")
        );
        let mut referenced = Vec::new();
        PriorityMatrix::schemas(&mut referenced);
        assert!(referenced.iter().any(|(name, _)| name == "PriorityMatrixCell"));
    }

    #[test]
    fn deserialising_an_incomplete_matrix_fails_with_the_reason() {
        let error =
            serde_json::from_value::<PriorityMatrix>(json!([{"impact": "low", "urgency": "low", "priority": "low"}]))
                .unwrap_err();
        assert!(error
            .to_string()
            .contains("no priority for impact low and urgency medium"));
    }

    #[test]
    fn override_wins_over_the_matrix_and_keeps_the_matrix_value() {
        let m = PriorityMatrix::default();
        assert_eq!(
            m.decide(Impact::Low, Urgency::Low, Some(Priority::Critical)),
            PriorityDecision {
                priority: Priority::Critical,
                source: PrioritySource::Override,
                matrix_priority: Priority::Low
            }
        );
        assert_eq!(
            m.decide(Impact::Critical, Urgency::High, None),
            PriorityDecision {
                priority: Priority::Critical,
                source: PrioritySource::Matrix,
                matrix_priority: Priority::Critical
            }
        );
    }

    #[test]
    fn priorities_sort_most_urgent_first() {
        let mut queue = vec![Priority::Low, Priority::Critical, Priority::Medium, Priority::High];
        queue.sort();
        assert_eq!(queue, Priority::ALL.to_vec());
        let ranks: Vec<u8> = queue.iter().map(|p| p.rank()).collect();
        assert_eq!(ranks, vec![1, 2, 3, 4]);
    }

    #[test]
    fn rank_round_trips_and_rejects_other_numbers() {
        for priority in Priority::ALL {
            assert_eq!(Priority::from_rank(priority.rank()), Some(priority));
        }
        assert_eq!(Priority::from_rank(0), None);
        assert_eq!(Priority::from_rank(5), None);
    }

    #[test]
    fn levels_are_stored_and_serialised_as_snake_case_names() {
        for impact in Impact::ALL {
            assert_eq!(serde_json::to_value(impact).unwrap(), json!(impact.as_str()));
            assert_eq!(impact.as_str().parse::<Impact>(), Ok(impact));
            assert_eq!(impact.to_string(), impact.as_str());
        }
        for urgency in Urgency::ALL {
            assert_eq!(serde_json::to_value(urgency).unwrap(), json!(urgency.as_str()));
            assert_eq!(urgency.as_str().parse::<Urgency>(), Ok(urgency));
        }
        for priority in Priority::ALL {
            assert_eq!(serde_json::to_value(priority).unwrap(), json!(priority.as_str()));
            assert_eq!(priority.as_str().parse::<Priority>(), Ok(priority));
        }
        assert_eq!("p1".parse::<Priority>(), Err(UnknownValue("p1".to_owned())));
        assert_eq!("High".parse::<Impact>(), Err(UnknownValue("High".to_owned())));
        assert_eq!(Impact::default(), Impact::Medium);
        assert_eq!(Urgency::default(), Urgency::Medium);
    }

    proptest! {
        #[test]
        fn any_complete_matrix_round_trips_and_answers_its_own_cells(
            priorities in proptest::collection::vec(any_priority(), 16),
            order in Just((0..16).collect::<Vec<usize>>()).prop_shuffle(),
        ) {
            let cells: Vec<PriorityMatrixCell> = order
                .iter()
                .map(|&n| PriorityMatrixCell {
                    impact: Impact::ALL[n / 4],
                    urgency: Urgency::ALL[n % 4],
                    priority: priorities[n],
                })
                .collect();
            let matrix = PriorityMatrix::from_cells(&cells).unwrap();
            for cell in &cells {
                prop_assert_eq!(matrix.priority_for(cell.impact, cell.urgency), cell.priority);
            }
            let json = serde_json::to_string(&matrix).unwrap();
            prop_assert_eq!(serde_json::from_str::<PriorityMatrix>(&json).unwrap(), matrix);
        }

        #[test]
        fn dropping_any_cell_makes_the_matrix_incomplete(dropped in 0usize..16) {
            let mut cells = PriorityMatrix::default().cells();
            let gone = cells.remove(dropped);
            let error = PriorityMatrix::from_cells(&cells).unwrap_err();
            prop_assert_eq!(
                error.problems,
                vec![PriorityMatrixProblem::Missing { impact: gone.impact, urgency: gone.urgency }]
            );
        }

        #[test]
        fn decision_is_the_override_when_given_else_the_matrix(
            impact in any_impact(),
            urgency in any_urgency(),
            staff_override in proptest::option::of(any_priority()),
        ) {
            let m = PriorityMatrix::default();
            let decision = m.decide(impact, urgency, staff_override);
            prop_assert_eq!(decision.matrix_priority, m.priority_for(impact, urgency));
            prop_assert_eq!(decision.priority, staff_override.unwrap_or(decision.matrix_priority));
            prop_assert_eq!(
                decision.source,
                if staff_override.is_some() { PrioritySource::Override } else { PrioritySource::Matrix }
            );
        }
    }
}
