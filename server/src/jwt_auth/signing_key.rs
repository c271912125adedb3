//! One signing key: its material turned into jsonwebtoken's encoding and decoding keys, a
//! sign-and-verify self-test, and its public half as a JWK.

use std::fmt;

use app::api::jwt::Jwk;
use argon2::password_hash::rand_core::OsRng;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use jsonwebtoken::{DecodingKey, EncodingKey, Header, Validation};
use rsa::pkcs1::{DecodeRsaPrivateKey, EncodeRsaPrivateKey};
use rsa::traits::PublicKeyParts;
use serde_json::{json, Value};

use crate::base::secrets::SecretError;
use crate::base::settings::JwtAlgorithm;

/// PKCS#8 v1 wrapping of a 32-byte Ed25519 seed (RFC 8410): this prefix, then the seed.
const ED25519_PKCS8_PREFIX: [u8; 16] = [
    0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
];

#[derive(Debug, thiserror::Error)]
pub enum KeyError {
    #[error(transparent)]
    Secret(#[from] SecretError),
    #[error("the key table: {0}")]
    Db(#[from] sqlx::Error),
    #[error("the system random number generator failed: {0}")]
    Random(getrandom::Error),
    #[error(
        "JWT self-test failed for {alg} (kid {kid}): {cause}. The crypto backend is not usable"
    )]
    SelfTest {
        alg: JwtAlgorithm,
        kid: String,
        cause: String,
    },
}

/// A key that signs and verifies. Its material never appears in `Debug`.
pub struct SigningKey {
    pub kid: String,
    pub alg: JwtAlgorithm,
    pub created_at: i64,
    encoding: EncodingKey,
    decoding: DecodingKey,
    /// The public half, for the JWKS (none for HMAC).
    public: Option<PublicKey>,
}

/// The public half of an asymmetric key, as a JWK needs it.
enum PublicKey {
    Ed25519([u8; 32]),
    Rsa { n: Vec<u8>, e: Vec<u8> },
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .field("alg", &self.alg)
            .finish_non_exhaustive()
    }
}

impl SigningKey {
    pub(super) fn from_material(
        kid: String,
        alg: JwtAlgorithm,
        created_at: i64,
        material: &[u8],
    ) -> Result<Self, KeyError> {
        let (encoding, decoding, public) = match alg {
            JwtAlgorithm::Hs256 => (
                EncodingKey::from_secret(material),
                DecodingKey::from_secret(material),
                None,
            ),
            JwtAlgorithm::EdDsa => {
                let seed: [u8; 32] = material[..32].try_into().expect("secrets are ≥ 32 bytes");
                let mut pkcs8 = ED25519_PKCS8_PREFIX.to_vec();
                pkcs8.extend_from_slice(&seed);
                let public = ed25519_dalek::SigningKey::from_bytes(&seed)
                    .verifying_key()
                    .to_bytes();
                (
                    EncodingKey::from_ed_der(&pkcs8),
                    DecodingKey::from_ed_der(&public),
                    Some(PublicKey::Ed25519(public)),
                )
            }
            JwtAlgorithm::Rs256 => {
                let private = rsa::RsaPrivateKey::from_pkcs1_der(material).map_err(|err| {
                    KeyError::SelfTest {
                        alg,
                        kid: kid.clone(),
                        cause: format!("the stored RSA key does not parse: {err}"),
                    }
                })?;
                let (n, e) = (private.n().to_bytes_be(), private.e().to_bytes_be());
                (
                    EncodingKey::from_rsa_der(material),
                    DecodingKey::from_rsa_raw_components(&n, &e),
                    Some(PublicKey::Rsa { n, e }),
                )
            }
        };
        let key = SigningKey {
            kid,
            alg,
            created_at,
            encoding,
            decoding,
            public,
        };
        key.self_test()?;
        Ok(key)
    }

    pub fn algorithm(&self) -> jsonwebtoken::Algorithm {
        match self.alg {
            JwtAlgorithm::Hs256 => jsonwebtoken::Algorithm::HS256,
            JwtAlgorithm::EdDsa => jsonwebtoken::Algorithm::EdDSA,
            JwtAlgorithm::Rs256 => jsonwebtoken::Algorithm::RS256,
        }
    }

    pub fn encoding_key(&self) -> &EncodingKey {
        &self.encoding
    }

    pub fn decoding_key(&self) -> &DecodingKey {
        &self.decoding
    }

    /// Signs and verifies a throwaway token: a missing or doubled crypto backend, or an
    /// unusable key, stops the server at start instead of failing the first login.
    fn self_test(&self) -> Result<(), KeyError> {
        let fail = |cause: String| KeyError::SelfTest {
            alg: self.alg,
            kid: self.kid.clone(),
            cause,
        };
        let header = Header::new(self.algorithm());
        let claims = json!({ "sub": "self-test", "exp": 4_102_444_800_i64 });
        let token = jsonwebtoken::encode(&header, &claims, &self.encoding)
            .map_err(|err| fail(err.to_string()))?;
        let mut validation = Validation::new(self.algorithm());
        validation.validate_exp = false;
        validation.required_spec_claims.clear();
        let back = jsonwebtoken::decode::<Value>(&token, &self.decoding, &validation)
            .map_err(|err| fail(err.to_string()))?;
        if back.claims != claims {
            return Err(fail("the claims did not survive the round trip".into()));
        }
        Ok(())
    }

    /// This key as a JWK (public part only), or `None` for a symmetric key.
    pub fn jwk(&self) -> Option<Jwk> {
        let (kty, crv, x, n, e, alg) = match self.public.as_ref()? {
            PublicKey::Ed25519(x) => (
                "OKP",
                Some("Ed25519".to_owned()),
                Some(URL_SAFE_NO_PAD.encode(x)),
                None,
                None,
                "EdDSA",
            ),
            PublicKey::Rsa { n, e } => (
                "RSA",
                None,
                None,
                Some(URL_SAFE_NO_PAD.encode(n)),
                Some(URL_SAFE_NO_PAD.encode(e)),
                "RS256",
            ),
        };
        Some(Jwk {
            kty: kty.to_owned(),
            crv,
            x,
            n,
            e,
            kid: self.kid.clone(),
            alg: alg.to_owned(),
            use_: "sig".to_owned(),
        })
    }
}

/// A new 2048-bit RSA private key, PKCS#1 DER (what jsonwebtoken signs with).
pub(super) fn generate_rsa() -> Result<Vec<u8>, SecretError> {
    let failed = |err: &dyn std::fmt::Display| SecretError::KeyGeneration(err.to_string());
    let key = rsa::RsaPrivateKey::new(&mut OsRng, 2048).map_err(|err| failed(&err))?;
    let der = key.to_pkcs1_der().map_err(|err| failed(&err))?;
    Ok(der.as_bytes().to_vec())
}
