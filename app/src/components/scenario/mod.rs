//! One control, two schemes: a scenario bar that does each step to both at once, on the
//! carriers the columns are switched to, and the comparison table it fills, a row per step.

mod run_state;
pub mod steps;

use leptos::prelude::*;

use leptos::task::spawn_local;

use crate::api::Carrier;
use crate::components::carrier_choice::Carriers;
use crate::components::jwt::JwtLab;
use crate::components::session::SessionLab;

use steps::{Outcome, RunState, Step};

use super::lab::Lab;

#[derive(Clone, Debug, PartialEq)]
struct Row {
    step: Step,
    session: Outcome,
    jwt: Outcome,
}

/// The scenario's state, shared by the bar and the table.
#[derive(Clone, Copy)]
pub struct Scenario {
    rows: RwSignal<Vec<Row>>,
    next: RwSignal<usize>,
    busy: RwSignal<bool>,
    state: StoredValue<RunState>,
    /// The page's lab, told after each step (the clock may have moved).
    lab: Lab,
}

impl Scenario {
    pub fn provide() -> Self {
        let scenario = Self {
            rows: RwSignal::new(Vec::new()),
            next: RwSignal::new(0),
            busy: RwSignal::new(false),
            state: StoredValue::new(RunState::default()),
            lab: Lab::expect(),
        };
        provide_context(scenario);
        scenario
    }

    pub fn expect() -> Self {
        expect_context::<Self>()
    }

    pub fn busy(self) -> bool {
        self.busy.get()
    }

    pub fn restart(self) {
        self.rows.set(Vec::new());
        self.next.set(0);
        self.state.set_value(RunState::default());
    }

    /// Runs one given step on both schemes (the presenter's guides pick their own order).
    pub fn run_step(self, step: Step) {
        self.busy.set(true);
        spawn_local(async move {
            let mut state = match step {
                Step::LogIn => carried_now(),
                _ => self.state.get_value(),
            };
            let (session, jwt) = steps::run(step, &mut state).await;
            self.state.set_value(state);
            self.rows
                .update(|rows| rows.push(Row { step, session, jwt }));
            self.lab.refresh();
            self.busy.set(false);
        });
    }

    /// Runs the next step, or (`all`) every step left. Step one resets the lab first.
    fn advance(self, all: bool) {
        self.busy.set(true);
        spawn_local(async move {
            loop {
                let index = self.next.get_untracked();
                let Some(step) = Step::ALL.get(index).copied() else {
                    break;
                };
                if index == 0 {
                    crate::api::lab::reset().await;
                    self.state.set_value(carried_now());
                }
                let mut state = self.state.get_value();
                let (session, jwt) = steps::run(step, &mut state).await;
                self.state.set_value(state);
                self.rows
                    .update(|rows| rows.push(Row { step, session, jwt }));
                self.next.set(index + 1);
                self.lab.refresh();
                if !all {
                    break;
                }
            }
            self.busy.set(false);
        });
    }
}

/// A run's state on the carriers the columns are switched to now.
fn carried_now() -> RunState {
    let carriers = Carriers::expect();
    RunState::carried(
        carriers.session.get_untracked(),
        carriers.jwt.get_untracked(),
    )
}

#[component]
pub fn ScenarioBar() -> impl IntoView {
    let scenario = Scenario::expect();
    let done = move || scenario.next.get() >= Step::ALL.len();
    // The carriers of the next run: the columns' own switches, flipped from here too.
    let (session, jwt) = (SessionLab::expect(), JwtLab::expect());
    view! {
        <nav class="scenario-bar" aria-label="Scenario">
            <ol class="scenario-steps">
                {Step::ALL.iter().enumerate().map(|(index, step)| view! {
                    <li class:done={move || scenario.next.get() > index}
                        class:current={move || scenario.next.get() == index}>
                        {step.label()}
                    </li>
                }).collect_view()}
            </ol>
            <div class="actions">
                <button type="button" on:click=move |_| scenario.advance(true)
                    disabled=move || scenario.busy.get() || done()>
                    "Run the scenario on both"
                </button>
                <button type="button" class="secondary" on:click=move |_| scenario.advance(false)
                    disabled=move || scenario.busy.get() || done()>
                    "Next step"
                </button>
                <button type="button" class="secondary" on:click=move |_| scenario.restart()
                    disabled=move || scenario.busy.get()>
                    "Start over"
                </button>
            </div>
            <p class="scenario-carriers hint" data-testid="scenario-carriers">
                "Carried in (the columns' switches; a run keeps the ones it started with): "
                {carrier_button("scenario-session-carrier", session.carrier,
                    ["session id: HttpOnly cookie", "session id: X-Session-Id header"],
                    Callback::new(move |c| session.set_carrier(c)), scenario.busy)}
                " "
                {carrier_button("scenario-jwt-carrier", jwt.carrier,
                    ["JWT: HttpOnly cookie", "JWT: Authorization header"],
                    Callback::new(move |c| jwt.set_carrier(c)), scenario.busy)}
            </p>
        </nav>
    }
}

/// A column's carrier as a button that flips it: `labels` are the cookie's, then the header's.
fn carrier_button(
    id: &'static str,
    carrier: RwSignal<Carrier>,
    labels: [&'static str; 2],
    set: Callback<Carrier>,
    busy: RwSignal<bool>,
) -> impl IntoView {
    let flip = move |_| {
        set.run(match carrier.get_untracked() {
            Carrier::Cookie => Carrier::Header,
            Carrier::Header => Carrier::Cookie,
        })
    };
    view! {
        <button type="button" class="secondary small" data-testid=id
            disabled=move || busy.get() on:click=flip>
            {move || match carrier.get() {
                Carrier::Cookie => labels[0],
                Carrier::Header => labels[1],
            }}
        </button>
    }
}

fn cell(outcome: Outcome) -> impl IntoView {
    let (class, head, why) = match outcome {
        Outcome::Answered { status, why } if (200..300).contains(&status) => {
            ("accepted", format!("{status} accepted"), why)
        }
        Outcome::Answered { status, why } => ("refused", format!("{status} refused"), why),
        Outcome::NotApplicable(why) => ("not-applicable", "—".to_owned(), why.to_owned()),
    };
    view! {
        <td class=format!("outcome {class}")>
            <strong>{head}</strong>
            <span class="why">{why}</span>
        </td>
    }
}

#[component]
pub fn ComparisonTable() -> impl IntoView {
    let scenario = Scenario::expect();
    view! {
        <section class="comparison" aria-labelledby="comparison-title">
            <h2 id="comparison-title">"Comparison"</h2>
            {move || {
                let rows = scenario.rows.get();
                if rows.is_empty() {
                    return leptos::either::Either::Left(view! {
                        <p class="empty">"Run the scenario: each step is done to both schemes, and lands here with the check that decided it."</p>
                    });
                }
                leptos::either::Either::Right(view! {
                    <table class="comparison-table" data-testid="comparison">
                        <thead>
                            <tr>
                                <th scope="col">"step"</th>
                                <th scope="col">"Cookie session"</th>
                                <th scope="col">"JWT"</th>
                            </tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|row| view! {
                                <tr data-step=row.step.label()>
                                    <th scope="row">{row.step.label()}</th>
                                    {cell(row.session)}
                                    {cell(row.jwt)}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                })
            }}
        </section>
    }
}
