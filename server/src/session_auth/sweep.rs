//! A user's live sessions, found by scanning the store — what a server that keeps the login
//! state can do and a token issuer cannot: reach every login it made, and fix or end it.

use app::demo::Role;
use tower_sessions::session::Record;
use tower_sessions::SessionStore;

use super::record::{AuthSession, AUTH_KEY};
use super::sessions::Sessions;
use crate::api::error::ApiError;

/// The store's records with the login each carries.
pub async fn logins(sessions: &Sessions) -> Result<Vec<(Record, AuthSession)>, ApiError> {
    let records = sessions.store().records().await?;
    Ok(records
        .into_iter()
        .filter_map(|record| {
            let auth = serde_json::from_value(record.data.get(AUTH_KEY)?.clone()).ok()?;
            Some((record, auth))
        })
        .collect())
}

/// What to do to each of a user's sessions.
#[derive(Clone, Copy, Debug)]
pub enum Sweep {
    /// Rewrite the record's copy of the role.
    Role(Role),
    /// Delete the record: the session is over at once.
    End,
}

/// Applies `sweep` to every live session of `user_id`; how many it touched.
pub async fn sweep(sessions: &Sessions, user_id: i64, sweep: Sweep) -> Result<usize, ApiError> {
    let store = sessions.store();
    let mut touched = 0;
    for (mut record, mut auth) in logins(sessions).await? {
        if auth.user_id != user_id {
            continue;
        }
        match sweep {
            Sweep::Role(role) => {
                auth.role = role;
                let value = serde_json::to_value(&auth).map_err(ApiError::internal)?;
                record.data.insert(AUTH_KEY.to_owned(), value);
                store.save(&record).await?;
            }
            Sweep::End => store.delete(&record.id).await?,
        }
        touched += 1;
    }
    Ok(touched)
}
