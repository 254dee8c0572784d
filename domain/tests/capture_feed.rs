//! A calendar feed served by a small HTTP server on loopback that changes
//! between fetches: new, changed, cancelled, removed and recurring events
//! become and update bookings; an unchanged feed (same ETag) is not read
//! again; a double booking from the feed raises the conflict; a feed that
//! keeps failing raises one alert after 30 minutes and recovers.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, DurationRound, Utc};
use domain::{
    business,
    capture::{self, connect},
    outputs::Ingestor,
    sealing::Sealer,
    touchpoints::{self, TouchpointInput, Validate as _},
    Actor, Db,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::TcpListener,
};

/// What the test server answers: (status, body, ETag); and the requests' If-None-Match.
#[derive(Default)]
struct Feed {
    status: u16,
    body: String,
    etag: String,
    conditional: Vec<Option<String>>,
}

async fn serve(feed: Arc<Mutex<Feed>>) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (mut socket, _) = listener.accept().await.unwrap();
            let mut request = Vec::new();
            let mut buf = [0u8; 4096];
            while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = socket.read(&mut buf).await.unwrap();
                if n == 0 {
                    break;
                }
                request.extend_from_slice(&buf[..n]);
            }
            let text = String::from_utf8_lossy(&request).to_string();
            let tag = text
                .lines()
                .find(|l| l.to_ascii_lowercase().starts_with("if-none-match:"))
                .map(|l| l.split_once(':').unwrap().1.trim().to_string());
            let response = {
                let mut f = feed.lock().unwrap();
                f.conditional.push(tag.clone());
                if f.status != 200 {
                    format!("HTTP/1.1 {} Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", f.status)
                } else if tag.as_deref() == Some(f.etag.as_str()) {
                    "HTTP/1.1 304 Not Modified\r\nConnection: close\r\n\r\n".to_string()
                } else {
                    format!(
                        "HTTP/1.1 200 OK\r\nContent-Type: text/calendar\r\nETag: {}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
                        f.etag,
                        f.body.len(),
                        f.body
                    )
                }
            };
            let _ = socket.write_all(response.as_bytes()).await;
        }
    });
    port
}

fn ics_time(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

fn event(uid: &str, room: &str, start: DateTime<Utc>, minutes: i64, extra: &str) -> String {
    format!(
        "BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261201T090000Z\r\nSUMMARY:Booking {uid}\r\nLOCATION:{room}\r\nDTSTART:{}\r\nDTEND:{}\r\n{extra}END:VEVENT\r\n",
        ics_time(start),
        ics_time(start + Duration::minutes(minutes))
    )
}

fn calendar(events: &[String]) -> String {
    format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\n{}END:VCALENDAR\r\n", events.concat())
}

async fn business() -> (Db, tempfile::TempDir, Ingestor, touchpoints::Touchpoint) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/feed.db", dir.path().display());
    let db = domain::db::open_and_migrate(&url).await.unwrap();
    let owner = business::Setup {
        business_name: "Salon".into(),
        timezone: "Europe/London".into(),
        owner_email: "o@salon.test".into(),
        owner_name: "O".into(),
        owner_password: "long-enough-pw".into(),
        ..Default::default()
    };
    business::setup(&db, &Actor::Cli, owner).await.unwrap();
    let input = TouchpointInput {
        name: "Bookings".into(),
        kind: "scheduling".into(),
        policy: "sample".into(),
        ..Default::default()
    };
    let tp = touchpoints::create(&db, &Actor::Cli, input.validate().unwrap()).await.unwrap().touchpoint;
    let ingestor = Ingestor::open(&url).await.unwrap();
    (db, dir, ingestor, tp)
}

