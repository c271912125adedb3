//! The request guards every route shares: the security policy (secure by default, set by the
//! lab's teaching switches), the cross-origin check that reads it, CORS for trusted apps, and
//! the check that a request names this server (`Host`).

pub mod cors;
pub mod csrf;
pub mod host;
pub mod policy;
pub mod visitor;
