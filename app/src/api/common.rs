//! Shapes every part of the API shares: the error body, the health answer, and the two schemes.

use serde::{Deserialize, Serialize};

/// Every error answer's body: `{"error": "..."}` (a refused token adds `reason` and `checks`,
/// see [`super::jwt::Refusal`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: String,
}

/// `GET /api/health`: `{"status":"ok"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
}

/// The two login schemes, as every answer and request names them: `"session"` or `"jwt"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Scheme {
    /// State on the server, an opaque id in an HttpOnly cookie.
    Session,
    /// Signed claims, kept by the browser.
    Jwt,
}

impl Scheme {
    /// The name in JSON and in paths: `session` or `jwt`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Session => "session",
            Scheme::Jwt => "jwt",
        }
    }
}

/// Where a credential travels — the axis independent of where the login state lives. A
/// cookie the browser attaches by itself (`HttpOnly`: page script cannot read it), or a header
/// the page's script adds (`X-Session-Id`, `Authorization: Bearer`) from where it keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Carrier {
    Cookie,
    Header,
}

impl Carrier {
    pub fn as_str(self) -> &'static str {
        match self {
            Carrier::Cookie => "cookie",
            Carrier::Header => "header",
        }
    }
}

/// Which part of the API a trace entry belongs to, from its path.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "lowercase")]
pub enum Area {
    Session,
    Jwt,
    Lab,
    Other,
}

impl Area {
    /// The scheme this area is, if it is one.
    pub fn scheme(self) -> Option<Scheme> {
        match self {
            Area::Session => Some(Scheme::Session),
            Area::Jwt => Some(Scheme::Jwt),
            Area::Lab | Area::Other => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_and_areas_are_the_documented_strings() {
        assert_eq!(
            serde_json::to_string(&Scheme::Session).unwrap(),
            "\"session\""
        );
        assert_eq!(serde_json::to_string(&Scheme::Jwt).unwrap(), "\"jwt\"");
        assert_eq!(Scheme::Jwt.as_str(), "jwt");
        assert!(serde_json::from_str::<Scheme>("\"oauth\"").is_err());
        assert_eq!(serde_json::to_string(&Area::Other).unwrap(), "\"other\"");
        assert_eq!(Area::Lab.scheme(), None);
        assert_eq!(Area::Session.scheme(), Some(Scheme::Session));
        assert_eq!(
            serde_json::to_string(&Carrier::Header).unwrap(),
            "\"header\""
        );
        assert_eq!(Carrier::Cookie.as_str(), "cookie");
    }
}
