//! What the presenter sees of the room: how many are there, where each is, what they saw, and
//! the summary the projected page shows ("27 of 30 saw the JWT replay succeed after logout").

use std::time::Instant;

use app::api::room::At;
use app::components::presenter::GUIDES;
use serde::Serialize;

use super::seats::{Room, Seat, Side};
use crate::kit::handles::hashed;

/// `GET /api/room`.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RoomView {
    /// Attendees with the page open now.
    pub connected: usize,
    /// Attendees in the room: open now, or seen in the last ten minutes.
    pub attendees: usize,
    pub following: bool,
    pub presenter_at: Option<Place>,
    pub summary: Vec<String>,
    pub seats: Vec<SeatView>,
}

/// A place in the guides, named.
#[derive(Debug, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Place {
    pub guide: String,
    /// Counted from 1, as the page shows it.
    pub slide: usize,
    pub slides: usize,
}

/// One attendee.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SeatView {
    /// A short hash of the lab id (the id itself would let anyone act in that lab).
    pub attendee: String,
    pub connected: bool,
    pub at: Option<Place>,
    /// The status of the last replay after a logout: session, JWT.
    pub session_replay_after_logout: Option<u16>,
    pub jwt_replay_after_logout: Option<u16>,
}

pub fn place(at: At) -> Option<Place> {
    let guide = GUIDES.get(at.guide)?;
    (at.slide < guide.slides.len()).then(|| Place {
        guide: guide.title.to_owned(),
        slide: at.slide + 1,
        slides: guide.slides.len(),
    })
}

fn accepted(status: Option<u16>) -> bool {
    status.is_some_and(super::seats::accepted)
}

fn refused(status: Option<u16>) -> bool {
    status.is_some_and(|s| (400..500).contains(&s))
}

impl Room {
    pub fn view(&self) -> RoomView {
        let now = Instant::now();
        let seats = self.seats();
        let mut list: Vec<(&Seat, SeatView)> = seats
            .attendees(now)
            .map(|(lab, seat)| {
                let view = SeatView {
                    attendee: hashed(lab.as_bytes(), 3),
                    connected: seat.streams > 0,
                    at: seat.at.and_then(place),
                    session_replay_after_logout: seat.after_logout[Side::Session as usize],
                    jwt_replay_after_logout: seat.after_logout[Side::Jwt as usize],
                };
                (seat, view)
            })
            .collect();
        list.sort_by(|a, b| a.1.attendee.cmp(&b.1.attendee));
        let all: Vec<&Seat> = list.iter().map(|(seat, _)| *seat).collect();
        RoomView {
            connected: all.iter().filter(|seat| seat.streams > 0).count(),
            attendees: all.len(),
            following: seats.following,
            presenter_at: seats.presenter_at.and_then(place),
            summary: summary(&all, seats.presenter_at),
            seats: list.into_iter().map(|(_, view)| view).collect(),
        }
    }

    /// The summary, one line.
    pub fn summary_line(&self) -> String {
        self.view().summary.join(" · ")
    }
}

/// The room in a few counts: what the attendees saw, and who is on the presenter's slide.
fn summary(seats: &[&Seat], presenter_at: Option<At>) -> Vec<String> {
    let of = seats.len();
    if of == 0 {
        return vec!["no attendees yet".to_owned()];
    }
    let count = |test: &dyn Fn(&Seat) -> bool| seats.iter().filter(|seat| test(seat)).count();
    let jwt = count(&|seat| accepted(seat.after_logout[Side::Jwt as usize]));
    let session = count(&|seat| refused(seat.after_logout[Side::Session as usize]));
    let mut lines = vec![
        format!("{jwt} of {of} saw the JWT replay succeed after logout"),
        format!("{session} of {of} saw the session replay refused after logout"),
    ];
    if let Some(at) = presenter_at {
        let here = count(&|seat| seat.at == Some(at));
        lines.push(format!("{here} of {of} on this slide"));
    }
    lines
}
