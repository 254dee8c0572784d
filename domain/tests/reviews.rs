//! The review queue: reservations, verdict rules and changes.

mod common;

use common::setup;
use domain::{
    reviews::{next_item, open_item, progress, submit, VerdictInput},
    sampling::draw_week,
    users::{self, NewUser, Role, User},
    Actor, Db, DomainError,
};

async fn person(db: &Db, name: &str, role: Role) -> User {
    let new =
        NewUser { email: format!("{name}@bakery.test"), name: name.into(), role, password: "long-enough-pw".into() };
    users::create(db, &Actor::Cli, new).await.unwrap()
}

fn verdict(v: &str, note: &str) -> VerdictInput {
    VerdictInput { verdict: v.into(), note: note.into(), ..Default::default() }
}

#[tokio::test]
async fn two_reviewers_never_hold_the_same_item() {
    let (db, _dir, _) = setup(10).await;
    draw_week(&db, "2026-W48".parse().unwrap()).await.unwrap();
    let (rita, ravi) = (person(&db, "rita", Role::Reviewer).await, person(&db, "ravi", Role::Reviewer).await);
    let item = next_item(&db, rita.id).await.unwrap().unwrap();
    let generation =
        || async { sqlx::query_scalar::<_, i64>("SELECT generation FROM data_changes").fetch_one(&db).await.unwrap() };
    let before = generation().await;
    let (a, b) = tokio::join!(open_item(&db, &rita, item), open_item(&db, &ravi, item));
    assert_eq!(generation().await, before, "a reservation leaves remembered results alone");
    assert!(a.is_ok() != b.is_ok(), "exactly one of them gets it");
    let (holder, other) = if a.is_ok() { (&rita, &ravi) } else { (&ravi, &rita) };
    assert!(matches!(submit(&db, other, item, verdict("pass", "")).await, Err(DomainError::Conflict(_))));
    assert_ne!(next_item(&db, other.id).await.unwrap(), Some(item), "the other is offered a different item");
    submit(&db, holder, item, verdict("pass", "")).await.unwrap();
    assert!(generation().await > before, "a verdict does not");
    let p = progress(&db, holder.id).await.unwrap();
    assert_eq!((p.total, p.done, p.mine, p.minutes_left), (10, 1, 1, 3));
}

#[tokio::test]
async fn verdicts_are_checked_and_only_their_author_or_an_owner_changes_them() {
    let (db, _dir, _) = setup(5).await;
    draw_week(&db, "2026-W48".parse().unwrap()).await.unwrap();
    let rita = person(&db, "rita", Role::Reviewer).await;
    let ravi = person(&db, "ravi", Role::Reviewer).await;
    let owner = users::get(&db, 1).await.unwrap();
    let item = next_item(&db, rita.id).await.unwrap().unwrap();
    open_item(&db, &rita, item).await.unwrap();
    let field = |r: Result<(), DomainError>| match r {
        Err(DomainError::Invalid { field, .. }) => field,
        other => panic!("{other:?}"),
    };
    assert_eq!(field(submit(&db, &rita, item, verdict("fail", " ")).await), "note");
    assert_eq!(field(submit(&db, &rita, item, verdict("", "")).await), "verdict");
    let odd = VerdictInput { categories: vec!["rude".into()], ..verdict("needs_fix", "") };
    assert_eq!(field(submit(&db, &rita, item, odd).await), "categories");
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM verdicts").fetch_one(&db).await.unwrap();
    assert_eq!(none, 0, "nothing stored");

    let good = VerdictInput {
        categories: vec!["wrong_number".into()],
        checked: vec![0, 2],
        ..verdict("fail", "Price is 12, not 21")
    };
    submit(&db, &rita, item, good).await.unwrap();
    assert!(matches!(submit(&db, &ravi, item, verdict("pass", "")).await, Err(DomainError::Forbidden(_))));
    submit(&db, &owner, item, verdict("pass", "Checked again: fine")).await.unwrap();
    let log: Vec<String> = sqlx::query_scalar("SELECT action FROM audit_log WHERE object_type = 'output' ORDER BY id")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(log, ["verdict.create", "verdict.change"]);
    // The owner who changed it is now its reviewer, in the queue's counts too.
    assert_eq!((progress(&db, rita.id).await.unwrap().mine, progress(&db, owner.id).await.unwrap().mine), (0, 1));
    let kept: Vec<(i64, i64)> =
        sqlx::query_as("SELECT reviewer_id, reviewed FROM reviewer_weeks ORDER BY 1").fetch_all(&db).await.unwrap();
    assert_eq!(kept, [(owner.id, 1), (rita.id, 0)]);
    let seen = open_item(&db, &ravi, item).await.unwrap();
    assert_eq!(seen.given.unwrap().verdict, domain::reviews::Verdict::Pass);
    assert!(matches!(open_item(&db, &rita, 999).await, Err(DomainError::NotFound(_))));
}

#[tokio::test]
async fn nobody_reviews_an_output_they_pasted_in() {
    let (db, _dir, _) = setup(3).await;
    draw_week(&db, "2026-W48".parse().unwrap()).await.unwrap();
    let rita = person(&db, "rita", Role::Reviewer).await;
    let item = next_item(&db, rita.id).await.unwrap().unwrap();
    sqlx::query("UPDATE outputs SET submitted_by = ? WHERE id = (SELECT output_id FROM review_items WHERE id = ?)")
        .bind(rita.id)
        .bind(item)
        .execute(&db)
        .await
        .unwrap();
    assert!(matches!(open_item(&db, &rita, item).await, Err(DomainError::Forbidden(_))));
    assert!(matches!(submit(&db, &rita, item, verdict("pass", "")).await, Err(DomainError::Forbidden(_))));
    assert_ne!(next_item(&db, rita.id).await.unwrap(), Some(item));
}

#[tokio::test]
async fn an_item_knows_its_place_in_its_week() {
    let (db, _dir, _) = setup(4).await;
    draw_week(&db, "2026-W48".parse().unwrap()).await.unwrap();
    let rita = person(&db, "rita", Role::Reviewer).await;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM review_items WHERE week = '2026-W48' ORDER BY id")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(ids.len(), 4);
    for (at, id) in ids.iter().enumerate() {
        let item = open_item(&db, &rita, *id).await.unwrap();
        assert_eq!((item.position, item.total), (at as u64 + 1, 4));
        assert_eq!(item.previous, at.checked_sub(1).map(|i| ids[i]));
        assert_eq!(item.next, ids.get(at + 1).copied());
    }
}
