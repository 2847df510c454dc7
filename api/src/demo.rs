//! Demo data: what a newcomer sees after one command. The vendor's staff, a customer that
//! will hold a maintenance contract and one without, each with a customer admin and a user,
//! in Dutch and English.

use crate::auth::hash_password;
use crate::domain::account::{Language, Role};
use crate::domain::priority::Urgency;
use crate::domain::ticket::intake;
use crate::domain::ticket_status::{Channel, TicketStatus};
use crate::domain::triage::{TicketFacts, TriageFields};
use crate::http::tickets::TicketFilters;
use crate::store::accounts::{self, NewOrganization, NewUser};
use crate::store::tickets::{self, NewComment, NewEvent, NewTicket, TicketScope, TicketUpdate};
use crate::store::triage as triage_store;
use crate::store::{contracts, interventions, kb, schedules, views};
use crate::store::{write_transaction, DbConnection, StoreError};

/// The password of every demo login (demo mode only; printed at start).
pub const DEMO_PASSWORD: &str = "loket-demo-2026";

/// One demo login.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    /// Login e-mail.
    pub email: &'static str,
    /// Who it is.
    pub description: &'static str,
}

struct DemoUser {
    email: &'static str,
    name: &'static str,
    role: Role,
    language: Language,
    organization: Option<usize>,
    description: &'static str,
}

struct DemoOrganization {
    name: &'static str,
    vat: Option<&'static str>,
}

const ORGANIZATIONS: [DemoOrganization; 2] = [
    // Will hold a maintenance contract.
    DemoOrganization {
        name: "Bakkerij Peeters bv",
        vat: Some("BE0417497106"),
    },
    // Has none: every intervention is billed.
    DemoOrganization {
        name: "Garage Janssens & Zonen",
        vat: Some("BE0403170701"),
    },
];

const USERS: [DemoUser; 7] = [
    DemoUser {
        email: "admin@loket.example",
        name: "Sofie Admin",
        role: Role::Admin,
        language: Language::Nl,
        organization: None,
        description: "admin (vendor staff)",
    },
    DemoUser {
        email: "jan.agent@loket.example",
        name: "Jan Vermeulen",
        role: Role::Agent,
        language: Language::Nl,
        organization: None,
        description: "agent (vendor staff, Dutch)",
    },
    DemoUser {
        email: "emma.agent@loket.example",
        name: "Emma Wilson",
        role: Role::Agent,
        language: Language::En,
        organization: None,
        description: "agent (vendor staff, English)",
    },
    DemoUser {
        email: "an.peeters@bakkerij-peeters.example",
        name: "An Peeters",
        role: Role::CustomerAdmin,
        language: Language::Nl,
        organization: Some(0),
        description: "customer admin, Bakkerij Peeters (maintenance contract)",
    },
    DemoUser {
        email: "tom.claes@bakkerij-peeters.example",
        name: "Tom Claes",
        role: Role::Customer,
        language: Language::Nl,
        organization: Some(0),
        description: "customer, Bakkerij Peeters (maintenance contract)",
    },
    DemoUser {
        email: "lisa.janssens@garage-janssens.example",
        name: "Lisa Janssens",
        role: Role::CustomerAdmin,
        language: Language::En,
        organization: Some(1),
        description: "customer admin, Garage Janssens (no contract)",
    },
    DemoUser {
        email: "pieter.maes@garage-janssens.example",
        name: "Pieter Maes",
        role: Role::Customer,
        language: Language::Nl,
        organization: Some(1),
        description: "customer, Garage Janssens (no contract)",
    },
];

/// The demo logins, for printing.
pub fn logins() -> Vec<DemoLogin> {
    USERS
        .iter()
        .map(|u| DemoLogin {
            email: u.email,
            description: u.description,
        })
        .collect()
}

