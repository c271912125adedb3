//! What every domain stands on: the settings (validated by `start::config`, defaulted in tests)
//! with the node's name and its peers, the embedded SQLite database and the secrets in the data
//! directory.

pub mod db;
pub mod peer;
pub mod secrets;
pub mod settings;
