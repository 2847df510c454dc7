//! The rules of the support desk: pure functions and values, no I/O. Time is passed in.

pub mod account;
pub mod attachment;
pub mod billing;
pub mod calendar;
pub mod contract;
pub mod kb;
pub mod priority;
pub mod sla;
pub mod text;
pub mod ticket;
pub mod ticket_status;
pub mod triage;
pub mod vat;
pub mod webhook;
