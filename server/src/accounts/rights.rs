//! Changing a user's rights: the role, the disabled flag, the password. Every change bumps the
//! user's rights version and records what changed and when, in one UPDATE, so a check that
//! compares versions sees either the old user or the new one.

use app::demo::{Role, DEMO_ACCOUNTS};
use sqlx::SqlitePool;

use super::users::{hash_password, hashing, User, UserError, UserRow, USER_COLUMNS};

/// One change an admin (or, for the password, the user) makes.
#[derive(Clone, Debug)]
pub enum Change {
    Role(Role),
    Disabled(bool),
    Password(String),
}

impl Change {
    /// What changed, said plainly (kept with the user, shown in the admin panel).
    pub fn describe(&self) -> String {
        match self {
            Change::Role(role) => format!("role set to {}", role.as_str()),
            Change::Disabled(true) => "account disabled".to_owned(),
            Change::Disabled(false) => "account enabled".to_owned(),
            Change::Password(_) => "password changed".to_owned(),
        }
    }
}

/// Every user, by name.
pub async fn list(pool: &SqlitePool) -> Result<Vec<User>, UserError> {
    let query = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username");
    let rows: Vec<UserRow> = sqlx::query_as(&query).fetch_all(pool).await?;
    rows.into_iter().map(User::try_from).collect()
}

/// Each demo account back to its demo role and enabled (the lab's reset); a change bumps the
/// version like any other. How many accounts it changed.
pub async fn restore_demo(pool: &SqlitePool, now: i64) -> Result<usize, UserError> {
    let mut changed = 0;
    for account in DEMO_ACCOUNTS {
        let result = sqlx::query(
            "UPDATE users SET role = ?, disabled = 0, rights_version = rights_version + 1, \
             rights_changed_at = ?, rights_change = 'reset by the lab' \
             WHERE username = ? AND (role != ? OR disabled != 0)",
        )
        .bind(account.role.as_str())
        .bind(now)
        .bind(account.username)
        .bind(account.role.as_str())
        .execute(pool)
        .await?;
        changed += result.rows_affected() as usize;
    }
    Ok(changed)
}

/// Applies `change` to `username` at `now` (lab clock): the user as it is afterwards, or
/// `None` when there is no such user.
pub async fn apply(
    pool: &SqlitePool,
    username: &str,
    change: &Change,
    now: i64,
) -> Result<Option<User>, UserError> {
    let what = change.describe();
    let bump = "rights_version = rights_version + 1, rights_changed_at = ?, rights_change = ?";
    let result = match change {
        Change::Role(role) => {
            sqlx::query(&format!(
                "UPDATE users SET role = ?, {bump} WHERE username = ?"
            ))
            .bind(role.as_str())
            .bind(now)
            .bind(&what)
            .bind(username)
            .execute(pool)
            .await?
        }
        Change::Disabled(disabled) => {
            sqlx::query(&format!(
                "UPDATE users SET disabled = ?, {bump} WHERE username = ?"
            ))
            .bind(disabled)
            .bind(now)
            .bind(&what)
            .bind(username)
            .execute(pool)
            .await?
        }
        Change::Password(password) => {
            let password = password.clone();
            let hash = hashing(move || hash_password(&password)).await??;
            sqlx::query(&format!(
                "UPDATE users SET password_hash = ?, {bump} WHERE username = ?"
            ))
            .bind(hash)
            .bind(now)
            .bind(&what)
            .bind(username)
            .execute(pool)
            .await?
        }
    };
    if result.rows_affected() == 0 {
        return Ok(None);
    }
    super::users::find_by_name(pool, username).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::accounts::users::{seed_demo_accounts, verify_credentials};

    #[tokio::test]
    async fn each_change_bumps_the_version_and_a_disabled_account_cannot_log_in() {
        let dir = tempfile::tempdir().unwrap();
        let pool = crate::base::db::open(dir.path()).await.unwrap();
        seed_demo_accounts(&pool).await.unwrap();
        let alice = apply(&pool, "alice", &Change::Role(Role::Admin), 100)
            .await
            .unwrap()
            .unwrap();
        assert_eq!((alice.role, alice.rights_version), (Role::Admin, 2));
        assert_eq!(alice.rights_changed_at, Some(100));
        let alice = apply(&pool, "alice", &Change::Disabled(true), 101)
            .await
            .unwrap()
            .unwrap();
        assert!(alice.disabled);
        assert_eq!(alice.rights_change.as_deref(), Some("account disabled"));
        assert_eq!(
            verify_credentials(&pool, "alice", "wonderland")
                .await
                .unwrap(),
            None
        );
        apply(&pool, "alice", &Change::Disabled(false), 102)
            .await
            .unwrap();
        apply(
            &pool,
            "alice",
            &Change::Password("a new secret".into()),
            103,
        )
        .await
        .unwrap();
        assert_eq!(
            verify_credentials(&pool, "alice", "wonderland")
                .await
                .unwrap(),
            None
        );
        let alice = verify_credentials(&pool, "alice", "a new secret")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(alice.rights_version, 5);
        assert!(apply(&pool, "nobody", &Change::Disabled(true), 104)
            .await
            .unwrap()
            .is_none());
        assert_eq!(list(&pool).await.unwrap().len(), 2);
        apply(&pool, "alice", &Change::Role(Role::Admin), 105)
            .await
            .unwrap();
        apply(&pool, "alice", &Change::Disabled(true), 106)
            .await
            .unwrap();
        assert_eq!(restore_demo(&pool, 107).await.unwrap(), 1);
        assert_eq!(restore_demo(&pool, 108).await.unwrap(), 0);
        let alice = verify_credentials(&pool, "alice", "a new secret")
            .await
            .unwrap()
            .unwrap();
        assert_eq!((alice.role, alice.disabled), (Role::User, false));
    }
}
