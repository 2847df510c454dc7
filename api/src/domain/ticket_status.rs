//! The ticket life cycle, the kinds of ticket and the channels a ticket arrives by.
//!
//! Transitions, by who may make them (S = staff, C = customer, Y = system; blank = refused):
//!
//! | from \ to          | new | open | pending_customer | scheduled | resolved | closed |
//! |--------------------|-----|------|------------------|-----------|----------|--------|
//! | `new`              |  –  | S    | S                | S         | S        |        |
//! | `open`             |     | –    | S                | S         | S        |        |
//! | `pending_customer` |     | S C  | –                | S         | S Y      |        |
//! | `scheduled`        |     | S Y  | S                | –         | S        |        |
//! | `resolved`         |     | S C  | S                | S         | –        | S Y    |
//! | `closed`           |     |      |                  |           |          | –      |
//!
//! Why this table:
//! - `new` is only the status of a ticket nobody has handled yet; nothing goes back to it.
//! - A customer reply moves `pending_customer` and `resolved` back to `open`; customers
//!   make no other transition (see [`status_after_customer_reply`]).
//! - Only a resolved ticket can be closed, by staff or by the system (auto-close after the
//!   customer had time to react). Closing straight from another status is refused so that
//!   every closed ticket has a resolution time for the SLA; a duplicate or spam ticket is
//!   resolved, then closed.
//! - The system resolves a `pending_customer` ticket the customer never answered, and moves a
//!   `scheduled` ticket back to `open` when its appointment is cancelled or has passed.
//! - A closed ticket is read-only: every transition out of it and every edit is refused (see
//!   [`ensure_editable`]); a customer with a new question files a new ticket.

use crate::domain::account::Language;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// Where a ticket is in its life cycle.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TicketStatus {
    /// Filed, not yet handled by staff.
    #[default]
    New,
    /// Being worked on by staff.
    Open,
    /// Waiting for an answer from the customer.
    PendingCustomer,
    /// Waiting for a booked intervention.
    Scheduled,
    /// Staff consider it solved; the customer can still reply and reopen it.
    Resolved,
    /// Finished and read-only.
    Closed,
}

/// Who asks for a status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActorKind {
    /// A customer user or customer admin.
    Customer,
    /// An agent or admin.
    Staff,
    /// Loket itself (timers, appointment changes).
    System,
}

/// What kind of question a ticket is; triage may turn one kind into another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A question about the software (the default).
    #[default]
    Support,
    /// A defect.
    Issue,
    /// A request to change the software.
    ChangeRequest,
}

/// How a ticket reached the desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The customer portal on the website.
    Portal,
    /// An e-mail to the support address.
    Email,
    /// A phone call, logged by staff for the customer.
    Phone,
    /// The REST API, with a personal API token.
    Api,
}

impl TicketStatus {
    /// Every status, in life-cycle order.
    pub const ALL: [TicketStatus; 6] = [
        TicketStatus::New,
        TicketStatus::Open,
        TicketStatus::PendingCustomer,
        TicketStatus::Scheduled,
        TicketStatus::Resolved,
        TicketStatus::Closed,
    ];

    /// The statuses of a ticket still being worked: neither resolved nor closed (the queue's
    /// and the portal's default, the open backlog).
    pub const OPEN: [TicketStatus; 4] = [
        TicketStatus::New,
        TicketStatus::Open,
        TicketStatus::PendingCustomer,
        TicketStatus::Scheduled,
    ];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            TicketStatus::New => "new",
            TicketStatus::Open => "open",
            TicketStatus::PendingCustomer => "pending_customer",
            TicketStatus::Scheduled => "scheduled",
            TicketStatus::Resolved => "resolved",
            TicketStatus::Closed => "closed",
        }
    }
}

impl ActorKind {
    /// Every kind of actor.
    pub const ALL: [ActorKind; 3] = [ActorKind::Customer, ActorKind::Staff, ActorKind::System];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::Customer => "customer",
            ActorKind::Staff => "staff",
            ActorKind::System => "system",
        }
    }

    fn subject(self) -> &'static str {
        match self {
            ActorKind::Customer => "a customer",
            ActorKind::Staff => "staff",
            ActorKind::System => "the system",
        }
    }
}

