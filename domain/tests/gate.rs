//! The approval gate's state machine, by role, against a real SQLite file.

use domain::touchpoints::Validate as _;

mod common;

use chrono::{Duration, TimeZone, Utc};
use domain::{
    gate::{self, webhooks, DecisionInput, GateSettingsInput, State},
    outputs::{Ingestor, NewOutput, Source},
    touchpoints::{self, TouchpointInput},
    users::{self, NewUser, Role, User},
    Actor, Db, DomainError,
};

struct World {
    db: Db,
    _dir: tempfile::TempDir,
    ingest: Ingestor,
    sealer: domain::sealing::Sealer,
    tp: touchpoints::Touchpoint,
    owner: User,
    senior: User,
    rita: User,
    ravi: User,
}

async fn person(db: &Db, email: &str, role: Role) -> User {
    let new = NewUser {
        email: email.into(),
        name: email.split('@').next().unwrap().into(),
        role,
        password: "long-enough-pw".into(),
    };
    users::create(db, &Actor::Cli, new).await.unwrap()
}

/// A business with a high-stakes gated touchpoint and one of each role.
async fn world(stakes: &str) -> World {
    let (db, dir, _) = common::setup(0).await;
    let input = TouchpointInput {
        name: "Quotes".into(),
        kind: "finance".into(),
        policy: "gate".into(),
        stakes: stakes.into(),
        ..Default::default()
    };
    let tp = touchpoints::create(&db, &Actor::Cli, input.validate().unwrap()).await.unwrap().touchpoint;
    let ingest = Ingestor::open(&format!("sqlite://{}/s.db", dir.path().display())).await.unwrap();
    World {
        owner: users::get(&db, 1).await.unwrap(),
        senior: person(&db, "sam@bakery.test", Role::Senior).await,
        rita: person(&db, "rita@bakery.test", Role::Reviewer).await,
        ravi: person(&db, "ravi@bakery.test", Role::Reviewer).await,
        db,
        _dir: dir,
        ingest,
        sealer: domain::sealing::Sealer::ephemeral(),
        tp,
    }
}

impl World {
    async fn held(&self, text: &str, submitted_by: Option<i64>) -> i64 {
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 0).unwrap();
        let mut new = NewOutput::plain(text.into(), format!("q-{text}"), at);
        if let Some(by) = submitted_by {
            new.source = Source::Paste;
            new.submitted_by = Some(by);
        }
        let stored = self.ingest.one(&self.tp, &new).await.unwrap();
        assert_eq!(stored.status.as_str(), "pending");
        stored.id
    }

    async fn decide(
        &self,
        who: &User,
        id: i64,
        decision: &str,
        edited: &str,
        reason: &str,
    ) -> Result<gate::GateStatus, DomainError> {
        let input = DecisionInput { decision: decision.into(), edited_text: edited.into(), reason: reason.into() };
        let links = gate::Links { sealer: &self.sealer, valid_for: Duration::hours(24) };
        gate::decide(&self.db, &links, who, id, input).await
    }

    async fn state(&self, id: i64) -> State {
        gate::status(&self.db, id).await.unwrap().unwrap().state
    }

    async fn set(&self, second_signoff: bool, callback: &str) -> Option<String> {
        let input = GateSettingsInput {
            second_signoff,
            callback_url: callback.into(),
            escalate_after_hours: "4".into(),
            ..Default::default()
        };
        gate::update_settings(&self.db, &self.sealer, &self.owner.actor(), self.tp.id, input).await.unwrap()
    }
}

#[tokio::test]
async fn high_stakes_needs_a_reviewer_then_a_different_senior() {
    let w = world("high").await;
    let id = w.held("Quote: £450", None).await;
    assert_eq!(w.state(id).await, State::Pending);
    assert_eq!(w.decide(&w.rita, id, "approve", "", "").await.unwrap().state, State::AwaitingSenior);
    // Refused, and nothing changes: the same person again, a reviewer for the final step.
    assert!(matches!(w.decide(&w.rita, id, "approve", "", "").await, Err(DomainError::Conflict(_))));
    assert!(matches!(w.decide(&w.ravi, id, "approve", "", "").await, Err(DomainError::Forbidden(_))));
    assert_eq!(w.state(id).await, State::AwaitingSenior);
    let done = w.decide(&w.senior, id, "approve", "Quote: £450 including VAT", "").await.unwrap();
    assert_eq!(done.state, State::Approved);
    assert_eq!(done.text_to_send.as_deref(), Some("Quote: £450 including VAT"));
    assert_eq!(done.reviewers, ["rita", "sam"]);
    // Decided: approving twice or rejecting now is refused.
    assert!(matches!(w.decide(&w.owner, id, "approve", "", "").await, Err(DomainError::Conflict(_))));
    assert!(matches!(w.decide(&w.owner, id, "reject", "", "late").await, Err(DomainError::Conflict(_))));
    let audited: Vec<String> =
        sqlx::query_scalar("SELECT action FROM audit_log WHERE object_type = 'output' ORDER BY id")
            .fetch_all(&w.db)
            .await
            .unwrap();
    assert_eq!(audited, ["output.first_approval", "output.approve"]);
}

