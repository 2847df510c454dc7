//! E-mail between Loket and a ticket's requester: which changes earn the requester an e-mail,
//! its text in Dutch or English, and the `[#2026-000123]` subject tag that lets a reply find
//! its ticket again (see inbound e-mail).

use super::account::Language;
use super::calendar::words;
use super::ticket::is_reference;
use super::ticket_status::TicketStatus;
use chrono::{DateTime, Utc};

/// Something the requester is told by e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    /// Staff replied publicly; `status` is set when the same change moved the ticket.
    Reply {
        /// The reply's text.
        body: String,
        /// The new status, when the reply changed it to one worth mentioning.
        status: Option<TicketStatus>,
    },
    /// The ticket moved to another status (not resolved: that is [`Notice::Resolved`]).
    StatusChanged {
        /// The status it is in now.
        status: TicketStatus,
    },
    /// Staff resolved the ticket.
    Resolved,
    /// An intervention was booked.
    AppointmentBooked {
        /// When it starts.
        starts_at: DateTime<Utc>,
        /// When it ends.
        ends_at: DateTime<Utc>,
    },
    /// A booked intervention was moved.
    AppointmentMoved {
        /// When it starts now.
        starts_at: DateTime<Utc>,
        /// When it ends now.
        ends_at: DateTime<Utc>,
    },
}

/// A change to a ticket as the notification rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TicketChange<'a> {
    /// Status before the change.
    pub old_status: TicketStatus,
    /// Status after it.
    pub new_status: TicketStatus,
    /// The requester made the change themselves (they know already).
    pub by_requester: bool,
    /// The text of a public reply by staff in this change; internal notes never come here.
    pub staff_reply: Option<&'a str>,
}

/// Whether a status is announced on its own. `scheduled` comes and goes with appointments,
/// which have their own e-mails; `new` is never a destination worth a message.
fn status_worth_mentioning(status: TicketStatus) -> bool {
    !matches!(status, TicketStatus::Scheduled | TicketStatus::New)
}

/// What, if anything, the requester is told about a change: one e-mail per change at most
/// (a reply that also moves the status says both), nothing about their own changes.
pub fn notice_for_change(change: TicketChange<'_>) -> Option<Notice> {
    if change.by_requester {
        return None;
    }
    let moved = change.old_status != change.new_status
        && status_worth_mentioning(change.new_status)
        && change.old_status != TicketStatus::Scheduled;
    match change.staff_reply {
        Some(body) => Some(Notice::Reply {
            body: body.to_owned(),
            // After a first reply `new` → `open` goes without saying.
            status: (moved && change.new_status != TicketStatus::Open).then_some(change.new_status),
        }),
        None if moved && change.new_status == TicketStatus::Resolved => Some(Notice::Resolved),
        None if moved => Some(Notice::StatusChanged {
            status: change.new_status,
        }),
        None => None,
    }
}

/// The tag every e-mail about a ticket carries in its subject: `[#2026-000123]`.
pub fn subject_tag(reference: &str) -> String {
    format!("[#{reference}]")
}

/// The ticket reference in a subject's `[#2026-000123]` tag, if it has one (the first).
pub fn reference_in_subject(subject: &str) -> Option<String> {
    subject.match_indices("[#").find_map(|(at, _)| {
        let rest = &subject[at + 2..];
        let end = rest.find(']')?;
        let candidate = rest[..end].trim();
        is_reference(candidate).then(|| candidate.to_owned())
    })
}

/// The new part of a reply: the lines above the quoted earlier message (`> …` lines and the
/// "On … wrote:" / "Op … schreef …:" line that introduces them), trimmed. Falls back to the
/// whole text when everything is quoted.
pub fn reply_text(body: &str) -> String {
    let lines: Vec<&str> = body.lines().collect();
    let mut end = lines
        .iter()
        .position(|line| line.trim_start().starts_with('>'))
        .unwrap_or(lines.len());
    // The attribution line (possibly followed by blank lines) just above the quote.
    let mut above = end;
    while above > 0 && lines[above - 1].trim().is_empty() {
        above -= 1;
    }
    if above > 0 && end < lines.len() {
        let attribution = lines[above - 1].trim();
        if attribution.ends_with(':') && (attribution.contains("wrote") || attribution.contains("schreef")) {
            end = above - 1;
        }
    }
    let new_part = lines[..end].join("\n").trim().to_owned();
    if new_part.is_empty() {
        body.trim().to_owned()
    } else {
        new_part
    }
}

