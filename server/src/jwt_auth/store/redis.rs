//! The JWT scheme's memory in Redis, shared by every node: one hash per refresh family (its
//! swap is a Lua script, so it is atomic like SQLite's conditional UPDATE), a set listing the
//! families, and one hash for the denylist (`jti` → "revoked_at expires_at reason").

use std::collections::HashMap;

use app::api::jwt::DenylistRow;
use fred::interfaces::LuaInterface;
use fred::prelude::{HashesInterface, KeysInterface, Pool, SetsInterface};

use super::error::StoreError;
use super::rows::{FamilyRow, NewFamily, Next};

const DENYLIST: &str = "authlab:jwt:denylist";
const FAMILIES: &str = "authlab:jwt:families";
/// How long Redis keeps a family after its absolute end (so the page can still show it).
const FAMILY_AFTERLIFE_SECONDS: i64 = 24 * 3600;

fn family_key(id: &str) -> String {
    format!("authlab:jwt:family:{id}")
}

fn malformed(what: &'static str, detail: impl Into<String>) -> StoreError {
    StoreError::Malformed {
        what,
        detail: detail.into(),
    }
}

pub async fn deny(
    pool: &Pool,
    jti: &str,
    expires_at: i64,
    reason: &str,
    now: i64,
) -> Result<(), StoreError> {
    let entry = format!("{now} {expires_at} {reason}");
    let _: bool = pool.hsetnx(DENYLIST, jti, entry).await?;
    Ok(())
}

fn parse_entry(jti: String, entry: &str) -> Result<DenylistRow, StoreError> {
    let mut parts = entry.splitn(3, ' ');
    let mut number = || {
        parts
            .next()
            .and_then(|part| part.parse::<i64>().ok())
            .ok_or_else(|| malformed("denylist entry", entry.to_owned()))
    };
    let revoked_at = number()?;
    let expires_at = number()?;
    let reason = parts.next().unwrap_or("revoked").to_owned();
    Ok(DenylistRow {
        jti,
        revoked_at,
        expires_at,
        reason,
    })
}

pub async fn denied(pool: &Pool, jti: &str) -> Result<Option<String>, StoreError> {
    let entry: Option<String> = pool.hget(DENYLIST, jti).await?;
    entry
        .map(|entry| parse_entry(jti.to_owned(), &entry).map(|row| row.reason))
        .transpose()
}

async fn all_entries(pool: &Pool) -> Result<Vec<DenylistRow>, StoreError> {
    let entries: HashMap<String, String> = pool.hgetall(DENYLIST).await?;
    entries
        .into_iter()
        .map(|(jti, entry)| parse_entry(jti, &entry))
        .collect()
}

pub async fn denylist(pool: &Pool, now: i64) -> Result<Vec<DenylistRow>, StoreError> {
    let mut rows = all_entries(pool).await?;
    rows.retain(|row| row.expires_at >= now);
    Ok(rows)
}

pub async fn purge_denylist(pool: &Pool, before: i64) -> Result<u64, StoreError> {
    let expired: Vec<String> = all_entries(pool)
        .await?
        .into_iter()
        .filter(|row| row.expires_at < before)
        .map(|row| row.jti)
        .collect();
    if expired.is_empty() {
        return Ok(0);
    }
    let removed: u64 = pool.hdel(DENYLIST, expired).await?;
    Ok(removed)
}

pub async fn create_family(pool: &Pool, family: NewFamily<'_>) -> Result<(), StoreError> {
    let key = family_key(family.id);
    let fields: Vec<(&str, String)> = vec![
        ("id", family.id.to_owned()),
        ("user_id", family.user_id.to_string()),
        ("username", family.username.to_owned()),
        ("created_at", family.now.to_string()),
        ("expires_at", family.expires_at.to_string()),
        ("current_jti", family.refresh_jti.to_owned()),
        ("last_access_jti", family.access_jti.to_owned()),
        ("last_access_exp", family.access_exp.to_string()),
        ("rotations", "0".to_owned()),
    ];
    let _: () = pool.hset(&key, fields).await?;
    // Lab time never runs behind real time, so a real-time expiry is never early.
    let _: () = pool
        .expire_at(&key, family.expires_at + FAMILY_AFTERLIFE_SECONDS, None)
        .await?;
    let _: () = pool.sadd(FAMILIES, family.id).await?;
    Ok(())
}

