//! `Refused`: why a token was refused — a stable [`Reason`] (the code the JSON and the README
//! name) and a sentence for people.

use std::fmt;

pub use app::api::jwt::Reason;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused {
    pub reason: Reason,
    pub message: String,
}

impl Refused {
    pub fn new(reason: Reason, message: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
        }
    }
}

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// A check's outcome: a value and the detail to show, or why it failed.
pub(super) type Step<T = ()> = Result<(T, String), Refused>;
