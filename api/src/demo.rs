//! Demo data: what a newcomer sees after one command. The vendor's staff, a customer that
//! will hold a maintenance contract and one without, each with a customer admin and a user,
//! in Dutch and English.

use crate::auth::hash_password;
use crate::domain::account::{Language, Role};
use crate::store::accounts::{self, NewOrganization, NewUser};
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
        for user in &USERS {
            accounts::create_user(
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
        }
        crate::store::contracts::seed_demo(conn, orgs[0].id)?;
        Ok(true)
    })
}

/// The block printed at start in demo mode.
pub fn login_banner(base_url: &str) -> String {
    let mut out = format!(
        "\n  Loket demo is running at {base_url}\n  API docs: {base_url}/api/docs/\n\n  Demo logins (password: {DEMO_PASSWORD}):\n"
    );
    for login in logins() {
        out.push_str(&format!("    {:<42} {}\n", login.email, login.description));
    }
    out
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
        assert!(crate::domain::account::check_password(DEMO_PASSWORD).is_ok());
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
