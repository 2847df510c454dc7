//! The rules of the support desk: pure functions and values, no I/O. Time is passed in.

/// `Display` and `FromStr` for a closed set of values stored as text: the type has an
/// `ALL` array and an `as_str`. Defined before the modules so each can use it.
macro_rules! text_enum_impls {
    ($type:ident) => {
        impl ::std::fmt::Display for $type {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $type {
            type Err = $crate::domain::account::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $type::ALL
                    .into_iter()
                    .find(|v| v.as_str() == s)
                    .ok_or_else(|| $crate::domain::account::UnknownValue(s.to_owned()))
            }
        }
    };
}

pub mod account;
pub mod attachment;
pub mod billing;
pub mod calendar;
pub mod contract;
pub mod kb;
pub mod notification;
pub mod priority;
pub mod reports;
pub mod sla;
pub mod text;
pub mod ticket;
pub mod ticket_status;
pub mod triage;
pub mod vat;
pub mod webhook;
