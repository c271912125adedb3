//! The API's building blocks: its one error type and shape, the JSON, form and query extractors
//! that answer in that shape, reading credentials from headers, and the health endpoint.

pub mod client;
pub mod error;
pub mod form;
pub mod guides;
pub mod headers;
pub mod health;
pub mod json;
pub mod openapi;
pub mod query;