/// Seeds the demo data in one transaction, unless users exist already. Returns whether it seeded.
pub fn seed(conn: &mut DbConnection) -> Result<bool, StoreError> {
    if accounts::count_users(conn)? > 0 {
        return Ok(false);
    }
    let hash = hash_password(DEMO_PASSWORD).map_err(|e| StoreError::Unavailable(e.to_string()))?;
    write_transaction(conn, |conn| {
        let mut orgs = Vec::new();
        for org in &ORGANIZATIONS {
            orgs.push(accounts::create_organization(
                conn,
                NewOrganization {
                    name: org.name.to_owned(),
                    vat_number: org.vat.map(str::to_owned),
                },
            )?);
        }
        let mut created = Vec::new();
        for user in &USERS {
            let stored = accounts::create_user(
                conn,
                NewUser {
                    email: user.email.to_owned(),
                    display_name: user.name.to_owned(),
                    language: user.language,
                    role: user.role,
                    organization_id: user.organization.map(|i| orgs[i].id),
                    password_hash: Some(hash.clone()),
                    invitation: None,
                },
            )?;
            created.push(stored);
        }
        contracts::seed_demo(conn, orgs[0].id)?;
        if let Some(admin) = created.iter().find(|u| u.role == Role::Admin) {
            schedules::seed_demo_closures(conn, admin.id)?;
        }
        seed_tickets(conn, &created)?;
        if let Some(jan) = created.iter().find(|u| u.email == "jan.agent@loket.example") {
            seed_views(conn, jan.id)?;
        }
        crate::store::appointments::seed_demo(conn)?;
        if let Some(agent) = created.iter().find(|u| u.role == Role::Agent) {
            let today = crate::store::today();
            interventions::seed_demo(conn, orgs[0].id, orgs[1].id, agent.id, today)?;
        }
        seed_articles(conn, created.iter().find(|u| u.role == Role::Admin).map(|u| u.id))?;
        seed_webhook(conn)?;
        Ok(true)
    })
}

/// The demo's webhook: a paused subscription of a customer's ERP (at an `example.invalid`
/// address, so the demo server never sends anything to the internet) with a delivery log of
/// a few days, delivered and failed, with status codes and timings, about the demo's tickets.
/// Only finished deliveries are written: a worker has nothing to send.
fn seed_webhook(conn: &mut DbConnection) -> Result<(), StoreError> {
    use crate::domain::webhook::EventType;
    use crate::store::outbox::{self, LoggedDelivery};
    use crate::store::schema::tickets as t;
    use crate::store::ResultExt;
    use diesel::prelude::*;

    let hook = outbox::create_webhook(
        conn,
        "https://erp.bakkerij-peeters.example.invalid/loket/webhook",
        "whsec_demo_never_shown_3f9a1c7e5b2d",
        &[
            EventType::TicketCreated,
            EventType::TicketUpdated,
            EventType::TicketCommented,
        ],
    )?;
    outbox::update_webhook(conn, hook.id, None, None, Some(false))?;
    let references: Vec<String> = t::table
        .order((t::created_at, t::reference))
        .select(t::reference)
        .limit(3)
        .load(conn)
        .store()?;
    let mut found = Vec::new();
    for reference in &references {
        found.push(tickets::find_ticket(conn, reference, TicketScope::Everything)?);
    }
    let [first, second, third] = found.as_slice() else {
        return Ok(());
    };
    let now = crate::store::now();
    let ago = |hours: i64, minutes: i64| now - chrono::TimeDelta::hours(hours) - chrono::TimeDelta::minutes(minutes);
    let changed = |ticket: &tickets::Ticket| {
        serde_json::json!({
            "ticket": ticket,
            "changes": [{ "field": "status", "old": "new", "new": ticket.status.as_str() }],
        })
    };
    let rows = [
        (
            EventType::TicketCreated,
            serde_json::json!({ "ticket": first }),
            ago(74, 12),
            true,
            1,
            Some(200),
            None,
            142,
        ),
        (
            EventType::TicketCreated,
            serde_json::json!({ "ticket": second }),
            ago(51, 40),
            true,
            1,
            Some(204),
            None,
            87,
        ),
        (
            EventType::TicketUpdated,
            changed(first),
            ago(27, 5),
            false,
            8,
            Some(500),
            Some("the receiver answered 500 Internal Server Error"),
            1312,
        ),
        (
            EventType::TicketCreated,
            serde_json::json!({ "ticket": third }),
            ago(20, 30),
            false,
            8,
            None,
            Some("no answer within 10 s"),
            10_004,
        ),
        (
            EventType::TicketUpdated,
            changed(second),
            ago(5, 15),
            true,
            3,
            Some(200),
            None,
            233,
        ),
    ];
    for (event_type, data, at, delivered, attempts, status_code, error, duration_ms) in rows {
        outbox::insert_logged_delivery(
            conn,
            hook.id,
            LoggedDelivery {
                event_type,
                data,
                at,
                delivered,
                attempts,
                status_code,
                error: error.map(str::to_owned),
                duration_ms,
            },
        )?;
    }
    Ok(())
}

