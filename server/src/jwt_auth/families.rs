//! Refresh families: one per login. Each refresh rotates the family's current token
//! atomically; presenting an older one is reuse — the family is revoked, and its latest access
//! token goes on the denylist.

use app::api::jwt::FamilyView;

use super::store::{FamilyRow, JwtStore, Next, StoreError};
use crate::kit::handles::short;

/// Why a family ends before its absolute lifetime. The store keeps the sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    /// Its holder logged out: the family is over, its access token lives on until `exp`.
    Logout,
    /// A used refresh token came back: someone holds a copy. The family's latest access token
    /// goes on the denylist too.
    RefreshReused,
    /// The user's password changed: every family of the user ends (its access tokens live on
    /// until `exp`, unless the per-user check or the denylist catches them).
    PasswordChanged,
}

impl Ending {
    /// As the store keeps it and the page shows it.
    pub fn as_str(self) -> &'static str {
        match self {
            Ending::Logout => "logout",
            Ending::RefreshReused => "refresh token reused",
            Ending::PasswordChanged => "password changed",
        }
    }
}

/// What became of a refresh attempt.
#[derive(Debug, PartialEq, Eq)]
pub enum Rotation {
    /// The presented token was current: it is used up now, the new one is current.
    Rotated,
    /// The presented token was used before: the whole family is now revoked.
    ReuseDetected,
    Revoked {
        reason: String,
    },
    Expired,
    Unknown,
}

/// Swaps `presented` for `next` if and only if `presented` is the family's current token —
/// atomically in the store, so of two parallel refreshes with one token exactly one wins.
pub async fn rotate(
    store: &JwtStore,
    family_id: &str,
    presented: &str,
    next: Next<'_>,
    now: i64,
) -> Result<Rotation, StoreError> {
    if store.swap_current(family_id, presented, &next, now).await? {
        return Ok(Rotation::Rotated);
    }
    let Some(family) = store.family(family_id).await? else {
        return Ok(Rotation::Unknown);
    };
    if family.revoked_at.is_some() {
        let reason = family.revoked_reason.unwrap_or_else(|| "revoked".into());
        return Ok(Rotation::Revoked { reason });
    }
    if family.expires_at <= now {
        return Ok(Rotation::Expired);
    }
    // Not current, family alive: this token was used before. Someone holds a copy.
    revoke(store, &family, Ending::RefreshReused, now).await?;
    tracing::warn!(family = %short(family_id), "refresh token reuse: family revoked");
    Ok(Rotation::ReuseDetected)
}

/// Ends a family: no more refreshes; its latest access token goes on the denylist (it still
/// works wherever the denylist is not checked — that is the point of the lesson).
pub async fn revoke(
    store: &JwtStore,
    family: &FamilyRow,
    ending: Ending,
    now: i64,
) -> Result<(), StoreError> {
    let reason = ending.as_str();
    store.end_family(&family.id, reason, now).await?;
    if ending == Ending::RefreshReused {
        store
            .deny(&family.last_access_jti, family.last_access_exp, reason, now)
            .await?;
    }
    Ok(())
}

/// The family as the page shows it. Each rotation used up exactly one refresh token.
pub fn view(family: &FamilyRow, now: i64) -> FamilyView {
    FamilyView {
        handle: short(&family.id),
        username: family.username.clone(),
        created_at: family.created_at,
        expires_at: family.expires_at,
        rotations: family.rotations,
        used_tokens: family.rotations,
        revoked_at: family.revoked_at,
        revoked_reason: family.revoked_reason.clone(),
        server_now: now,
    }
}
