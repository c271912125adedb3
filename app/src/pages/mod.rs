//! Pages of the app (one, for now).

pub mod home;