impl Kind {
    /// Every kind.
    pub const ALL: [Kind; 3] = [Kind::Support, Kind::Issue, Kind::ChangeRequest];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Support => "support",
            Kind::Issue => "issue",
            Kind::ChangeRequest => "change_request",
        }
    }
}

impl Channel {
    /// Every channel.
    pub const ALL: [Channel; 4] = [Channel::Portal, Channel::Email, Channel::Phone, Channel::Api];

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Portal => "portal",
            Channel::Email => "email",
            Channel::Phone => "phone",
            Channel::Api => "api",
        }
    }
}

text_enum_impls!(TicketStatus);
text_enum_impls!(ActorKind);
text_enum_impls!(Kind);
text_enum_impls!(Channel);

/// Why a status change or an edit is refused; the message is meant for a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The ticket is closed.
    #[error("a closed ticket is read-only")]
    ReadOnly,
    /// The ticket already has the requested status.
    #[error("the ticket is already {}", .status.label(Language::En))]
    Unchanged {
        /// Its current status.
        status: TicketStatus,
    },
    /// Nothing goes back to `new`.
    #[error("cannot go from {} to new: only a ticket nobody has handled yet is new", .from.label(Language::En))]
    BackToNew {
        /// The current status.
        from: TicketStatus,
    },
    /// Closing a ticket that is not resolved.
    #[error("cannot go from {} to closed: only a resolved ticket can be closed", .from.label(Language::En))]
    CloseUnresolved {
        /// The current status.
        from: TicketStatus,
    },
    /// The transition exists, but not for this actor.
    #[error("{} cannot move a ticket from {} to {}", actor.subject(), .from.label(Language::En), .to.label(Language::En))]
    NotPermitted {
        /// Who asked.
        actor: ActorKind,
        /// The current status.
        from: TicketStatus,
        /// The requested status.
        to: TicketStatus,
    },
}

impl TicketStatus {
    /// The status in words, for sentences people read (not the code: `pending_customer` reads
    /// as "waiting on the customer").
    pub fn label(self, language: Language) -> &'static str {
        match (language, self) {
            (Language::En, TicketStatus::PendingCustomer) => "waiting on the customer",
            (Language::En, status) => status.as_str(),
            (Language::Nl, TicketStatus::New) => "nieuw",
            (Language::Nl, TicketStatus::Open) => "open",
            (Language::Nl, TicketStatus::PendingCustomer) => "wacht op de klant",
            (Language::Nl, TicketStatus::Scheduled) => "ingepland",
            (Language::Nl, TicketStatus::Resolved) => "opgelost",
            (Language::Nl, TicketStatus::Closed) => "afgesloten",
        }
    }
}

impl TransitionError {
    /// The refusal for a person, in `language` (English is the `Display` text).
    pub fn describe(&self, language: Language) -> String {
        let nl = |s: TicketStatus| s.label(Language::Nl);
        match (language, *self) {
            (Language::En, _) => self.to_string(),
            (Language::Nl, TransitionError::ReadOnly) => {
                "een afgesloten ticket kan niet meer gewijzigd worden".to_owned()
            }
            (Language::Nl, TransitionError::Unchanged { status }) => format!("het ticket is al {}", nl(status)),
            (Language::Nl, TransitionError::BackToNew { from }) => format!(
                "kan niet van {} naar nieuw: alleen een ticket dat nog niemand behandelde is nieuw",
                nl(from)
            ),
            (Language::Nl, TransitionError::CloseUnresolved { from }) => format!(
                "kan niet van {} naar afgesloten: alleen een opgelost ticket kan afgesloten worden",
                nl(from)
            ),
            (Language::Nl, TransitionError::NotPermitted { actor, from, to }) => {
                let who = match actor {
                    ActorKind::Customer => "een klant",
                    ActorKind::Staff => "medewerkers",
                    ActorKind::System => "het systeem",
                };
                format!("{who} kan een ticket niet van {} naar {} zetten", nl(from), nl(to))
            }
        }
    }
}

