//! What every domain stands on: the settings (validated by `start::config`, defaulted in tests),
//! the embedded SQLite database and the secrets in the data directory.

pub mod db;
pub mod secrets;
pub mod settings;
