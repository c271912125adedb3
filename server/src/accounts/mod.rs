//! The demo accounts: users and their password hashes, the credential check both schemes use,
//! and the failed-login rate limit.

pub mod login;
pub mod login_limit;
pub mod users;