#[tokio::test]
async fn a_senior_cannot_sign_off_their_own_first_approval() {
    let w = world("high").await;
    let id = w.held("Refund of £80", None).await;
    assert_eq!(w.decide(&w.senior, id, "approve", "", "").await.unwrap().state, State::AwaitingSenior);
    assert!(matches!(w.decide(&w.senior, id, "approve", "", "").await, Err(DomainError::Conflict(_))));
    let done = w.decide(&w.owner, id, "approve", "", "").await.unwrap();
    assert_eq!(
        (done.state, done.edited, done.text_to_send.as_deref()),
        (State::Approved, false, Some("Refund of £80"))
    );
}

#[tokio::test]
async fn a_rejection_by_anyone_is_final_and_needs_a_reason() {
    let w = world("high").await;
    let id = w.held("Free cake forever", None).await;
    assert!(matches!(
        w.decide(&w.rita, id, "reject", "", "  ").await,
        Err(DomainError::Invalid { field: "reason", .. })
    ));
    assert_eq!(w.state(id).await, State::Pending);
    let done = w.decide(&w.rita, id, "reject", "", "We never promise free cake").await.unwrap();
    assert_eq!(
        (done.state, done.reason.as_deref(), done.text_to_send),
        (State::Rejected, Some("We never promise free cake"), None)
    );
    assert!(matches!(w.decide(&w.senior, id, "approve", "", "").await, Err(DomainError::Conflict(_))));
    // After a first approval, a rejection still ends it.
    let id2 = w.held("Delivery on Sunday", None).await;
    w.decide(&w.rita, id2, "approve", "", "").await.unwrap();
    assert_eq!(w.decide(&w.ravi, id2, "reject", "", "We are closed on Sundays").await.unwrap().state, State::Rejected);
}

#[tokio::test]
async fn nobody_approves_what_they_submitted_and_bad_input_changes_nothing() {
    let w = world("high").await;
    let mine = w.held("Pasted by Sam", Some(w.senior.id)).await;
    assert!(matches!(w.decide(&w.senior, mine, "approve", "", "").await, Err(DomainError::Forbidden(_))));
    assert!(matches!(
        w.decide(&w.senior, mine, "maybe", "", "").await,
        Err(DomainError::Invalid { field: "decision", .. })
    ));
    assert!(matches!(w.decide(&w.senior, 9999, "approve", "", "").await, Err(DomainError::NotFound(_))));
    assert_eq!(w.state(mine).await, State::Pending);
    assert_eq!(gate::awaiting(&w.db, 10).await.unwrap().len(), 1);
}

#[tokio::test]
async fn the_second_signoff_can_be_turned_off_and_low_stakes_needs_one_approval() {
    let w = world("high").await;
    w.set(false, "").await;
    let id = w.held("Quote: £90", None).await;
    assert_eq!(w.decide(&w.rita, id, "approve", "", "").await.unwrap().state, State::Approved);
    let audited: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM audit_log WHERE action = 'touchpoint.gate'")
        .fetch_one(&w.db)
        .await
        .unwrap();
    assert_eq!(audited, 1);

    let low = world("low").await;
    let id = low.held("See you at 9", None).await;
    assert_eq!(low.decide(&low.rita, id, "approve", "", "").await.unwrap().state, State::Approved);
}

