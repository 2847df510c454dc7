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
    /// Longer than [`MAX_PASSWORD_BYTES`]: argon2's work grows with its input, so it is bounded.
    #[error("must be at most {MAX_PASSWORD_BYTES} bytes")]
    TooLong,
    /// The account's own e-mail address.
    #[error("must not be your e-mail address")]
    SameAsEmail,
    /// All one or two characters, or a well-known password.
    #[error("is too easy to guess")]
    TooCommon,
}

/// Shortest password accepted (NIST SP 800-63B asks for at least 8; we ask for 12).
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted, in bytes of UTF-8.
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Passwords of at least 12 characters that lead the leaked-password lists, lower-cased.
const COMMON_PASSWORDS: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456789abc",
    "aaaaaaaaaaaa",
    "abcdefghijkl",
    "abc123abc123",
    "azertyuiop12",
    "azertyuiop123",
    "iloveyou1234",
    "letmein12345",
    "password1234",
    "password12345",
    "password123!",
    "passwordpassword",
    "qwerty123456",
    "qwertyuiop12",
    "qwertyuiop123",
    "qwertyuiopasdf",
    "wachtwoord12",
    "wachtwoord123",
    "wachtwoord1234",
    "welcome12345",
    "welkom123456",
    "welkomwelkom",
];

/// How many different characters the text has (a password or secret of one or two repeated
/// characters is long, not strong).
pub fn distinct_chars(text: &str) -> usize {
    let mut chars: Vec<char> = text.chars().collect();
    chars.sort_unstable();
    chars.dedup();
    chars.len()
}

/// Password rules, wherever a password is set: 12 characters to 1024 bytes, not the account's
/// e-mail address, not one or two characters repeated, not a well-known password.
pub fn check_password(password: &str, email: &str) -> Result<(), PasswordError> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(PasswordError::TooShort);
    }
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(PasswordError::TooLong);
    }
    let folded = password.trim().to_lowercase();
    if folded == normalize_email(email) {
        return Err(PasswordError::SameAsEmail);
    }
    if distinct_chars(password) < 3 || COMMON_PASSWORDS.contains(&folded.as_str()) {
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
        let email = "an.peeters@bakkerij-peeters.example";
        assert_eq!(check_password("short", email), Err(PasswordError::TooShort));
        assert_eq!(check_password("elf tekens!", email), Err(PasswordError::TooShort));
        assert_eq!(check_password("aaaaaaaaaaaa", email), Err(PasswordError::TooCommon));
        assert_eq!(check_password("abababababab", email), Err(PasswordError::TooCommon));
        assert_eq!(check_password("Wachtwoord123", email), Err(PasswordError::TooCommon));
        assert_eq!(check_password("PASSWORD1234", email), Err(PasswordError::TooCommon));
        assert_eq!(
            check_password("An.Peeters@Bakkerij-Peeters.example", email),
            Err(PasswordError::SameAsEmail)
        );
        assert_eq!(check_password(&"ab1".repeat(342), email), Err(PasswordError::TooLong));
        assert_eq!(check_password(&"ab1".repeat(341), email), Ok(()));
        assert_eq!(check_password("correct horse battery", email), Ok(()));
        // Length counts characters, the upper bound bytes (what argon2 hashes).
        assert_eq!(check_password("ééééééééééé", email), Err(PasswordError::TooShort));
        assert_eq!(check_password(&"éèê".repeat(171), email), Err(PasswordError::TooLong));
    }

    #[test]
    fn the_demo_and_test_passwords_pass() {
        assert_eq!(check_password("loket-demo-2026", "admin@loket.example"), Ok(()));
        assert_eq!(check_password("test password 2026", "agent@example.test"), Ok(()));
    }

    #[test]
    fn every_listed_common_password_is_refused() {
        for common in COMMON_PASSWORDS {
            assert!(
                common.chars().count() >= MIN_PASSWORD_CHARS,
                "{common} is refused as too short anyway"
            );
            assert_eq!(check_password(common, "x@y.example"), Err(PasswordError::TooCommon));
        }
    }

    proptest::proptest! {
        #[test]
        fn a_password_is_accepted_only_within_the_bounds(password in "\\PC{0,400}") {
            let verdict = check_password(&password, "someone@example.test");
            let chars = password.chars().count();
            if chars < MIN_PASSWORD_CHARS {
                proptest::prop_assert_eq!(verdict, Err(PasswordError::TooShort));
            } else if password.len() > MAX_PASSWORD_BYTES {
                proptest::prop_assert_eq!(verdict, Err(PasswordError::TooLong));
            }
            if verdict.is_ok() {
                proptest::prop_assert!(chars >= MIN_PASSWORD_CHARS && password.len() <= MAX_PASSWORD_BYTES);
            }
        }
    }
}
