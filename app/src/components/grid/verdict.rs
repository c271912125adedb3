//! The grid's findings, and what they show: for each question, which axis the four measured
//! answers follow — the carrier (the two cookie cells agree, the two header cells agree), the
//! state model (the two session cells agree, the two JWT cells agree), both, or neither. Plain
//! data: the conclusion is computed from what was measured, never typed.

use crate::api::{Carrier, Scheme};

/// One combination of the two axes: where the credential travels, where the login lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Combo {
    pub carrier: Carrier,
    pub scheme: Scheme,
}

/// The grid's columns, in this order: cookie × session, cookie × JWT, header × session,
/// header × JWT. The cookie ones run first, so their cookies are gone (logged out) before a
/// header one is sent (a cookie and a header together are refused as ambiguous).
pub const COMBOS: [Combo; 4] = [
    Combo {
        carrier: Carrier::Cookie,
        scheme: Scheme::Session,
    },
    Combo {
        carrier: Carrier::Cookie,
        scheme: Scheme::Jwt,
    },
    Combo {
        carrier: Carrier::Header,
        scheme: Scheme::Session,
    },
    Combo {
        carrier: Carrier::Header,
        scheme: Scheme::Jwt,
    },
];

impl Combo {
    pub fn label(self) -> &'static str {
        match (self.carrier, self.scheme) {
            (Carrier::Cookie, Scheme::Session) => "session id in an HttpOnly cookie",
            (Carrier::Cookie, Scheme::Jwt) => "JWT in an HttpOnly cookie",
            (Carrier::Header, Scheme::Session) => "session id in X-Session-Id",
            (Carrier::Header, Scheme::Jwt) => "JWT in Authorization: Bearer",
        }
    }
}

/// The questions, one row each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    ScriptReads,
    SentByItself,
    OtherSite,
    Bytes,
    Lookups,
    LogoutKillsCopy,
    OtherNode,
}

pub const QUESTIONS: [Question; 7] = [
    Question::ScriptReads,
    Question::SentByItself,
    Question::OtherSite,
    Question::Bytes,
    Question::Lookups,
    Question::LogoutKillsCopy,
    Question::OtherNode,
];

impl Question {
    pub fn label(self) -> &'static str {
        match self {
            Question::ScriptReads => "Script on the page can read it (XSS)",
            Question::SentByItself => "The browser sends it by itself",
            Question::OtherSite => "Another site's request carries it (CSRF)",
            Question::Bytes => "Credential bytes per request",
            Question::Lookups => "Server lookups per request",
            Question::LogoutKillsCopy => "Logout kills a stolen copy",
            Question::OtherNode => "Another node accepts it (node-local store)",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Question::ScriptReads => "script",
            Question::SentByItself => "automatic",
            Question::OtherSite => "cross-site",
            Question::Bytes => "bytes",
            Question::Lookups => "lookups",
            Question::LogoutKillsCopy => "logout",
            Question::OtherNode => "other-node",
        }
    }
}

/// What one cell found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mark {
    Yes,
    No,
    /// A measured value (bytes, the lookups named); compared as text.
    Value(String),
    /// Not measured here; `Found::how` says why.
    Cannot,
}

impl Mark {
    pub fn of(yes: bool) -> Mark {
        if yes {
            Mark::Yes
        } else {
            Mark::No
        }
    }
}

/// A cell: the result, and how it was found out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub mark: Mark,
    /// What the cell shows under the result (a value's unit, a status, a time).
    pub how: String,
}

impl Found {
    pub fn new(mark: Mark, how: impl Into<String>) -> Self {
        Self {
            mark,
            how: how.into(),
        }
    }

    pub fn cannot(how: impl Into<String>) -> Self {
        Self::new(Mark::Cannot, how)
    }
}

/// One combination's answers, in the order of [`QUESTIONS`].
pub type Column = Vec<Found>;

