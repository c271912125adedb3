//! The request guards every route shares: the security policy (secure by default, set by the
//! lab's teaching switches) and the cross-origin check that reads it.

pub mod csrf;
pub mod policy;