fn text(language: Language, title: &str, body: &str) -> kb::TextInput {
    kb::TextInput {
        language,
        title: title.into(),
        body: body.into(),
    }
}

fn seed_articles(conn: &mut DbConnection, author: Option<uuid::Uuid>) -> Result<(), StoreError> {
    use crate::domain::kb::{ArticleStatus, Visibility};
    let articles = [
        kb::ArticleInput {
            // The policy itself, closed for comments as on the vendor's site.
            slug: "welke-vragen-kan-je-stellen".into(),
            tags: vec!["onderhoudscontract".into(), "support".into()],
            status: ArticleStatus::Published,
            visibility: Visibility::Public,
            comments_open: false,
            texts: vec![
                text(Language::Nl, "Welke vragen kan je bij ons stellen?", "Alle vragen over onze softwarepakketten. Elke vraag wordt als **ticket** geregistreerd.\n\nInterventies gebeuren tijdens de supporturen en steeds op afspraak:\n\n- maandag tot donderdag: 9u00-12u00 en 13u00-16u30\n- vrijdag: 9u00-12u00 en 13u00-15u30\n- behalve op feestdagen en tussen Kerstmis en Nieuwjaar."),
                text(Language::En, "Which questions can you bring to us?", "Any question about our software packages. Every question is logged as a **ticket**.\n\nInterventions take place during support hours, always by appointment:\n\n- Monday to Thursday: 9:00-12:00 and 13:00-16:30\n- Friday: 9:00-12:00 and 13:00-15:30\n- except public holidays and between Christmas and New Year."),
            ],
        },
        kb::ArticleInput {
            slug: "kredietnota-opmaken".into(),
            tags: vec!["facturatie".into()],
            status: ArticleStatus::Published,
            visibility: Visibility::Customers,
            comments_open: true,
            texts: vec![
                text(Language::Nl, "Een kredietnota opmaken", "1. Ga naar **Facturen > Nieuwe kredietnota**.\n2. Kies de oorspronkelijke factuur.\n3. Pas de bedragen aan en bevestig."),
                text(Language::En, "Creating a credit note", "1. Go to **Invoices > New credit note**.\n2. Pick the original invoice.\n3. Adjust the amounts and confirm."),
            ],
        },
        kb::ArticleInput {
            slug: "printer-niet-gevonden".into(),
            tags: vec!["kassa".into(), "printer".into()],
            status: ArticleStatus::Draft,
            visibility: Visibility::Public,
            comments_open: true,
            texts: vec![text(Language::Nl, "Foutmelding 'Printer niet gevonden' na update 8.2", "Werk de printerdriver bij naar versie 3.1 of hoger.")],
        },
    ];
    for article in articles {
        kb::create_article(conn, article, author)?;
    }
    Ok(())
}

/// A demo ticket: who asks, through which channel, what; then what happens to it.
struct DemoTicket {
    requester: &'static str,
    logged_by: &'static str,
    channel: Channel,
    urgency: Urgency,
    subject: &'static str,
    description: &'static str,
    assignee: Option<&'static str>,
    /// (author, body, internal), in order.
    comments: &'static [(&'static str, &'static str, bool)],
    status: TicketStatus,
}

