//! Email end to end: the real binary's `jobs run-due` and server against a
//! real SMTP server on loopback.

use domain::touchpoints::Validate as _;

use std::process::Command;

use domain::{gate::DecisionInput, users, Actor, Db};
use mail_parser::{MessageParser, MimeHeaders};

use super::{
    helpers::{start_binary, BIN},
    smtp_sink::Sink,
};

struct Install {
    url: String,
    db: Db,
    _dir: tempfile::TempDir,
}

async fn install() -> Install {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/mail.db", dir.path().display());
    let db = domain::db::open_and_migrate(&url).await.unwrap();
    let setup = domain::business::Setup {
        business_name: "Corner Bakery".into(),
        timezone: "Europe/London".into(),
        owner_email: "olive@bakery.test".into(),
        owner_name: "Olive".into(),
        owner_password: "long-enough-pw".into(),
        ..Default::default()
    };
    domain::business::setup(&db, &Actor::Cli, setup).await.unwrap();
    Install { url, db, _dir: dir }
}

fn run_due(i: &Install, sink: &Sink, at: &str) -> String {
    let out = Command::new(BIN)
        .args(["jobs", "run-due", "--at", at])
        .env("SECONDLOOK_DATABASE_URL", &i.url)
        .env("SECONDLOOK_SMTP_URL", &sink.url)
        .env("SECONDLOOK_BASE_URL", "https://look.bakery.test")
        .env("SECONDLOOK_MAIL_FROM", "Second Look <look@bakery.test>")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn monthly(sink: &Sink) -> Vec<String> {
    sink.all().into_iter().filter(|m| m.contains("Subject: Your 15-minute AI review")).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_monthly_email_arrives_once_well_formed_across_runs_and_a_restart() {
    let i = install().await;
    let sink = Sink::start().await;
    let out = run_due(&i, &sink, "2026-12-07T09:00:00Z");
    assert!(out.contains("queued the monthly review reminder for 2026-11"), "{out}");
    run_due(&i, &sink, "2026-12-07T09:30:00Z");
    // A server in between, with the same mail settings, adds nothing.
    let (mut server, _) = start_binary(&i.url, &[("SECONDLOOK_SMTP_URL", &sink.url)]);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    server.kill().unwrap();
    server.wait().unwrap();
    run_due(&i, &sink, "2026-12-08T10:00:00Z");
    let mails = monthly(&sink);
    assert_eq!(mails.len(), 1, "exactly one monthly email");

    let parsed = MessageParser::default().parse(mails[0].as_bytes()).unwrap();
    assert_eq!(parsed.subject(), Some("Your 15-minute AI review for November 2026"));
    assert_eq!(parsed.to().unwrap().first().unwrap().address(), Some("olive@bakery.test"));
    assert!(parsed.content_type().unwrap().c_subtype.as_deref() == Some("mixed"));
    let text = parsed.body_text(0).unwrap();
    let html = parsed.body_html(0).unwrap();
    assert!(text.contains("https://look.bakery.test/monthly/2026-11"), "{text}");
    assert!(html.contains("href=\"https://look.bakery.test/monthly/2026-11\""));
    let ics = parsed
        .attachments()
        .find(|a| a.content_type().is_some_and(|c| c.c_subtype.as_deref() == Some("calendar")))
        .expect("a calendar file");
    let ics = String::from_utf8_lossy(ics.contents());
    assert!(
        ics.contains("DTSTART:20261207T100000Z") && ics.contains("DTEND:20261207T101500Z"),
        "15 minutes, an hour after the reminder: {ics}"
    );
    let state: (String, i64) =
        sqlx::query_as("SELECT state, attempts FROM email_outbox WHERE dedupe_key LIKE 'monthly-review:%'")
            .fetch_one(&i.db)
            .await
            .unwrap();
    assert_eq!(state, ("sent".to_string(), 1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reminder_missed_while_down_is_sent_once_when_back() {
    let i = install().await;
    let sink = Sink::start().await;
    // Nothing ran on 7 December; the first run is two days later.
    run_due(&i, &sink, "2026-12-09T15:00:00Z");
    run_due(&i, &sink, "2026-12-10T15:00:00Z");
    assert_eq!(monthly(&sink).len(), 1);
    // Before the due time nothing goes out for November.
    let early = install().await;
    let sink2 = Sink::start().await;
    run_due(&early, &sink2, "2026-12-07T08:59:00Z");
    assert!(monthly(&sink2).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_mail_server_leads_to_retries_then_delivery() {
    let i = install().await;
    let sink = Sink::start().await;
    let owner = users::get(&i.db, 1).await.unwrap();
    let input = domain::touchpoints::TouchpointInput {
        name: "Replies".into(),
        kind: "email".into(),
        policy: "sample".into(),
        ..Default::default()
    };
    let tp = domain::touchpoints::create(&i.db, &Actor::Cli, input.validate().unwrap()).await.unwrap().touchpoint;
    domain::sampling::announce_update(&i.db, &owner.actor(), tp.id, "").await.unwrap(); // an alert → an email
    sink.refuse(true);
    let now = chrono::Utc::now();
    run_due(&i, &sink, &now.to_rfc3339());
    let (state, attempts, error): (String, i64, Option<String>) =
        sqlx::query_as("SELECT state, attempts, last_error FROM email_outbox").fetch_one(&i.db).await.unwrap();
    assert_eq!((state.as_str(), attempts), ("pending", 1));
    assert!(error.unwrap().contains("451"), "the server's refusal is kept");
    sink.refuse(false);
    run_due(&i, &sink, &(now + chrono::Duration::minutes(5)).to_rfc3339());
    let (state, attempts): (String, i64) =
        sqlx::query_as("SELECT state, attempts FROM email_outbox").fetch_one(&i.db).await.unwrap();
    assert_eq!((state.as_str(), attempts), ("sent", 2));
    assert_eq!(sink.all().len(), 1);
    assert!(sink.all()[0].contains("Subject: Alert: Replies: the vendor announced an update"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ai_output_in_a_sign_off_email_is_shown_as_text() {
    let i = install().await;
    let sink = Sink::start().await;
    let rita = users::create(
        &i.db,
        &Actor::Cli,
        users::NewUser {
            email: "rita@bakery.test".into(),
            name: "Rita".into(),
            role: users::Role::Reviewer,
            password: "long-enough-pw".into(),
        },
    )
    .await
    .unwrap();
    let input = domain::touchpoints::TouchpointInput {
        name: "Quotes".into(),
        kind: "finance".into(),
        policy: "gate".into(),
        stakes: "high".into(),
        ..Default::default()
    };
    let tp = domain::touchpoints::create(&i.db, &Actor::Cli, input.validate().unwrap()).await.unwrap().touchpoint;
    let ingest = domain::outputs::Ingestor::open(&i.url).await.unwrap();
    let new = domain::outputs::NewOutput::plain(
        "Price: £90 <script>alert('x')</script>".into(),
        "q1".into(),
        chrono::Utc::now(),
    );
    let id = ingest.one(&tp, &new).await.unwrap().id;
    let sealer = domain::sealing::Sealer::for_database(&i.url).unwrap();
    let links = domain::gate::Links { sealer: &sealer, valid_for: chrono::Duration::hours(24) };
    domain::gate::decide(&i.db, &links, &rita, id, DecisionInput { decision: "approve".into(), ..Default::default() })
        .await
        .unwrap();
    run_due(&i, &sink, &chrono::Utc::now().to_rfc3339());
    let mail = sink.all().into_iter().find(|m| m.contains("Sign-off needed")).expect("the owner is asked to sign off");
    let parsed = MessageParser::default().parse(mail.as_bytes()).unwrap();
    let html = parsed.body_html(0).unwrap();
    assert!(!html.contains("<script>"), "{html}");
    assert!(
        html.contains("&#60;script&#62;alert(&#39;x&#39;)&#60;/script&#62;") || html.contains("&#60;script&#62;"),
        "{html}"
    );
    assert!(parsed.body_text(0).unwrap().contains("<script>alert('x')</script>"), "plain text shows it as it is");
    // Approve and Reject, each a link of its own for this person, opened from its seal just before sending.
    assert_eq!(html.matches("https://look.bakery.test/decide?t=sld_").count(), 4, "two buttons, each also written out");
    assert!(!mail.contains("sealed:"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn email_test_reports_the_servers_answer() {
    let i = install().await;
    let sink = Sink::start().await;
    let out = Command::new(BIN)
        .args(["email", "test", "olive@bakery.test"])
        .env("SECONDLOOK_DATABASE_URL", &i.url)
        .env("SECONDLOOK_SMTP_URL", &sink.url)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("The email server answered: 250"));
    let none = Command::new(BIN)
        .args(["email", "test", "olive@bakery.test"])
        .env("SECONDLOOK_DATABASE_URL", &i.url)
        .output()
        .unwrap();
    assert!(!none.status.success());
    assert!(String::from_utf8_lossy(&none.stderr).contains("no email server is set"));
}
