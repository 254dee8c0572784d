//! An import cut off by a restart: resumed at start-up from the last chunk
//! it recorded, with the rows stored after that found again rather than
//! stored twice; one from an older release (its file not kept) stops with a
//! line saying what to do.

mod common;

use chrono::Utc;
use domain::{
    imports::{jobs, Mapping},
    outputs::{Ingestor, NewOutput},
};

#[tokio::test]
async fn a_cut_off_import_resumes_and_stores_every_row_once() {
    let (db, dir, tp) = common::setup(0).await;
    let url = format!("sqlite://{}/s.db", dir.path().display());
    let ingestor = Ingestor::open(&url).await.unwrap();
    let csv: String = std::iter::once("question,reply".to_string())
        .chain((1..=1200).map(|i| format!("Question {i}?,Answer {i}.")))
        .collect::<Vec<_>>()
        .join("\n");
    let id = jobs::upload(&db, tp, 1, vec![("export.csv".into(), csv.into_bytes())]).await.unwrap();
    let mapping = Mapping { output: "reply".into(), input: "question".into(), ..Default::default() };
    // The server died after committing 600 rows but recording only the first chunk of 500.
    sqlx::query("UPDATE imports SET status = 'running', total = 1200, processed = 500, stored = 500, mapping_json = ? WHERE id = ?")
        .bind(serde_json::to_string(&mapping).unwrap())
        .bind(id)
        .execute(&db)
        .await
        .unwrap();
    let tp_row = domain::touchpoints::get(&db, tp).await.unwrap();
    let done: Vec<NewOutput> = (1..=600)
        .map(|i| {
            let mut o = NewOutput::plain(format!("Answer {i}."), format!("import-{id}-row-{i}"), Utc::now());
            o.input = Some(format!("Question {i}?"));
            o
        })
        .collect();
    ingestor.many(&tp_row, &done).await.unwrap();
    // An import an older release started: its file was dropped when it began.
    let old = jobs::upload(&db, tp, 1, vec![("old.csv".into(), b"reply\nhello\n".to_vec())]).await.unwrap();
    sqlx::query("UPDATE imports SET status = 'running', content = NULL, processed = 0 WHERE id = ?")
        .bind(old)
        .execute(&db)
        .await
        .unwrap();

    assert_eq!(jobs::resume(&db, &ingestor).await.unwrap(), 1);
    let mut status = jobs::status(&db, id).await.unwrap();
    for _ in 0..200 {
        if status.status != "running" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        status = jobs::status(&db, id).await.unwrap();
    }
    assert_eq!(status.status, "done", "{status:?}");
    assert_eq!((status.processed, status.stored + status.duplicates), (1200, 1200));
    assert_eq!(status.duplicates, 100, "the rows stored after the last record were found, not stored again");
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outputs").fetch_one(&db).await.unwrap();
    assert_eq!(stored, 1200, "every row exactly once");
    let kept: Option<Vec<u8>> =
        sqlx::query_scalar("SELECT content FROM imports WHERE id = ?").bind(id).fetch_one(&db).await.unwrap();
    assert!(kept.is_none(), "the file is dropped once the import is done");
    let old = jobs::status(&db, old).await.unwrap();
    assert_eq!(old.status, "failed");
    assert!(old.errors[0].message.contains("cut off by a restart"), "{:?}", old.errors);
}
