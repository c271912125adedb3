//! What the page and the server say to each other: the JSON shapes (shared by both sides)
//! and the browser's calls.

pub mod admin;
pub mod bff;
pub mod common;
pub mod http;
pub mod jwt;
pub mod lab;
pub mod nodes;
pub mod oauth;
pub mod orders;
pub mod room;
pub mod session;
pub mod sites;
pub mod trace;

pub use common::{Area, Carrier, ErrorBody, Health, Scheme};
