//! The signing keyring: one current key for the configured algorithm, identified by a `kid`.
//! Key material lives in `secrets/jwt-<kid>.key` (mode 0600); the `jwt_keys` table records
//! which keys existed and when each was retired. Rotation makes a new current key; tokens
//! signed with a retired one stop verifying.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use app::api::jwt::{Jwks, KeyView};
use sqlx::SqlitePool;

use super::signing_key::generate_rsa;
pub use super::signing_key::{KeyError, SigningKey};
use crate::base::secrets;
use crate::base::settings::JwtAlgorithm;

/// The current signing key, shared by every handler; rotation swaps it.
#[derive(Clone, Debug)]
pub struct Keyring {
    current: Arc<RwLock<Arc<SigningKey>>>,
    dir: PathBuf,
    db: SqlitePool,
}

impl Keyring {
    /// Loads the newest unretired key for `alg`, creating one if there is none.
    pub async fn open(
        db: &SqlitePool,
        secrets_dir: &Path,
        alg: JwtAlgorithm,
        now: i64,
    ) -> Result<Keyring, KeyError> {
        let key = match newest(db, alg).await? {
            Some((kid, created_at)) => load_key(secrets_dir, kid, alg, created_at)?,
            None => create_key(db, secrets_dir, alg, now).await?,
        };
        tracing::info!(kid = %key.kid, alg = %alg, "JWT signing key ready (self-test passed)");
        Ok(Keyring {
            current: Arc::new(RwLock::new(Arc::new(key))),
            dir: secrets_dir.to_owned(),
            db: db.clone(),
        })
    }

    pub fn current(&self) -> Arc<SigningKey> {
        self.current
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clone()
    }

    /// Picks up a key another node made current (a rotation there); answers whether it did.
    /// Called when a token names a kid this node does not hold, and before signing.
    pub async fn reload(&self) -> Result<bool, KeyError> {
        let current = self.current();
        match newest_of_any(&self.db).await? {
            Some((kid, alg, created_at)) if kid != current.kid => {
                let key = load_key(&self.dir, kid, alg, created_at)?;
                tracing::info!(old = %current.kid, new = %key.kid, "picked up a key rotated on another node");
                *self
                    .current
                    .write()
                    .unwrap_or_else(|poisoned| poisoned.into_inner()) = Arc::new(key);
                Ok(true)
            }
            _ => Ok(false),
        }
    }

    /// Retires the current key and makes a new one current.
    pub async fn rotate(&self, now: i64) -> Result<Arc<SigningKey>, KeyError> {
        self.rotate_to(self.current().alg, now).await
    }

    /// Retires the current key and makes a new one for `alg` current (the lab's switch of the
    /// signing algorithm; a restart goes back to the configured one).
    pub async fn rotate_to(
        &self,
        alg: JwtAlgorithm,
        now: i64,
    ) -> Result<Arc<SigningKey>, KeyError> {
        let old = self.current();
        let new = Arc::new(create_key(&self.db, &self.dir, alg, now).await?);
        sqlx::query("UPDATE jwt_keys SET retired_at = ? WHERE kid = ?")
            .bind(now)
            .bind(&old.kid)
            .execute(&self.db)
            .await?;
        *self
            .current
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = new.clone();
        // The retired material is never used again.
        let _ = std::fs::remove_file(key_path(&self.dir, &old.kid));
        tracing::info!(old = %old.kid, new = %new.kid, "JWT signing key rotated");
        Ok(new)
    }

    /// When `kid` was retired, if it is a key this server once had.
    pub async fn retired_at(&self, kid: &str) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar("SELECT retired_at FROM jwt_keys WHERE kid = ?")
            .bind(kid)
            .fetch_optional(&self.db)
            .await
            .map(Option::flatten)
    }

    /// The last keys this server has had, whatever their algorithm, newest first.
    pub async fn views(&self) -> Result<Vec<KeyView>, sqlx::Error> {
        let rows: Vec<(String, String, i64, Option<i64>)> = sqlx::query_as(
            "SELECT kid, alg, created_at, retired_at FROM jwt_keys \
             ORDER BY created_at DESC, rowid DESC LIMIT 10",
        )
        .fetch_all(&self.db)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(kid, alg, created_at, retired_at)| KeyView {
                kid,
                alg,
                created_at,
                retired_at,
            })
            .collect())
    }

    /// The JSON Web Key Set: the current public key, or no keys for HMAC.
    pub fn jwks(&self) -> Jwks {
        Jwks {
            keys: self.current().jwk().into_iter().collect(),
        }
    }
}

/// The kid and creation time of the newest unretired key for `alg`.
async fn newest(db: &SqlitePool, alg: JwtAlgorithm) -> Result<Option<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT kid, created_at FROM jwt_keys WHERE alg = ? AND retired_at IS NULL \
         ORDER BY created_at DESC, rowid DESC LIMIT 1",
    )
    .bind(alg.name())
    .fetch_optional(db)
    .await
}

/// The newest unretired key of any algorithm (another node may have switched it).
async fn newest_of_any(db: &SqlitePool) -> Result<Option<(String, JwtAlgorithm, i64)>, KeyError> {
    let row: Option<(String, String, i64)> = sqlx::query_as(
        "SELECT kid, alg, created_at FROM jwt_keys WHERE retired_at IS NULL \
         ORDER BY created_at DESC, rowid DESC LIMIT 1",
    )
    .fetch_optional(db)
    .await?;
    Ok(row.and_then(|(kid, alg, created_at)| {
        let alg = alg.parse().ok()?;
        Some((kid, alg, created_at))
    }))
}

