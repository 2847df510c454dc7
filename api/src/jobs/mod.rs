//! Background work that runs beside the HTTP server.

pub mod webhooks;