#[tokio::test]
async fn a_final_decision_queues_one_signed_webhook() {
    let w = world("high").await;
    let secret = w.set(true, "http://127.0.0.1:9/hook").await.expect("a secret is made with the first callback URL");
    assert!(w.set(true, "http://127.0.0.1:9/hook").await.is_none(), "kept when saved again");
    let id = w.held("Quote: £120", None).await;
    w.decide(&w.rita, id, "approve", "", "").await.unwrap();
    assert!(
        webhooks::due(&w.db, &w.sealer, Utc::now(), 10).await.unwrap().is_empty(),
        "nothing is sent before the final decision"
    );
    w.decide(&w.senior, id, "approve", "Quote: £120 (valid 30 days)", "").await.unwrap();
    let now = Utc::now();
    let due = webhooks::due(&w.db, &w.sealer, now, 10).await.unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].signature, Ok(webhooks::sign(&secret, due[0].body.as_bytes())));
    let body: webhooks::WebhookPayload = serde_json::from_str(&due[0].body).unwrap();
    assert_eq!(
        (body.id, body.decision.as_str(), body.text_to_send.as_deref()),
        (id, "approved_with_edits", Some("Quote: £120 (valid 30 days)"))
    );
    assert_eq!((body.delivery_id, body.timestamp), (due[0].id, now.timestamp()));

    // A failed attempt is retried later; a 2xx ends it.
    let failed = webhooks::Outcome { status_code: Some(500), error: None, duration_ms: 3 };
    webhooks::record_attempt(&w.db, due[0].id, now, &failed, Duration::seconds(10)).await.unwrap();
    assert!(webhooks::due(&w.db, &w.sealer, now + Duration::seconds(9), 10).await.unwrap().is_empty());
    assert_eq!(webhooks::due(&w.db, &w.sealer, now + Duration::seconds(10), 10).await.unwrap().len(), 1);
    let ok = webhooks::Outcome { status_code: Some(204), error: None, duration_ms: 3 };
    webhooks::record_attempt(&w.db, due[0].id, now + Duration::seconds(10), &ok, Duration::seconds(10)).await.unwrap();
    assert!(webhooks::due(&w.db, &w.sealer, now + Duration::days(1), 10).await.unwrap().is_empty());
    let list = webhooks::deliveries(&w.db, w.tp.id, 10).await.unwrap();
    assert_eq!((list[0].state.as_str(), list[0].attempts), ("delivered", 2));

    // Redelivery makes a new delivery with a new id.
    let again = webhooks::redeliver(&w.db, &w.owner.actor(), list[0].id).await.unwrap();
    assert_ne!(again, list[0].id);
    assert_eq!(webhooks::due(&w.db, &w.sealer, Utc::now(), 10).await.unwrap()[0].id, again);
}

#[tokio::test]
async fn a_delivery_whose_secret_cannot_be_opened_waits_for_a_new_secret() {
    let w = world("low").await;
    w.set(true, "http://127.0.0.1:9/hook").await.unwrap();
    let id = w.held("Quote: £80", None).await;
    w.decide(&w.rita, id, "approve", "", "").await.unwrap();
    // The database moved to a server with another key file.
    let stranger = domain::sealing::Sealer::ephemeral();
    let now = Utc::now();
    let due = webhooks::due(&w.db, &stranger, now, 10).await.unwrap();
    let why = due[0].signature.clone().unwrap_err();
    assert!(why.contains("make a new signing secret"), "{why}");
    webhooks::postpone(&w.db, due[0].id, now + Duration::minutes(1), &why).await.unwrap();
    assert!(webhooks::due(&w.db, &stranger, now, 10).await.unwrap().is_empty(), "not retried at once");
    // A new secret (sealed with this server's key) lets it go, no attempt spent.
    let secret = gate::rotate_secret(&w.db, &stranger, &w.owner.actor(), w.tp.id).await.unwrap();
    let due = webhooks::due(&w.db, &stranger, now + Duration::days(3), 10).await.unwrap();
    assert_eq!(due.len(), 1, "still waiting to be sent");
    assert_eq!(due[0].signature, Ok(webhooks::sign(&secret, due[0].body.as_bytes())));
    assert_eq!(webhooks::deliveries(&w.db, w.tp.id, 10).await.unwrap()[0].attempts, 0);
}