fn key_path(dir: &Path, kid: &str) -> PathBuf {
    dir.join(format!("jwt-{kid}.key"))
}

fn load_key(
    dir: &Path,
    kid: String,
    alg: JwtAlgorithm,
    created_at: i64,
) -> Result<SigningKey, KeyError> {
    let path = key_path(dir, &kid);
    let material = match alg {
        JwtAlgorithm::Hs256 | JwtAlgorithm::EdDsa => secrets::load_or_create(&path)?,
        JwtAlgorithm::Rs256 => secrets::load_or_create_with(&path, generate_rsa)?,
    };
    SigningKey::from_material(kid, alg, created_at, material.expose())
}

async fn create_key(
    db: &SqlitePool,
    dir: &Path,
    alg: JwtAlgorithm,
    now: i64,
) -> Result<SigningKey, KeyError> {
    let mut id = [0u8; 4];
    getrandom::getrandom(&mut id).map_err(KeyError::Random)?;
    let kid = format!(
        "{}-{}",
        alg.name().to_ascii_lowercase(),
        crate::kit::handles::hex(&id)
    );
    let key = load_key(dir, kid.clone(), alg, now)?;
    sqlx::query("INSERT INTO jwt_keys (kid, alg, created_at) VALUES (?, ?, ?)")
        .bind(&kid)
        .bind(alg.name())
        .bind(now)
        .execute(db)
        .await?;
    Ok(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn db(dir: &Path) -> SqlitePool {
        crate::base::db::open(dir).await.unwrap()
    }

    #[tokio::test]
    async fn a_key_is_created_once_and_reused_after_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db(dir.path()).await;
        let first = Keyring::open(&pool, dir.path(), JwtAlgorithm::Hs256, 100)
            .await
            .unwrap();
        let again = Keyring::open(&pool, dir.path(), JwtAlgorithm::Hs256, 200)
            .await
            .unwrap();
        assert_eq!(first.current().kid, again.current().kid);
        assert!(first.current().kid.starts_with("hs256-"));
        assert!(first.jwks().keys.is_empty());
    }

    #[tokio::test]
    async fn rotation_retires_the_old_key_and_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db(dir.path()).await;
        let ring = Keyring::open(&pool, dir.path(), JwtAlgorithm::EdDsa, 100)
            .await
            .unwrap();
        let old = ring.current().kid.clone();
        let new = ring.rotate(150).await.unwrap().kid.clone();
        assert_ne!(old, new);
        assert_eq!(ring.retired_at(&old).await.unwrap(), Some(150));
        let reopened = Keyring::open(&pool, dir.path(), JwtAlgorithm::EdDsa, 200)
            .await
            .unwrap();
        assert_eq!(reopened.current().kid, new);
        let views = reopened.views().await.unwrap();
        assert_eq!(views.len(), 2);
        assert_eq!(views[0].kid, new);
    }

    #[tokio::test]
    async fn switching_the_algorithm_retires_the_key_and_another_ring_picks_it_up() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db(dir.path()).await;
        let ring = Keyring::open(&pool, dir.path(), JwtAlgorithm::Hs256, 100)
            .await
            .unwrap();
        let other = Keyring::open(&pool, dir.path(), JwtAlgorithm::Hs256, 100)
            .await
            .unwrap();
        let old = ring.current().kid.clone();
        let new = ring.rotate_to(JwtAlgorithm::EdDsa, 150).await.unwrap();
        assert!(new.kid.starts_with("eddsa-"), "{}", new.kid);
        assert_eq!(ring.retired_at(&old).await.unwrap(), Some(150));
        assert_eq!(ring.jwks().keys.len(), 1, "a public key is published");
        assert!(other.reload().await.unwrap());
        assert_eq!(other.current().kid, new.kid);
        assert_eq!(other.current().alg, JwtAlgorithm::EdDsa);
        let views = ring.views().await.unwrap();
        assert_eq!(
            (views[0].alg.as_str(), views[1].alg.as_str()),
            ("EdDSA", "HS256")
        );
    }

    #[tokio::test]
    async fn an_rsa_key_is_generated_stored_and_published_as_n_and_e() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db(dir.path()).await;
        let ring = Keyring::open(&pool, dir.path(), JwtAlgorithm::Rs256, 100)
            .await
            .unwrap();
        let key = &ring.jwks().keys[0];
        assert_eq!((key.kty.as_str(), key.e.as_deref()), ("RSA", Some("AQAB")));
        assert_eq!(key.n.as_deref().unwrap().len(), 342, "2048 bits, base64url");
        let again = Keyring::open(&pool, dir.path(), JwtAlgorithm::Rs256, 200)
            .await
            .unwrap();
        assert_eq!(again.jwks(), ring.jwks(), "the stored key was reused");
    }

    #[tokio::test]
    async fn an_ed25519_key_publishes_its_public_half_only() {
        let dir = tempfile::tempdir().unwrap();
        let pool = db(dir.path()).await;
        let ring = Keyring::open(&pool, dir.path(), JwtAlgorithm::EdDsa, 100)
            .await
            .unwrap();
        let jwks = ring.jwks();
        let key = &jwks.keys[0];
        assert_eq!(key.kty, "OKP");
        assert_eq!(key.kid, ring.current().kid);
        assert_eq!(key.x.as_deref().unwrap().len(), 43, "32 bytes, base64url");
        let json = serde_json::to_value(key).unwrap();
        assert!(json.get("d").is_none(), "no private part");
        assert!(!format!("{:?}", ring.current()).contains("encoding"));
    }
}