const TICKETS: &[DemoTicket] = &[
    DemoTicket {
        requester: "tom.claes@bakkerij-peeters.example",
        logged_by: "tom.claes@bakkerij-peeters.example",
        channel: Channel::Portal,
        urgency: Urgency::High,
        subject: "Foutmelding bij het afdrukken van facturen",
        description: "Sinds de update van gisteren krijgen we de foutmelding 'Printer niet gevonden' zodra we een factuur willen afdrukken. Bestellingen afdrukken lukt wel.",
        assignee: Some("jan.agent@loket.example"),
        comments: &[
            ("jan.agent@loket.example", "Dag Tom, we bekijken het. Welke printer gebruiken jullie aan de kassa?", false),
            ("tom.claes@bakkerij-peeters.example", "Een Brother HL-L2350DW, via USB aangesloten.", false),
            ("jan.agent@loket.example", "Bekend probleem met de printerdriver na versie 8.2; hotfix staat gepland.", true),
        ],
        status: TicketStatus::Open,
    },
    DemoTicket {
        requester: "an.peeters@bakkerij-peeters.example",
        logged_by: "an.peeters@bakkerij-peeters.example",
        channel: Channel::Portal,
        urgency: Urgency::Low,
        subject: "Nieuwe functie: dagomzet exporteren naar Excel",
        description: "Kunnen jullie een knop toevoegen om de dagomzet per filiaal naar Excel te exporteren? Onze boekhouder vraagt dat elke maand.",
        assignee: None,
        comments: &[],
        status: TicketStatus::New,
    },
    DemoTicket {
        requester: "pieter.maes@garage-janssens.example",
        logged_by: "jan.agent@loket.example",
        channel: Channel::Phone,
        urgency: Urgency::Medium,
        subject: "Hoe maak ik een kredietnota voor een terugbetaalde herstelling?",
        description: "Telefonisch: klant wil weten hoe hij een kredietnota opmaakt voor een herstelling die werd terugbetaald.",
        assignee: Some("jan.agent@loket.example"),
        comments: &[(
            "jan.agent@loket.example",
            "Via Facturen > Nieuwe kredietnota, en kies dan de oorspronkelijke factuur. Zie ook het kennisbankartikel 'Kredietnota's'.",
            false,
        )],
        status: TicketStatus::Resolved,
    },
    DemoTicket {
        requester: "lisa.janssens@garage-janssens.example",
        logged_by: "lisa.janssens@garage-janssens.example",
        channel: Channel::Portal,
        urgency: Urgency::Critical,
        subject: "Error when importing the supplier price list",
        description: "The price list import crashes with an exception at line 42 of the CSV file. We cannot update our parts prices.",
        assignee: Some("emma.agent@loket.example"),
        comments: &[
            ("emma.agent@loket.example", "Customer has no maintenance contract: this intervention is billable.", true),
            ("emma.agent@loket.example", "Hi Lisa, could you send us the CSV file so we can reproduce the crash?", false),
        ],
        status: TicketStatus::PendingCustomer,
    },
    DemoTicket {
        requester: "lisa.janssens@garage-janssens.example",
        logged_by: "lisa.janssens@garage-janssens.example",
        channel: Channel::Portal,
        urgency: Urgency::Medium,
        subject: "Please install the new version on our second workstation",
        description: "We bought a second PC for the reception desk. Could you install the software and connect it to our database?",
        assignee: None,
        comments: &[],
        status: TicketStatus::New,
    },
    DemoTicket {
        requester: "tom.claes@bakkerij-peeters.example",
        logged_by: "tom.claes@bakkerij-peeters.example",
        channel: Channel::Email,
        urgency: Urgency::Medium,
        subject: "Kassa rekent verkeerde btw op belegde broodjes",
        description: "Goedemorgen,\n\nSinds maandag rekent de kassa 21 % btw aan op belegde broodjes in plaats van 6 %. Kunnen jullie dat nakijken?\n\nMet vriendelijke groeten,\nTom Claes",
        assignee: Some("emma.agent@loket.example"),
        comments: &[(
            "emma.agent@loket.example",
            "Dag Tom, het btw-tarief staat per productgroep ingesteld. Kijkt u even onder Instellingen > Productgroepen > Broodjes? Daar hoort 6 % te staan.",
            false,
        )],
        status: TicketStatus::PendingCustomer,
    },
    DemoTicket {
        requester: "an.peeters@bakkerij-peeters.example",
        logged_by: "jan.agent@loket.example",
        channel: Channel::Phone,
        urgency: Urgency::High,
        subject: "Kassa in filiaal Leuven start niet op na stroompanne",
        description: "Telefonisch: na een stroompanne vannacht blijft de kassa in Leuven hangen op het opstartscherm. Ze rekenen nu met de hand af.",
        assignee: Some("jan.agent@loket.example"),
        comments: &[(
            "jan.agent@loket.example",
            "Klant belde om 8u45; gevraagd om de kassa volledig uit te schakelen en opnieuw op te starten, dat hielp niet.",
            true,
        )],
        status: TicketStatus::Open,
    },
    DemoTicket {
        requester: "pieter.maes@garage-janssens.example",
        logged_by: "jan.agent@loket.example",
        channel: Channel::Phone,
        urgency: Urgency::Low,
        subject: "Vraag over het exporteren van de btw-listing",
        description: "Telefonisch: de boekhouder van de garage vraagt hoe hij de jaarlijkse btw-listing als bestand exporteert.",
        assignee: None,
        comments: &[],
        status: TicketStatus::New,
    },
];