#[tokio::test]
async fn a_waiting_output_gets_one_reminder_before_it_escalates() {
    let w = world("high").await;
    let id = w.held("Quote: £300 for the boiler", None).await;
    // Monday 09:00 on the business's clock (London, winter: UTC).
    let monday = Utc.with_ymd_and_hms(2026, 11, 23, 9, 0, 0).unwrap();
    sqlx::query("UPDATE outputs SET received_at = ? WHERE id = ?").bind(monday).bind(id).execute(&w.db).await.unwrap();
    let at = |h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap();
    let reminders = || async {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT to_address, data_json FROM email_outbox WHERE dedupe_key LIKE 'reminder:%' ORDER BY id",
        )
        .fetch_all(&w.db)
        .await
        .unwrap();
        rows
    };
    let early = gate::run_timeouts(&w.db, at(10, 30)).await.unwrap();
    assert!(early.reminded.is_empty() && reminders().await.is_empty(), "1.5 of 4 working hours: not yet");
    let half = gate::run_timeouts(&w.db, at(11, 5)).await.unwrap();
    assert_eq!((half.reminded, half.escalated), (vec![id], vec![]));
    let sent = reminders().await;
    let to: Vec<&str> = sent.iter().map(|(to, _)| to.as_str()).collect();
    assert!(to.len() >= 3, "everyone who can approve: {to:?}");
    let body = &sent[0].1;
    assert!(body.contains("has waited 2.1 working hours for approval"), "{body}");
    assert!(body.contains("within 1.9 more working hours"), "{body}");
    assert!(body.contains("nothing is ever approved by a timeout"), "{body}");
    assert!(body.contains("Quote: £300 for the boiler") && body.contains("/approvals/"), "{body}");

    let again = gate::run_timeouts(&w.db, at(12, 0)).await.unwrap();
    assert!(again.reminded.is_empty(), "one reminder per output");
    assert_eq!(reminders().await.len(), sent.len());
    assert_eq!(gate::run_timeouts(&w.db, at(13, 5)).await.unwrap().escalated, [id], "then it escalates");
}

#[tokio::test]
async fn waiting_outputs_escalate_once_and_a_hard_timeout_rejects() {
    let w = world("high").await;
    let id = w.held("Quote: £300", None).await;
    let received: chrono::DateTime<Utc> =
        sqlx::query_scalar("SELECT received_at FROM outputs WHERE id = ?").bind(id).fetch_one(&w.db).await.unwrap();
    // Four working hours later at the latest: within the next 3 days (weekend included) it has escalated.
    let later = received + Duration::days(4);
    let other = w.held("Quote: £90", None).await;
    assert_eq!(gate::run_timeouts(&w.db, received).await.unwrap().escalated, Vec::<i64>::new());
    assert_eq!(gate::waiting_counts(&w.db).await.unwrap(), (2, 0), "two held, none overdue");
    sqlx::query("UPDATE outputs SET received_at = ? WHERE id = ?")
        .bind(later)
        .bind(other)
        .execute(&w.db)
        .await
        .unwrap();
    assert_eq!(gate::run_timeouts(&w.db, later).await.unwrap().escalated, [id]);
    // The dashboard's counts agree with the list they summarise.
    let listed = gate::awaiting(&w.db, 100).await.unwrap();
    let overdue = listed.iter().filter(|h| h.escalated).count() as u64;
    assert_eq!(gate::waiting_counts(&w.db).await.unwrap(), (listed.len() as u64, overdue));
    assert_eq!((listed.len(), overdue), (2, 1));
    assert_eq!(gate::run_timeouts(&w.db, later).await.unwrap().escalated, Vec::<i64>::new(), "one alert per output");
    assert_eq!(w.state(id).await, State::Pending, "holding is the default");

    let input = GateSettingsInput {
        second_signoff: true,
        escalate_after_hours: "4".into(),
        hard_timeout_hours: "48".into(),
        timeout_action: "reject".into(),
        ..Default::default()
    };
    gate::update_settings(&w.db, &w.sealer, &w.owner.actor(), w.tp.id, input).await.unwrap();
    let bad = GateSettingsInput {
        timeout_action: "approve".into(),
        escalate_after_hours: "4".into(),
        hard_timeout_hours: "1".into(),
        ..Default::default()
    };
    assert!(
        gate::update_settings(&w.db, &w.sealer, &w.owner.actor(), w.tp.id, bad).await.is_err(),
        "never auto-approve"
    );
    assert_eq!(gate::run_timeouts(&w.db, later).await.unwrap().rejected, [id]);
    let status = gate::status(&w.db, id).await.unwrap().unwrap();
    assert_eq!((status.state, status.reviewers.as_slice()), (State::Rejected, ["Second Look".to_string()].as_slice()));
}