fn family_row(mut fields: HashMap<String, String>) -> Result<FamilyRow, StoreError> {
    let mut text = |name: &'static str| {
        fields
            .remove(name)
            .ok_or_else(|| malformed("refresh family", format!("no field {name}")))
    };
    let number = |value: String| {
        value
            .parse::<i64>()
            .map_err(|_| malformed("refresh family", format!("not a number: {value:?}")))
    };
    Ok(FamilyRow {
        id: text("id")?,
        user_id: number(text("user_id")?)?,
        username: text("username")?,
        created_at: number(text("created_at")?)?,
        expires_at: number(text("expires_at")?)?,
        current_jti: text("current_jti")?,
        last_access_jti: text("last_access_jti")?,
        last_access_exp: number(text("last_access_exp")?)?,
        rotations: number(text("rotations")?)?,
        revoked_at: text("revoked_at").ok().map(number).transpose()?,
        revoked_reason: text("revoked_reason").ok(),
    })
}

pub async fn family(pool: &Pool, id: &str) -> Result<Option<FamilyRow>, StoreError> {
    let fields: HashMap<String, String> = pool.hgetall(family_key(id)).await?;
    if fields.is_empty() {
        return Ok(None);
    }
    family_row(fields).map(Some)
}

/// Compare-and-swap of the current refresh token, in one step inside Redis.
const SWAP: &str = r#"
local f = redis.call('HMGET', KEYS[1], 'current_jti', 'revoked_at', 'expires_at')
if f[1] == ARGV[1] and not f[2] and f[3] and tonumber(f[3]) > tonumber(ARGV[5]) then
  redis.call('HSET', KEYS[1], 'current_jti', ARGV[2], 'last_access_jti', ARGV[3], 'last_access_exp', ARGV[4])
  redis.call('HINCRBY', KEYS[1], 'rotations', 1)
  return 1
end
return 0
"#;

pub async fn swap_current(
    pool: &Pool,
    family_id: &str,
    presented: &str,
    next: &Next<'_>,
    now: i64,
) -> Result<bool, StoreError> {
    let args = vec![
        presented.to_owned(),
        next.refresh_jti.to_owned(),
        next.access_jti.to_owned(),
        next.access_exp.to_string(),
        now.to_string(),
    ];
    let swapped: i64 = pool.eval(SWAP, family_key(family_id), args).await?;
    Ok(swapped == 1)
}

/// Sets the revocation once: a later reason never overwrites the first.
const END: &str = r#"
if redis.call('EXISTS', KEYS[1]) == 1 and redis.call('HSETNX', KEYS[1], 'revoked_at', ARGV[1]) == 1 then
  redis.call('HSET', KEYS[1], 'revoked_reason', ARGV[2])
end
return 0
"#;

pub async fn end_family(pool: &Pool, id: &str, reason: &str, now: i64) -> Result<(), StoreError> {
    let args = vec![now.to_string(), reason.to_owned()];
    let _: i64 = pool.eval(END, family_key(id), args).await?;
    Ok(())
}

pub async fn live_families(pool: &Pool, now: i64) -> Result<i64, StoreError> {
    let ids: Vec<String> = pool.smembers(FAMILIES).await?;
    let mut live = 0;
    for id in ids {
        let fields: Vec<Option<String>> = pool
            .hmget(family_key(&id), vec!["revoked_at", "expires_at"])
            .await?;
        match fields.as_slice() {
            [None, Some(expires_at)] if expires_at.parse::<i64>().is_ok_and(|e| e > now) => {
                live += 1
            }
            [_, None] => {
                // Redis dropped the family (past its afterlife): forget it here too.
                let _: i64 = pool.srem(FAMILIES, &id).await?;
            }
            _ => {}
        }
    }
    Ok(live)
}

/// One `HGETALL` per family in the set: the lab holds a handful.
pub async fn user_families(
    pool: &Pool,
    user_id: i64,
    now: i64,
) -> Result<Vec<FamilyRow>, StoreError> {
    let ids: Vec<String> = pool.smembers(FAMILIES).await?;
    let mut families = Vec::new();
    for id in ids {
        if let Some(family) = family(pool, &id).await? {
            if family.user_id == user_id && family.revoked_at.is_none() && family.expires_at > now {
                families.push(family);
            }
        }
    }
    families.sort_by_key(|family| family.created_at);
    Ok(families)
}