/// The requester's comment that carries an e-mail's attachments on a new ticket.
pub fn attachments_comment(filenames: &[String], language: Language) -> String {
    let names = words::list(filenames, language);
    match language {
        Language::Nl => format!("Bijlagen bij de e-mail: {names}"),
        Language::En => format!("Attachments of the e-mail: {names}"),
    }
}

/// An e-mail's subject and plain-text body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailText {
    /// Subject, starting with the ticket's tag.
    pub subject: String,
    /// Plain-text body.
    pub body: String,
}

/// What a requester knows the ticket by.
#[derive(Debug, Clone, Copy)]
pub struct TicketTitle<'a> {
    /// The reference.
    pub reference: &'a str,
    /// The ticket's subject.
    pub subject: &'a str,
}

fn status_name(status: TicketStatus, language: Language) -> &'static str {
    match (language, status) {
        (Language::Nl, TicketStatus::New) => "nieuw",
        (Language::Nl, TicketStatus::Open) => "in behandeling",
        (Language::Nl, TicketStatus::PendingCustomer) => "wacht op uw antwoord",
        (Language::Nl, TicketStatus::Scheduled) => "ingepland",
        (Language::Nl, TicketStatus::Resolved) => "opgelost",
        (Language::Nl, TicketStatus::Closed) => "afgesloten",
        (Language::En, TicketStatus::New) => "new",
        (Language::En, TicketStatus::Open) => "being handled",
        (Language::En, TicketStatus::PendingCustomer) => "waiting for your reply",
        (Language::En, TicketStatus::Scheduled) => "scheduled",
        (Language::En, TicketStatus::Resolved) => "resolved",
        (Language::En, TicketStatus::Closed) => "closed",
    }
}

/// A span of UTC time as Belgian local time in words.
fn local_span(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>, language: Language) -> String {
    let local = |at: DateTime<Utc>| at.with_timezone(&chrono_tz::Europe::Brussels).naive_local();
    words::local_span(local(starts_at), local(ends_at), language)
}

