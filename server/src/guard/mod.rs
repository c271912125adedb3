//! The request guards every route shares: the security policy (secure by default, set by the
//! lab's teaching switches), the cross-origin check that reads it, and CORS for trusted apps.

pub mod cors;
pub mod csrf;
pub mod policy;