/// Which axis a question's four answers follow.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decider {
    Carrier,
    State,
    Both,
    /// The same answer in all four cells.
    Neither,
    /// A cell could not be measured.
    Unmeasured,
}

impl Decider {
    pub fn label(self) -> &'static str {
        match self {
            Decider::Carrier => "the carrier",
            Decider::State => "the state model",
            Decider::Both => "both",
            Decider::Neither => "neither: the same in all four",
            Decider::Unmeasured => "not measured",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            Decider::Carrier => "carrier",
            Decider::State => "state",
            Decider::Both => "both",
            Decider::Neither => "neither",
            Decider::Unmeasured => "unmeasured",
        }
    }
}

/// The axis that `marks` (in [`COMBOS`] order) follow.
pub fn decider(marks: [&Mark; 4]) -> Decider {
    let [cookie_session, cookie_jwt, header_session, header_jwt] = marks;
    if marks.contains(&&Mark::Cannot) {
        return Decider::Unmeasured;
    }
    let by_carrier = cookie_session == cookie_jwt && header_session == header_jwt;
    let by_state = cookie_session == header_session && cookie_jwt == header_jwt;
    match (by_carrier, by_state) {
        (true, true) => Decider::Neither,
        (true, false) => Decider::Carrier,
        (false, true) => Decider::State,
        (false, false) => Decider::Both,
    }
}

/// The size class of a credential, so that bytes can be compared across the grid: the claims
/// ride in a JWT (hundreds of bytes), a session id is a short handle.
pub fn size_class(bytes: usize) -> Mark {
    Mark::Value(if bytes >= 200 { "claims" } else { "handle" }.to_owned())
}

/// Each question's axis, from the four columns (in [`COMBOS`] order).
pub fn deciders(columns: &[Column; 4]) -> Vec<Decider> {
    (0..QUESTIONS.len())
        .map(|row| {
            let cell = |column: usize| {
                columns[column]
                    .get(row)
                    .map_or(&Mark::Cannot, |found| &found.mark)
            };
            decider([cell(0), cell(1), cell(2), cell(3)])
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(marks: &[Mark]) -> Column {
        marks.iter().map(|m| Found::new(m.clone(), "")).collect()
    }

    #[test]
    fn each_axis_is_read_off_the_four_marks() {
        use Mark::{No, Yes};
        assert_eq!(decider([&No, &No, &Yes, &Yes]), Decider::Carrier);
        assert_eq!(decider([&Yes, &No, &Yes, &No]), Decider::State);
        assert_eq!(decider([&No, &No, &No, &No]), Decider::Neither);
        assert_eq!(decider([&Yes, &No, &No, &No]), Decider::Both);
        assert_eq!(
            decider([&Yes, &No, &Mark::Cannot, &No]),
            Decider::Unmeasured
        );
    }

    #[test]
    fn bytes_compare_by_what_rides_along() {
        assert_eq!(size_class(60), size_class(44));
        assert_ne!(size_class(60), size_class(420));
    }

    #[test]
    fn the_grid_of_a_default_run_shows_both_axes() {
        use Mark::{No, Yes};
        // What a default run measures (SameSite=Lax, one node): script, automatic, cross-site,
        // bytes, lookups, logout, other node.
        let session = Mark::Value("session-store lookup".into());
        let jwt = Mark::Value("none".into());
        let columns = [
            column(&[
                No,
                Yes,
                No,
                size_class(60),
                session.clone(),
                Yes,
                Mark::Cannot,
            ]),
            column(&[No, Yes, No, size_class(500), jwt.clone(), No, Mark::Cannot]),
            column(&[Yes, No, No, size_class(50), session, Yes, Mark::Cannot]),
            column(&[Yes, No, No, size_class(480), jwt, No, Mark::Cannot]),
        ];
        assert_eq!(
            deciders(&columns),
            vec![
                Decider::Carrier,
                Decider::Carrier,
                Decider::Neither,
                Decider::State,
                Decider::State,
                Decider::State,
                Decider::Unmeasured,
            ]
        );
    }
}