/// The e-mail for a notice, in the requester's language.
pub fn render(notice: &Notice, ticket: TicketTitle<'_>, recipient_name: &str, language: Language) -> MailText {
    let nl = language == Language::Nl;
    let (headline, text) = match notice {
        Notice::Reply { body, status } => {
            let mut text = if nl {
                format!("Er is een nieuw antwoord op uw vraag:\n\n{body}\n")
            } else {
                format!("There is a new reply to your question:\n\n{body}\n")
            };
            if let Some(status) = status {
                let name = status_name(*status, language);
                text.push_str(&if nl {
                    format!("\nDe status is nu: {name}.\n")
                } else {
                    format!("\nThe status is now: {name}.\n")
                });
            }
            (if nl { "Nieuw antwoord" } else { "New reply" }, text)
        }
        Notice::StatusChanged { status } => {
            let name = status_name(*status, language);
            if nl {
                ("Status gewijzigd", format!("De status van uw vraag is nu: {name}.\n"))
            } else {
                (
                    "Status changed",
                    format!("The status of your question is now: {name}.\n"),
                )
            }
        }
        Notice::Resolved => {
            if nl {
                (
                    "Opgelost",
                    "Wij hebben uw vraag opgelost. Is het probleem niet weg? Antwoord dan op deze \
                     e-mail en wij nemen de vraag opnieuw in behandeling.\n"
                        .to_owned(),
                )
            } else {
                (
                    "Resolved",
                    "We have resolved your question. If the problem is still there, reply to this \
                     e-mail and we will take it up again.\n"
                        .to_owned(),
                )
            }
        }
        Notice::AppointmentBooked { starts_at, ends_at } => {
            let when = local_span(*starts_at, *ends_at, language);
            if nl {
                (
                    "Afspraak ingepland",
                    format!("Wij hebben een interventie ingepland op {when}.\n"),
                )
            } else {
                (
                    "Appointment booked",
                    format!("We have booked an intervention on {when}.\n"),
                )
            }
        }
        Notice::AppointmentMoved { starts_at, ends_at } => {
            let when = local_span(*starts_at, *ends_at, language);
            if nl {
                (
                    "Afspraak verplaatst",
                    format!("Uw afspraak is verplaatst naar {when}.\n"),
                )
            } else {
                (
                    "Appointment moved",
                    format!("Your appointment has been moved to {when}.\n"),
                )
            }
        }
    };
    let tag = subject_tag(ticket.reference);
    let (greeting, footer) = if nl {
        (
            format!("Beste {recipient_name},"),
            format!(
                "Met vriendelijke groeten,\nLoket support\n\n--\nVraag {}: {}\nAntwoorden kan door op deze \
                 e-mail te antwoorden; laat {tag} in het onderwerp staan.",
                ticket.reference, ticket.subject
            ),
        )
    } else {
        (
            format!("Dear {recipient_name},"),
            format!(
                "Kind regards,\nLoket support\n\n--\nQuestion {}: {}\nTo answer, reply to this e-mail; keep \
                 {tag} in the subject.",
                ticket.reference, ticket.subject
            ),
        )
    };
    MailText {
        subject: format!("{tag} {headline}: {}", ticket.subject),
        body: format!("{greeting}\n\n{text}\n{footer}\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    const TITLE: TicketTitle<'static> = TicketTitle {
        reference: "2026-000123",
        subject: "Kassa start niet",
    };

    fn change(old: TicketStatus, new: TicketStatus, reply: Option<&str>) -> TicketChange<'_> {
        TicketChange {
            old_status: old,
            new_status: new,
            by_requester: false,
            staff_reply: reply,
        }
    }

    #[test]
    fn a_staff_reply_is_one_mail_that_mentions_a_notable_status() {
        assert_eq!(
            notice_for_change(change(TicketStatus::New, TicketStatus::Open, Some("Hallo"))),
            Some(Notice::Reply {
                body: "Hallo".into(),
                status: None
            })
        );
        assert_eq!(
            notice_for_change(change(
                TicketStatus::Open,
                TicketStatus::PendingCustomer,
                Some("Welke versie?")
            )),
            Some(Notice::Reply {
                body: "Welke versie?".into(),
                status: Some(TicketStatus::PendingCustomer)
            })
        );
    }

    #[test]
    fn status_changes_resolution_and_silence() {
        assert_eq!(
            notice_for_change(change(TicketStatus::Open, TicketStatus::Resolved, None)),
            Some(Notice::Resolved)
        );
        assert_eq!(
            notice_for_change(change(TicketStatus::Resolved, TicketStatus::Closed, None)),
            Some(Notice::StatusChanged {
                status: TicketStatus::Closed
            })
        );
        // Appointments have their own e-mails.
        assert_eq!(
            notice_for_change(change(TicketStatus::Open, TicketStatus::Scheduled, None)),
            None
        );
        assert_eq!(
            notice_for_change(change(TicketStatus::Scheduled, TicketStatus::Open, None)),
            None
        );
        // Nothing changed that the requester sees (e.g. an internal note, a priority).
        assert_eq!(
            notice_for_change(change(TicketStatus::Open, TicketStatus::Open, None)),
            None
        );
    }

    #[test]
    fn texts_follow_the_language_and_carry_the_tag() {
        let reply = Notice::Reply {
            body: "Herstart de kassa.".into(),
            status: Some(TicketStatus::PendingCustomer),
        };
        let nl = render(&reply, TITLE, "Tom", Language::Nl);
        assert_eq!(nl.subject, "[#2026-000123] Nieuw antwoord: Kassa start niet");
        assert!(nl.body.starts_with("Beste Tom,"), "{}", nl.body);
        assert!(nl.body.contains("Herstart de kassa."));
        assert!(nl.body.contains("wacht op uw antwoord"));
        let en = render(&reply, TITLE, "Tom", Language::En);
        assert_eq!(en.subject, "[#2026-000123] New reply: Kassa start niet");
        assert!(en.body.starts_with("Dear Tom,"));
        assert!(en.body.contains("waiting for your reply"));
    }

    #[test]
    fn appointment_times_are_belgian_local_time_in_words() {
        // 09:00 UTC on 2 March 2026 is 10:00 in Brussels (winter time).
        let starts_at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
        let ends_at = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
        let booked = Notice::AppointmentBooked { starts_at, ends_at };
        let nl = render(&booked, TITLE, "An", Language::Nl);
        assert!(nl.body.contains("maandag 2 maart 2026 10:00–11:00"), "{}", nl.body);
        let moved = Notice::AppointmentMoved { starts_at, ends_at };
        let en = render(&moved, TITLE, "An", Language::En);
        assert!(en.subject.contains("Appointment moved"));
        assert!(en.body.contains("Monday 2 March 2026 10:00–11:00"), "{}", en.body);
    }

    #[test]
    fn references_are_found_in_reply_subjects() {
        assert_eq!(
            reference_in_subject("Re: [#2026-000123] Nieuw antwoord: Kassa").as_deref(),
            Some("2026-000123")
        );
        assert_eq!(
            reference_in_subject("AW: [# 2026-000123 ]").as_deref(),
            Some("2026-000123")
        );
        assert_eq!(
            reference_in_subject("[#nope] [#2027-000001]").as_deref(),
            Some("2027-000001")
        );
        assert_eq!(reference_in_subject("Vraag over 2026-000123"), None);
        assert_eq!(reference_in_subject("[#2026-000123"), None);
    }

    #[test]
    fn replies_lose_the_quoted_message() {
        let body = "Dank u, het werkt weer.\n\nOp ma 2 mrt 2026 om 10:00 schreef Loket <support@loket.example>:\n> Beste Tom,\n> Herstart de kassa.";
        assert_eq!(reply_text(body), "Dank u, het werkt weer.");
        assert_eq!(
            reply_text("Still broken.\nOn Mon, Loket wrote:\n\n> old"),
            "Still broken."
        );
        assert_eq!(reply_text("> only quoted"), "> only quoted");
        assert_eq!(reply_text("  no quote at all \n"), "no quote at all");
    }

    #[test]
    fn the_attachment_comment_names_the_files() {
        let names = ["factuur.pdf".to_owned(), "scherm.png".to_owned()];
        assert_eq!(
            attachments_comment(&names, Language::Nl),
            "Bijlagen bij de e-mail: factuur.pdf en scherm.png"
        );
        assert_eq!(
            attachments_comment(&names[..1], Language::En),
            "Attachments of the e-mail: factuur.pdf"
        );
    }

    fn any_status() -> impl Strategy<Value = TicketStatus> {
        prop::sample::select(TicketStatus::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn the_requester_is_never_told_about_their_own_change(
            old in any_status(), new in any_status(), reply in proptest::option::of(".{0,20}")
        ) {
            let change = TicketChange { old_status: old, new_status: new, by_requester: true, staff_reply: reply.as_deref() };
            prop_assert_eq!(notice_for_change(change), None);
        }

        #[test]
        fn every_subject_leads_back_to_its_ticket(
            year in 2000i32..3000, number in 1i64..10_000_000, subject in "[^\\[\\]]{0,40}", english in any::<bool>(),
            old in any_status(), new in any_status(),
        ) {
            let reference = super::super::ticket::format_reference(year, number);
            let language = if english { Language::En } else { Language::Nl };
            let title = TicketTitle { reference: &reference, subject: &subject };
            if let Some(notice) = notice_for_change(change(old, new, Some("x"))) {
                let mail = render(&notice, title, "X", language);
                let reply_subject = format!("Re: {}", mail.subject);
                prop_assert_eq!(reference_in_subject(&reply_subject), Some(reference.clone()));
            }
        }
    }
}