/// Checks whether `actor` may move a ticket from `from` to `to` (see the module table).
pub fn transition(from: TicketStatus, to: TicketStatus, actor: ActorKind) -> Result<(), TransitionError> {
    use TicketStatus::*;
    if from == Closed {
        return Err(TransitionError::ReadOnly);
    }
    if from == to {
        return Err(TransitionError::Unchanged { status: from });
    }
    if to == New {
        return Err(TransitionError::BackToNew { from });
    }
    if to == Closed && from != Resolved {
        return Err(TransitionError::CloseUnresolved { from });
    }
    let permitted = match actor {
        // Every move the checks above leave over.
        ActorKind::Staff => true,
        ActorKind::Customer => matches!((from, to), (PendingCustomer | Resolved, Open)),
        ActorKind::System => matches!(
            (from, to),
            (Resolved, Closed) | (PendingCustomer, Resolved) | (Scheduled, Open)
        ),
    };
    if permitted {
        Ok(())
    } else {
        Err(TransitionError::NotPermitted { actor, from, to })
    }
}

/// The statuses `actor` may move a ticket in `from` to, in life-cycle order (for the UI).
pub fn allowed_targets(from: TicketStatus, actor: ActorKind) -> Vec<TicketStatus> {
    TicketStatus::ALL
        .into_iter()
        .filter(|&to| transition(from, to, actor).is_ok())
        .collect()
}

/// The other statuses `actor` may not move a ticket in `from` to, each with the rule that
/// refuses it, in life-cycle order (the UI explains them before anyone tries). Empty for a
/// closed ticket: nothing about it changes, for one reason.
pub fn refused_targets(from: TicketStatus, actor: ActorKind) -> Vec<(TicketStatus, TransitionError)> {
    if from == TicketStatus::Closed {
        return Vec::new();
    }
    TicketStatus::ALL
        .into_iter()
        .filter(|&to| to != from)
        .filter_map(|to| transition(from, to, actor).err().map(|refusal| (to, refusal)))
        .collect()
}

/// The status a ticket moves to when the customer replies: `Some(Open)` from
/// `pending_customer` and `resolved`, `None` (unchanged) otherwise; a closed ticket refuses
/// the reply.
pub fn status_after_customer_reply(current: TicketStatus) -> Result<Option<TicketStatus>, TransitionError> {
    ensure_editable(current)?;
    Ok(match current {
        TicketStatus::PendingCustomer | TicketStatus::Resolved => Some(TicketStatus::Open),
        _ => None,
    })
}