/// (external id, resource, starts, cancelled) of every booking, by id.
async fn bookings(db: &Db) -> Vec<(String, String, DateTime<Utc>, bool)> {
    sqlx::query_as(
        "SELECT external_id, booking_resource, booking_starts_at, booking_cancelled_at IS NOT NULL FROM outputs ORDER BY id",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

#[tokio::test]
async fn a_calendar_feed_keeps_bookings_in_step() {
    let (db, _dir, ingestor, tp) = business().await;
    let sealer = Sealer::ephemeral();
    let hour = Utc::now().duration_trunc(Duration::hours(1)).unwrap();
    let day = hour + Duration::days(1);
    let v1 = calendar(&[
        event("a", "Room 1", day, 60, ""),
        event("b", "Room 2", day, 60, ""),
        event("c", "Room 3", day, 60, ""),
        event("r", "Room 4", hour + Duration::days(2), 30, "RRULE:FREQ=WEEKLY\r\n"),
    ]);
    let feed = Arc::new(Mutex::new(Feed { status: 200, body: v1, etag: "\"v1\"".into(), ..Default::default() }));
    let port = serve(feed.clone()).await;
    let address = format!("http://127.0.0.1:{port}/secret-token-abc/basic.ics");
    let answer = connect::subscribe_feed(&db, &sealer, &Actor::Cli, tp.id, &address).await.unwrap();
    assert!(answer.contains("has 4 event(s)"), "{answer}");
    let stored: String = sqlx::query_scalar("SELECT secret_sealed FROM captures").fetch_one(&db).await.unwrap();
    assert!(!stored.contains("secret-token-abc"), "the feed address is sealed");

    let now = Utc::now() + Duration::seconds(1);
    capture::run_due(&db, &ingestor, &sealer, now).await.unwrap();
    let first = bookings(&db).await;
    // Three single events and the weekly one for the coming eight weeks.
    assert_eq!(first.len(), 3 + 8, "{first:?}");
    assert!(first.iter().filter(|b| b.0.starts_with("r/")).all(|b| b.1 == "Room 4" && b.2 > now));
    assert!(first.iter().all(|b| !b.3));

    // Fifteen minutes on, the same feed: fetched with If-None-Match, not read again.
    capture::run_due(&db, &ingestor, &sealer, now + Duration::minutes(16)).await.unwrap();
    assert_eq!(feed.lock().unwrap().conditional.last().unwrap().as_deref(), Some("\"v1\""));
    assert_eq!(bookings(&db).await, first);

    // a moves to 14:00 (SEQUENCE 1); b is cancelled; c is gone from the
    // calendar; d takes c's freed slot; e double-books Room 1 at a's new time.
    let v2 = calendar(&[
        event("a", "Room 1", day + Duration::hours(4), 60, "SEQUENCE:1\r\n"),
        event("b", "Room 2", day, 60, "SEQUENCE:1\r\nSTATUS:CANCELLED\r\n"),
        event("d", "Room 3", day, 60, ""),
        event("e", "Room 1", day + Duration::hours(4) + Duration::minutes(30), 60, ""),
        event("r", "Room 4", hour + Duration::days(2), 30, "RRULE:FREQ=WEEKLY\r\n"),
    ]);
    {
        let mut f = feed.lock().unwrap();
        f.body = v2;
        f.etag = "\"v2\"".into();
    }
    capture::run_due(&db, &ingestor, &sealer, now + Duration::minutes(32)).await.unwrap();
    let second = bookings(&db).await;
    let get = |id: &str| second.iter().find(|b| b.0 == id).unwrap().clone();
    assert_eq!(get("a").2, day + Duration::hours(4), "a changed event replaces its booking");
    assert_eq!(second.iter().filter(|b| b.0 == "a").count(), 1, "still one output");
    assert!(get("b").3 && get("c").3, "cancelled and removed events free their slots");
    assert!(!get("d").3 && !get("e").3);
    let conflicts: Vec<String> =
        sqlx::query_scalar("SELECT title FROM alerts WHERE kind = 'conflict'").fetch_all(&db).await.unwrap();
    assert_eq!(conflicts.len(), 1, "only e against a, not d against the freed c: {conflicts:?}");
    assert!(conflicts[0].contains("Room 1"));

    // The feed breaks: shown at once, one alert after 30 minutes, recovered when it works.
    feed.lock().unwrap().status = 500;
    let broke = now + Duration::minutes(48);
    capture::run_due(&db, &ingestor, &sealer, broke).await.unwrap();
    let status = capture::store::status(&db, tp.id).await.unwrap().unwrap();
    assert_eq!(status.failing_since, Some(broke));
    assert!(status.last_problem.as_deref().unwrap().contains("answered 500"), "{:?}", status.last_problem);
    assert!(!status.last_problem.unwrap().contains("secret-token-abc"), "a problem never shows the address");
    for minutes in [16, 32, 48] {
        capture::run_due(&db, &ingestor, &sealer, broke + Duration::minutes(minutes)).await.unwrap();
    }
    let alerts: Vec<(Option<String>,)> =
        sqlx::query_as("SELECT recovered_at FROM alerts WHERE kind = 'capture'").fetch_all(&db).await.unwrap();
    assert_eq!(alerts.len(), 1, "one alert per failure, not one per fetch");
    feed.lock().unwrap().status = 200;
    capture::run_due(&db, &ingestor, &sealer, broke + Duration::minutes(64)).await.unwrap();
    let recovered: Option<String> =
        sqlx::query_scalar("SELECT recovered_at FROM alerts WHERE kind = 'capture'").fetch_one(&db).await.unwrap();
    assert!(recovered.is_some(), "the alert recovers when the feed works again");
    assert!(capture::store::status(&db, tp.id).await.unwrap().unwrap().failing_since.is_none());
}
