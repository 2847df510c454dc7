//! Who is who: roles, languages and the rules that tie users to organisations.

use serde::{Deserialize, Serialize};
use std::{fmt, str::FromStr};
use utoipa::ToSchema;

/// What a user may do. Customers belong to exactly one organisation; staff to none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Files and follows their own tickets.
    Customer,
    /// A customer who also sees every ticket of their organisation and invites its users.
    CustomerAdmin,
    /// Vendor staff working the queue.
    Agent,
    /// Vendor staff who also manage organisations, users and settings.
    Admin,
}

impl Role {
    /// Every role, in order of increasing power.
    pub const ALL: [Role; 4] = [Role::Customer, Role::CustomerAdmin, Role::Agent, Role::Admin];

    /// Vendor staff (agents and admins).
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Agent | Role::Admin)
    }

    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::CustomerAdmin => "customer_admin",
            Role::Agent => "agent",
            Role::Admin => "admin",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| UnknownValue(s.to_owned()))
    }
}

/// The language a user reads Loket in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    /// Dutch, the vendor's own language.
    #[default]
    Nl,
    /// English.
    En,
}

impl Language {
    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }
}

impl FromStr for Language {
    type Err = UnknownValue;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "nl" => Ok(Language::Nl),
            "en" => Ok(Language::En),
            other => Err(UnknownValue(other.to_owned())),
        }
    }
}

/// A stored value that no longer maps to a known variant (a row written by a newer version).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown value `{0}`")]
pub struct UnknownValue(pub String);

/// Why a role and an organisation do not go together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum MembershipError {
    /// A customer without an organisation.
    #[error("customers and customer admins must belong to an organisation")]
    CustomerWithoutOrganization,
    /// Staff with an organisation.
    #[error("agents and admins belong to the vendor, not to a customer organisation")]
    StaffWithOrganization,
}

/// Customers belong to exactly one organisation; staff to none.
pub fn check_membership(role: Role, has_organization: bool) -> Result<(), MembershipError> {
    match (role.is_staff(), has_organization) {
        (false, false) => Err(MembershipError::CustomerWithoutOrganization),
        (true, true) => Err(MembershipError::StaffWithOrganization),
        _ => Ok(()),
    }
}

/// E-mail addresses are unique case-insensitively: store and compare them trimmed and lower-cased.
pub fn normalize_email(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Why a password is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Shorter than [`MIN_PASSWORD_CHARS`].
    #[error("must be at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// Longer than [`MAX_PASSWORD_CHARS`] (hashing cost is bounded).
    #[error("must be at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    /// All one character, or a well-known password.
    #[error("is too easy to guess")]
    TooCommon,
}

/// Shortest password accepted (NIST SP 800-63B asks for at least 8; we ask for 10).
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted.
pub const MAX_PASSWORD_CHARS: usize = 256;

const COMMON_PASSWORDS: &[&str] = &[
    "1234567890",
    "password123",
    "qwertyuiop",
    "wachtwoord",
    "wachtwoord1",
    "azertyuiop",
];

/// Password rules: length within bounds, not one repeated character, not a well-known password.
pub fn check_password(password: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if chars > MAX_PASSWORD_CHARS {
        return Err(PasswordError::TooLong);
    }
    let mut distinct = password.chars().collect::<Vec<_>>();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < 3 || COMMON_PASSWORDS.contains(&password.to_lowercase().as_str()) {
        return Err(PasswordError::TooCommon);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for role in Role::ALL {
            assert_eq!(role.as_str().parse::<Role>(), Ok(role));
            assert_eq!(serde_json::to_value(role).unwrap(), role.as_str());
        }
        assert!("root".parse::<Role>().is_err());
    }

    #[test]
    fn staff_are_agents_and_admins() {
        let staff: Vec<_> = Role::ALL.into_iter().filter(|r| r.is_staff()).collect();
        assert_eq!(staff, [Role::Agent, Role::Admin]);
    }

    #[test]
    fn membership_rule_for_every_role() {
        for role in Role::ALL {
            assert_eq!(
                check_membership(role, true).is_ok(),
                !role.is_staff(),
                "{role} with org"
            );
            assert_eq!(
                check_membership(role, false).is_ok(),
                role.is_staff(),
                "{role} without org"
            );
        }
    }

    #[test]
    fn emails_compare_case_insensitively() {
        assert_eq!(normalize_email("  An.Peeters@Example.BE "), "an.peeters@example.be");
    }

    #[test]
    fn password_rules() {
        assert_eq!(check_password("short"), Err(PasswordError::TooShort));
        assert_eq!(check_password("aaaaaaaaaaaa"), Err(PasswordError::TooCommon));
        assert_eq!(check_password("Wachtwoord"), Err(PasswordError::TooCommon));
        assert_eq!(check_password(&"ab1".repeat(100)), Err(PasswordError::TooLong));
        assert_eq!(check_password("correct horse battery"), Ok(()));
        // Length counts characters, not bytes.
        assert_eq!(check_password("ééééééééé"), Err(PasswordError::TooShort));
    }
}
