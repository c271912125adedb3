//! The demo accounts: users and their password hashes, the credential check both schemes use,
//! the failed-login rate limit, and the changes of rights an admin (or the user) makes.

pub mod login;
pub mod login_limit;
pub mod rights;
pub mod users;
