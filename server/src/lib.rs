//! The authlab server: the axum app that serves the Leptos page and the JSON API.
//!
//! Layers, bottom up: `kit` (small mechanisms) and `base` (settings, database, secrets);
//! `api` (the error shape, extractors, header parsing) and `guard` (the security policy and the
//! origin check); `accounts`; the two schemes `session_auth` and `jwt_auth`; `trace`, `nodes`
//! and the `lab`, `rights` (the admin API) `oauth` (the partner app's authorization server) and `orders` (a second service, its own binary) above them; `state` and `router` put the slices together; `start` reads the
//! configuration and serves. No module imports from a layer above it (`scripts/deps.py`).

pub mod accounts;
pub mod api;
pub mod base;
pub mod bff;
pub mod guard;
pub mod introspect;
pub mod jwt_auth;
pub mod kit;
pub mod lab;
pub mod nodes;
pub mod oauth;
pub mod orders;
pub mod rights;
pub mod room;
pub mod router;
pub mod session_auth;
pub mod start;
pub mod state;
pub mod trace;

pub use router::app;
pub use state::AppState;
