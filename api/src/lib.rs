//! Loket: a support desk for software vendors.
//!
//! Layers: [`domain`] holds the rules (pure, no I/O), [`store`] the database (diesel, SQLite
//! or PostgreSQL), [`http`] the REST API (actix-web, utoipa), [`cli`] the `loket` command.

pub mod auth;
pub mod cli;
pub mod config;
pub mod demo;
pub mod domain;
pub mod http;
pub mod jobs;
pub mod store;
pub mod threads;