/// Refuses any edit (comment, field change, time entry) of a closed ticket.
pub fn ensure_editable(status: TicketStatus) -> Result<(), TransitionError> {
    if status == TicketStatus::Closed {
        Err(TransitionError::ReadOnly)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::UnknownValue;
    use proptest::prelude::*;
    use serde_json::json;
    use ActorKind::{Customer, Staff, System};
    use TicketStatus::*;

    /// The module table, written out independently of the implementation.
    const ALLOWED: &[(TicketStatus, TicketStatus, ActorKind)] = &[
        (New, Open, Staff),
        (New, PendingCustomer, Staff),
        (New, Scheduled, Staff),
        (New, Resolved, Staff),
        (Open, PendingCustomer, Staff),
        (Open, Scheduled, Staff),
        (Open, Resolved, Staff),
        (PendingCustomer, Open, Staff),
        (PendingCustomer, Open, Customer),
        (PendingCustomer, Scheduled, Staff),
        (PendingCustomer, Resolved, Staff),
        (PendingCustomer, Resolved, System),
        (Scheduled, Open, Staff),
        (Scheduled, Open, System),
        (Scheduled, PendingCustomer, Staff),
        (Scheduled, Resolved, Staff),
        (Resolved, Open, Staff),
        (Resolved, Open, Customer),
        (Resolved, PendingCustomer, Staff),
        (Resolved, Scheduled, Staff),
        (Resolved, Closed, Staff),
        (Resolved, Closed, System),
    ];

    #[test]
    fn every_refusal_reads_in_dutch_and_english() {
        for from in TicketStatus::ALL {
            for to in TicketStatus::ALL {
                for actor in ActorKind::ALL {
                    let Err(refusal) = transition(from, to, actor) else {
                        continue;
                    };
                    let (en, nl) = (refusal.describe(Language::En), refusal.describe(Language::Nl));
                    assert_eq!(en, refusal.to_string());
                    assert_ne!(nl, en, "{refusal:?}");
                    assert!(!nl.contains('_'), "a code in the Dutch text: {nl}");
                }
            }
        }
    }

    #[test]
    fn every_pair_for_every_actor_follows_the_table() {
        let mut checked = 0;
        for from in TicketStatus::ALL {
            for to in TicketStatus::ALL {
                for actor in ActorKind::ALL {
                    checked += 1;
                    let result = transition(from, to, actor);
                    let expected = if ALLOWED.contains(&(from, to, actor)) {
                        Ok(())
                    } else if from == Closed {
                        Err(TransitionError::ReadOnly)
                    } else if from == to {
                        Err(TransitionError::Unchanged { status: from })
                    } else if to == New {
                        Err(TransitionError::BackToNew { from })
                    } else if to == Closed && from != Resolved {
                        Err(TransitionError::CloseUnresolved { from })
                    } else {
                        Err(TransitionError::NotPermitted { actor, from, to })
                    };
                    assert_eq!(result, expected, "{actor} {from} -> {to}");
                }
            }
        }
        assert_eq!(checked, 6 * 6 * 3);
    }

    #[test]
    fn staff_move_freely_between_the_working_statuses() {
        let working = [Open, PendingCustomer, Scheduled, Resolved];
        for from in [New, Open, PendingCustomer, Scheduled, Resolved] {
            for to in working {
                if from != to {
                    assert_eq!(transition(from, to, Staff), Ok(()), "{from} -> {to}");
                }
            }
        }
    }

    #[test]
    fn errors_say_why_in_words() {
        assert_eq!(
            transition(Closed, Open, Customer).unwrap_err().to_string(),
            "a closed ticket is read-only"
        );
        assert_eq!(
            transition(New, Closed, Staff).unwrap_err().to_string(),
            "cannot go from new to closed: only a resolved ticket can be closed"
        );
        assert_eq!(
            transition(Open, New, Staff).unwrap_err().to_string(),
            "cannot go from open to new: only a ticket nobody has handled yet is new"
        );
        assert_eq!(
            transition(Open, Resolved, Customer).unwrap_err().to_string(),
            "a customer cannot move a ticket from open to resolved"
        );
        assert_eq!(
            transition(Open, Resolved, System).unwrap_err().to_string(),
            "the system cannot move a ticket from open to resolved"
        );
        assert_eq!(
            transition(PendingCustomer, PendingCustomer, Staff)
                .unwrap_err()
                .to_string(),
            "the ticket is already waiting on the customer"
        );
    }

    #[test]
    fn a_closed_ticket_refuses_every_transition_and_edit() {
        for to in TicketStatus::ALL {
            for actor in ActorKind::ALL {
                assert_eq!(transition(Closed, to, actor), Err(TransitionError::ReadOnly));
            }
        }
        assert_eq!(ensure_editable(Closed), Err(TransitionError::ReadOnly));
        assert_eq!(status_after_customer_reply(Closed), Err(TransitionError::ReadOnly));
        for status in [New, Open, PendingCustomer, Scheduled, Resolved] {
            assert_eq!(ensure_editable(status), Ok(()));
        }
    }

    #[test]
    fn a_customer_reply_reopens_resolved_and_pending_tickets_only() {
        assert_eq!(status_after_customer_reply(Resolved), Ok(Some(Open)));
        assert_eq!(status_after_customer_reply(PendingCustomer), Ok(Some(Open)));
        assert_eq!(status_after_customer_reply(New), Ok(None));
        assert_eq!(status_after_customer_reply(Open), Ok(None));
        assert_eq!(status_after_customer_reply(Scheduled), Ok(None));
        for from in [Resolved, PendingCustomer] {
            assert_eq!(transition(from, Open, Customer), Ok(()));
        }
    }

    #[test]
    fn allowed_targets_lists_the_table_rows() {
        assert_eq!(
            allowed_targets(New, Staff),
            vec![Open, PendingCustomer, Scheduled, Resolved]
        );
        assert_eq!(
            allowed_targets(Resolved, Staff),
            vec![Open, PendingCustomer, Scheduled, Closed]
        );
        assert_eq!(allowed_targets(Resolved, Customer), vec![Open]);
        assert_eq!(allowed_targets(Open, Customer), vec![]);
        assert_eq!(allowed_targets(PendingCustomer, System), vec![Resolved]);
        assert_eq!(allowed_targets(Scheduled, System), vec![Open]);
        for actor in ActorKind::ALL {
            assert_eq!(allowed_targets(Closed, actor), vec![]);
        }
    }

    #[test]
    fn refused_targets_are_the_other_statuses_with_their_rule() {
        assert_eq!(
            refused_targets(Open, Staff),
            vec![
                (New, TransitionError::BackToNew { from: Open }),
                (Closed, TransitionError::CloseUnresolved { from: Open }),
            ]
        );
        assert_eq!(
            refused_targets(Resolved, Staff),
            vec![(New, TransitionError::BackToNew { from: Resolved })]
        );
        for actor in ActorKind::ALL {
            assert_eq!(refused_targets(Closed, actor), vec![]);
            for from in TicketStatus::ALL.into_iter().filter(|&s| s != Closed) {
                // Together they are every other status, each once.
                let mut all: Vec<TicketStatus> = allowed_targets(from, actor);
                all.extend(refused_targets(from, actor).into_iter().map(|(to, _)| to));
                all.sort_by_key(|s| TicketStatus::ALL.iter().position(|x| x == s));
                let others: Vec<TicketStatus> = TicketStatus::ALL.into_iter().filter(|&s| s != from).collect();
                assert_eq!(all, others, "from {from:?} as {actor:?}");
            }
        }
    }

    #[test]
    fn enums_are_stored_and_serialised_as_snake_case_names() {
        for status in TicketStatus::ALL {
            assert_eq!(serde_json::to_value(status).unwrap(), json!(status.as_str()));
            assert_eq!(status.as_str().parse::<TicketStatus>(), Ok(status));
        }
        for actor in ActorKind::ALL {
            assert_eq!(serde_json::to_value(actor).unwrap(), json!(actor.as_str()));
            assert_eq!(actor.as_str().parse::<ActorKind>(), Ok(actor));
        }
        for kind in Kind::ALL {
            assert_eq!(serde_json::to_value(kind).unwrap(), json!(kind.as_str()));
            assert_eq!(kind.as_str().parse::<Kind>(), Ok(kind));
            assert_eq!(kind.to_string(), kind.as_str());
        }
        for channel in Channel::ALL {
            assert_eq!(serde_json::to_value(channel).unwrap(), json!(channel.as_str()));
            assert_eq!(channel.as_str().parse::<Channel>(), Ok(channel));
        }
        assert_eq!(
            serde_json::to_value(PendingCustomer).unwrap(),
            json!("pending_customer")
        );
        assert_eq!(
            serde_json::to_value(Kind::ChangeRequest).unwrap(),
            json!("change_request")
        );
        assert_eq!(
            "ChangeRequest".parse::<Kind>(),
            Err(UnknownValue("ChangeRequest".to_owned()))
        );
        assert_eq!("web".parse::<Channel>(), Err(UnknownValue("web".to_owned())));
        assert_eq!(Kind::default(), Kind::Support);
        assert_eq!(TicketStatus::default(), New);
    }

    fn any_status() -> impl Strategy<Value = TicketStatus> {
        proptest::sample::select(TicketStatus::ALL.to_vec())
    }

    fn any_actor() -> impl Strategy<Value = ActorKind> {
        proptest::sample::select(ActorKind::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn any_walk_from_new_never_returns_to_new_nor_leaves_closed(
            steps in proptest::collection::vec((any_status(), any_actor()), 0..40),
        ) {
            let mut status = New;
            let mut left_new = false;
            for (to, actor) in steps {
                let result = transition(status, to, actor);
                if status == Closed {
                    prop_assert_eq!(result, Err(TransitionError::ReadOnly));
                }
                if result.is_ok() {
                    prop_assert_ne!(to, New);
                    if to == Closed {
                        prop_assert_eq!(status, Resolved);
                    }
                    status = to;
                    left_new = true;
                }
            }
            prop_assert_eq!(status == New, !left_new);
        }

        #[test]
        fn customers_only_ever_reopen(from in any_status(), to in any_status()) {
            if transition(from, to, Customer).is_ok() {
                prop_assert_eq!(to, Open);
                prop_assert!(matches!(from, PendingCustomer | Resolved));
                prop_assert_eq!(status_after_customer_reply(from), Ok(Some(Open)));
            }
        }

        #[test]
        fn whatever_the_system_or_a_customer_may_do_staff_may_too(from in any_status(), to in any_status()) {
            if transition(from, to, Customer).is_ok() || transition(from, to, System).is_ok() {
                prop_assert_eq!(transition(from, to, Staff), Ok(()));
            }
        }
    }
}
