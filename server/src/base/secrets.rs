//! The server's own secrets (the cookie key; the JWT keyring keeps its keys here too): generated once into the data
//! directory with file mode 0600, reused at every start, never logged.

use std::fmt;
use std::fs;
use std::io::{self, Write};
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Length of a newly generated secret.
pub const SECRET_LEN: usize = 64;
/// Shortest secret accepted from disk (256 bits).
pub const MIN_SECRET_LEN: usize = 32;

/// Secret bytes. Neither `Debug` nor `Display` reveal them, and there is no `Serialize`.
pub struct Secret(Vec<u8>);

impl Secret {
    pub fn expose(&self) -> &[u8] {
        &self.0
    }

    /// The secret as a password a client sends (HTTP Basic): base64url of the bytes.
    pub fn as_password(&self) -> String {
        use base64::Engine;
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Secret([redacted; {} bytes])", self.0.len())
    }
}

/// The secrets kept outside the JWT keyring (which keeps its own files here, see
/// `jwt_auth::keys`).
#[derive(Debug)]
pub struct Secrets {
    pub cookie_key: Secret,
    /// The orders service's client secret: it proves orders is the caller when it asks authlab
    /// about a token (introspection). orders reads the same file (`load`).
    pub orders_client: Secret,
    /// The presenter's key (base64url text): whoever holds it sees the room at `/room`.
    pub presenter: Secret,
}

/// The presenter key's file name under `<data_dir>/secrets/`.
pub const PRESENTER_FILE: &str = "presenter.key";

/// The orders client secret's file name under `<data_dir>/secrets/`.
pub const ORDERS_CLIENT_FILE: &str = "orders-client.key";

impl Secrets {
    /// Loads the secrets from `<data_dir>/secrets/`, creating any that are missing.
    pub fn load_or_create(data_dir: &Path) -> Result<Secrets, SecretError> {
        let dir = data_dir.join("secrets");
        fs::create_dir_all(&dir).map_err(|source| SecretError::Io {
            path: dir.clone(),
            source,
        })?;
        Ok(Secrets {
            cookie_key: load_or_create(&dir.join("cookie.key"))?,
            orders_client: load_or_create(&dir.join(ORDERS_CLIENT_FILE))?,
            // Text, so the file holds the very key the presenter's link carries.
            presenter: load_or_create_with(&dir.join(PRESENTER_FILE), || {
                let mut bytes = [0u8; 32];
                getrandom::getrandom(&mut bytes).map_err(SecretError::Random)?;
                Ok(Secret(bytes.to_vec()).as_password().into_bytes())
            })?,
        })
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error("secret file {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("secret file {path} holds {len} bytes; at least {MIN_SECRET_LEN} are required (delete it to generate a new one)")]
    TooShort { path: PathBuf, len: usize },
    #[error(
        "secret file {path} is readable by other users (mode {mode:o}); run `chmod 600 {path}`"
    )]
    TooOpen { path: PathBuf, mode: u32 },
    #[error("the system random number generator failed: {0}")]
    Random(getrandom::Error),
    #[error("generating a key failed: {0}")]
    KeyGeneration(String),
}

/// Reads the secret at `path`, or generates and stores `SECRET_LEN` random bytes.
pub fn load_or_create(path: &Path) -> Result<Secret, SecretError> {
    load_or_create_with(path, || {
        let mut bytes = vec![0u8; SECRET_LEN];
        getrandom::getrandom(&mut bytes).map_err(SecretError::Random)?;
        Ok(bytes)
    })
}

/// Reads the secret at `path`, which another program created (orders reads authlab's).
pub fn load(path: &Path) -> Result<Secret, SecretError> {
    load_or_create_with(path, || {
        Err(SecretError::Io {
            path: path.to_owned(),
            source: io::Error::new(io::ErrorKind::NotFound, "not created yet"),
        })
    })
}

/// Reads the secret at `path`, or stores what `generate` makes (a private key, say).
pub fn load_or_create_with(
    path: &Path,
    generate: impl FnOnce() -> Result<Vec<u8>, SecretError>,
) -> Result<Secret, SecretError> {
    let io_err = |source| SecretError::Io {
        path: path.to_owned(),
        source,
    };
    match fs::metadata(path) {
        Ok(meta) => {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                return Err(SecretError::TooOpen {
                    path: path.to_owned(),
                    mode,
                });
            }
            let bytes = fs::read(path).map_err(io_err)?;
            if bytes.len() < MIN_SECRET_LEN {
                return Err(SecretError::TooShort {
                    path: path.to_owned(),
                    len: bytes.len(),
                });
            }
            Ok(Secret(bytes))
        }
        Err(err) if err.kind() == io::ErrorKind::NotFound => {
            let bytes = generate()?;
            write_private(path, &bytes).map_err(io_err)?;
            tracing::info!(path = %path.display(), "generated a new secret");
            Ok(Secret(bytes))
        }
        Err(err) => Err(io_err(err)),
    }
}

/// Writes `bytes` with mode 0600 through a temporary file, so a crash never leaves half a key.
fn write_private(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let tmp = path.with_extension("tmp");
    let _ = fs::remove_file(&tmp);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    fs::rename(&tmp, path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_secret_is_long_random_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("k.key");
        let secret = load_or_create(&path).unwrap();
        assert_eq!(secret.expose().len(), SECRET_LEN);
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        let other = load_or_create(&dir.path().join("other.key")).unwrap();
        assert_ne!(secret.expose(), other.expose());
    }

    #[test]
    fn an_existing_secret_is_reused_not_regenerated() {
        let dir = tempfile::tempdir().unwrap();
        let first = Secrets::load_or_create(dir.path()).unwrap();
        let again = Secrets::load_or_create(dir.path()).unwrap();
        assert_eq!(first.cookie_key.expose(), again.cookie_key.expose());
    }

    #[test]
    fn a_short_secret_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("short.key");
        write_private(&path, b"too short").unwrap();
        assert!(matches!(
            load_or_create(&path),
            Err(SecretError::TooShort { len: 9, .. })
        ));
    }

    #[test]
    fn a_world_readable_secret_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("open.key");
        fs::write(&path, [7u8; 64]).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_or_create(&path).unwrap_err();
        assert!(err.to_string().contains("chmod 600"), "{err}");
    }

    #[test]
    fn debug_output_never_shows_the_bytes() {
        let secret = Secret(vec![0xAB; 40]);
        assert_eq!(format!("{secret:?}"), "Secret([redacted; 40 bytes])");
    }
}