/// The saved views of the demo's Dutch agent (named in his language), so a newcomer finds
/// them in the queue: (name, filters).
fn demo_views() -> [(&'static str, TicketFilters); 2] {
    let unresolved = TicketStatus::OPEN.map(TicketStatus::as_str).join(",");
    [
        (
            "Mijn open tickets",
            TicketFilters {
                assignee: Some("me".into()),
                status: Some(unresolved.clone()),
                ..TicketFilters::default()
            },
        ),
        (
            "Overschreden",
            TicketFilters {
                breached: Some(true),
                status: Some(unresolved),
                ..TicketFilters::default()
            },
        ),
    ]
}

fn seed_views(conn: &mut DbConnection, agent: uuid::Uuid) -> Result<(), StoreError> {
    for (name, filters) in demo_views() {
        let filters = serde_json::to_value(&filters).map_err(|e| StoreError::Unavailable(e.to_string()))?;
        views::create_view(conn, agent, name, &filters, crate::http::views::MAX_VIEWS).map_err(|e| match e {
            views::ViewError::Store(e) => e,
            other => StoreError::Conflict(format!("demo view {name}: {other:?}")),
        })?;
    }
    Ok(())
}

fn seed_tickets(conn: &mut DbConnection, users: &[accounts::User]) -> Result<(), StoreError> {
    let id_of = |email: &str| {
        users
            .iter()
            .find(|u| u.email == email)
            .map(|u| u.id)
            .ok_or(StoreError::NotFound)
    };
    let rules = triage_store::list_rules(conn)?;
    let matrix = triage_store::priority_matrix(conn)?;
    let today = crate::store::today();
    for demo in TICKETS {
        let requester = users
            .iter()
            .find(|u| u.email == demo.requester)
            .ok_or(StoreError::NotFound)?;
        let facts = TicketFacts {
            subject: demo.subject.into(),
            description: demo.description.into(),
            channel: demo.channel,
            requested_category: None,
            organization_id: requester.organization_id,
            requester_role: requester.role,
            has_valid_contract: contracts::coverage_of(conn, requester.organization_id.unwrap_or_default(), today)?
                .covered,
            fields: TriageFields {
                urgency: Some(demo.urgency),
                ..TriageFields::default()
            },
        };
        let outcome = intake(&rules, &facts, &matrix, None);
        let created_by = id_of(demo.logged_by)?;
        let assignee = demo.assignee.map(id_of).transpose()?;
        let ticket = tickets::create_ticket(
            conn,
            NewTicket {
                kind: outcome.fields.kind,
                subject: demo.subject.into(),
                description: demo.description.into(),
                channel: demo.channel,
                category: outcome.fields.category.clone(),
                urgency: demo.urgency,
                impact: outcome.fields.impact,
                priority: outcome.priority.priority,
                priority_overridden: false,
                requester_id: requester.id,
                organization_id: requester.organization_id,
                assignee_id: assignee,
                created_by,
                notes: Vec::new(),
                events: tickets::decision_events(&outcome.decisions),
            },
        )?;
        let mut comments = Vec::new();
        for (author, body, internal) in demo.comments {
            comments.push(NewComment {
                author_id: Some(id_of(author)?),
                body: (*body).into(),
                internal: *internal,
            });
        }
        let staff_replied = demo
            .comments
            .iter()
            .any(|(author, _, internal)| author.ends_with("@loket.example") && !internal);
        tickets::modify_ticket(conn, &ticket.reference, TicketScope::Everything, |current| {
            let mut next = current.clone();
            next.status = demo.status;
            if staff_replied {
                next.first_response_at = Some(chrono::Utc::now());
            }
            if demo.status == TicketStatus::Resolved {
                next.resolved_at = Some(chrono::Utc::now());
            }
            let events = (current.status != demo.status)
                .then(|| NewEvent {
                    actor_id: demo.assignee.map(id_of).transpose().ok().flatten(),
                    field: "status".into(),
                    old_value: Some(current.status.as_str().into()),
                    new_value: Some(demo.status.as_str().into()),
                    ..NewEvent::default()
                })
                .into_iter()
                .collect();
            Ok::<_, StoreError>(TicketUpdate {
                ticket: next,
                events,
                comments,
            })
        })?;
    }
    Ok(())
}

/// The block printed at start in demo mode.
pub fn login_banner(base_url: &str) -> String {
    let mut out = format!(
        "\n  Loket demo is running: open {base_url}/ (web app)\n  API docs: {base_url}/api/docs/\n\n  Demo logins (password: {DEMO_PASSWORD}):\n"
    );
    for login in logins() {
        out.push_str(&format!("    {:<42} {}\n", login.email, login.description));
    }
    out
}

const AREAS_NL: &[&str] = &[
    "facturatie",
    "kassa",
    "voorraadbeheer",
    "boekhouding",
    "loonberekening",
    "rapporten",
    "etiketten",
    "bestellingen",
    "klantenbestand",
    "back-up",
];
const AREAS_EN: &[&str] = &[
    "invoicing",
    "point of sale",
    "stock control",
    "accounting",
    "payroll",
    "reports",
    "labels",
    "purchase orders",
    "customer records",
    "backup",
];
const PROBLEMS_NL: &[&str] = &[
    "Foutmelding bij het openen van",
    "Vraag over",
    "Traag scherm in",
    "Wijzigingsaanvraag voor",
    "Hoe exporteer ik gegevens uit",
    "Afdrukprobleem in",
];
const PROBLEMS_EN: &[&str] = &[
    "Error when opening",
    "Question about",
    "Slow screen in",
    "Change request for",
    "How do I export data from",
    "Printing problem in",
];
const REPLIES: &[&str] = &[
    "Bedankt voor je melding, we bekijken het en komen erop terug.",
    "Thanks for reporting this; we are looking into it.",
    "Dit is opgelost in de laatste update, installeer die via Help > Updates.",
    "Please send us a screenshot of the message so we can reproduce it.",
];

/// Inserts `count` generated tickets (Dutch and English, each with a staff reply) for
/// measuring the queue and search at scale; needs the demo users. Returns how many.
pub fn seed_bulk_tickets(
    conn: &mut DbConnection,
    count: usize,
    mut progress: impl FnMut(usize),
) -> Result<usize, StoreError> {
    use crate::domain::priority::PriorityMatrix;
    use crate::domain::ticket_status::Kind;
    use rand::{Rng, SeedableRng};

    let filter = accounts::UserFilter::default();
    let page = crate::store::page::PageRequest {
        after: None,
        limit: 200,
    };
    let people = accounts::list_users(conn, &filter, &page)?.items;
    let customers: Vec<&accounts::User> = people.iter().filter(|u| !u.role.is_staff() && u.active).collect();
    let agents: Vec<&accounts::User> = people.iter().filter(|u| u.role == Role::Agent).collect();
    if customers.is_empty() || agents.is_empty() {
        return Err(StoreError::NotFound);
    }
    let matrix = PriorityMatrix::default();
    let mut rng = rand::rngs::StdRng::seed_from_u64(20261125);
    let start = crate::store::now() - chrono::TimeDelta::days(730);
    let mut done = 0;
    while done < count {
        let size = (count - done).min(5000);
        let mut batch = Vec::with_capacity(size);
        for i in 0..size {
            let n = done + i;
            let area = rng.gen_range(0..AREAS_NL.len());
            let problem = rng.gen_range(0..PROBLEMS_NL.len());
            let dutch = rng.gen_bool(0.6);
            let (subject, description) = if dutch {
                (
                    format!("{} {}", PROBLEMS_NL[problem], AREAS_NL[area]),
                    format!(
                        "Melding {n}: sinds vanochtend lukt {} niet meer op werkpost {}.",
                        AREAS_NL[area],
                        rng.gen_range(1..40)
                    ),
                )
            } else {
                (
                    format!("{} {}", PROBLEMS_EN[problem], AREAS_EN[area]),
                    format!(
                        "Report {n}: since this morning {} fails on workstation {}.",
                        AREAS_EN[area],
                        rng.gen_range(1..40)
                    ),
                )
            };
            let urgency = match rng.gen_range(0..10) {
                0 => Urgency::Critical,
                1..=2 => Urgency::High,
                3..=6 => Urgency::Medium,
                _ => Urgency::Low,
            };
            // Old tickets are closed, as in a desk that has run for two years; only the most
            // recent ones are still being worked on.
            let recent = n + 2000 >= count;
            let status = match (recent, rng.gen_range(0..20)) {
                (false, _) => TicketStatus::Closed,
                (true, 0) => TicketStatus::New,
                (true, 1..=2) => TicketStatus::Open,
                (true, 3) => TicketStatus::PendingCustomer,
                (true, 4..=5) => TicketStatus::Resolved,
                (true, _) => TicketStatus::Closed,
            };
            let kind = match problem {
                0 | 5 => Kind::Issue,
                3 => Kind::ChangeRequest,
                _ => Kind::Support,
            };
            let requester = customers[rng.gen_range(0..customers.len())];
            batch.push(tickets::BulkTicket {
                subject,
                description,
                reply: REPLIES[rng.gen_range(0..REPLIES.len())].to_owned(),
                kind,
                status,
                urgency,
                priority: matrix.priority_for(crate::domain::priority::Impact::Medium, urgency),
                requester_id: requester.id,
                organization_id: requester.organization_id,
                agent_id: agents[rng.gen_range(0..agents.len())].id,
                created_at: start + chrono::TimeDelta::seconds(i64::try_from(n).unwrap_or(0) * 60),
            });
        }
        done += tickets::bulk_insert(conn, batch)?;
        progress(done);
    }
    Ok(done)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::account::check_membership;
    use crate::domain::vat::normalize_belgian_vat;

    #[test]
    fn demo_data_obeys_the_account_rules() {
        for user in &USERS {
            assert!(
                check_membership(user.role, user.organization.is_some()).is_ok(),
                "{}",
                user.email
            );
        }
        for org in &ORGANIZATIONS {
            let vat = org.vat.unwrap();
            assert_eq!(normalize_belgian_vat(vat).as_deref(), Ok(vat));
        }
        assert!(crate::domain::account::check_password(DEMO_PASSWORD, "admin@loket.example").is_ok());
    }

    #[test]
    fn each_organisation_has_a_customer_admin_and_a_customer() {
        for (index, _) in ORGANIZATIONS.iter().enumerate() {
            let roles: Vec<Role> = USERS
                .iter()
                .filter(|u| u.organization == Some(index))
                .map(|u| u.role)
                .collect();
            assert!(roles.contains(&Role::CustomerAdmin) && roles.contains(&Role::Customer));
        }
        let staff: Vec<Role> = USERS.iter().filter(|u| u.role.is_staff()).map(|u| u.role).collect();
        assert_eq!(staff, [Role::Admin, Role::Agent, Role::Agent]);
    }
}
