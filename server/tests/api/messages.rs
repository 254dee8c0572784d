//! POST /api/v1/messages: a raw email forwarded by HTTP. A message with a
//! 20 MB attachment and an old charset becomes one output (the attachment
//! named, not kept); sending it again stores nothing; a wrong content type,
//! a message with no text of its own, and bytes that are not an email each
//! get a 4xx with a JSON body naming what is wrong.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn raw_messages_become_outputs_once_and_bad_ones_say_why() {
    let app = spawn_app().await;
    let (_, token) = app.touchpoint("Replies", "email", "sample").await;
    let post = |content_type: &'static str, body: Vec<u8>| {
        let req = app
            .client
            .post(format!("{}/api/v1/messages", app.address))
            .bearer_auth(&token)
            .header("content-type", content_type)
            .body(body);
        async move { req.send().await.unwrap() }
    };
    let attachment = "QUJD".repeat(20 * 1024 * 1024 / 4);
    let raw = format!(
        "Message-ID: <big@shop.example>\r\nSubject: =?iso-8859-1?q?Re:_caf=E9?=\r\nTo: sam@customer.example\r\n\
         Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\
         Content-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9 opens at 9.\r\n\r\nOn Mon, Sam wrote:\r\n> When?\r\n\
         --b\r\nContent-Type: application/pdf; name=\"menu.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n{attachment}\r\n--b--\r\n"
    );
    let resp = post("message/rfc822", raw.clone().into_bytes()).await;
    assert_eq!(resp.status(), StatusCode::CREATED);
    let first: Value = resp.json().await.unwrap();
    let db = app.db().await;
    let (output, input, external, metadata): (String, Option<String>, String, String) =
        sqlx::query_as("SELECT output, input, external_id, metadata_json FROM outputs WHERE id = ?")
            .bind(first["id"].as_i64().unwrap())
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(
        (output.as_str(), input.as_deref(), external.as_str()),
        ("Café opens at 9.", Some("When?"), "big@shop.example")
    );
    let metadata: Value = serde_json::from_str(&metadata).unwrap();
    assert_eq!(metadata["attachments"], serde_json::json!(["menu.pdf"]));
    assert_eq!(metadata["subject"], "Re: café");
    assert!(metadata.to_string().len() < 2_000, "the attachment itself is not kept");

    let again = post("message/rfc822", raw.into_bytes()).await;
    assert_eq!(again.status(), StatusCode::OK);
    let again: Value = again.json().await.unwrap();
    assert_eq!((again["id"].clone(), again["duplicate"].clone()), (first["id"].clone(), Value::Bool(true)));

    let wrong_type = post("application/json", b"{}".to_vec()).await;
    assert_eq!(wrong_type.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let body: Value = wrong_type.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains("message/rfc822"), "{body}");
    for (bytes, says) in [
        (b"Subject: scan\r\nContent-Type: application/pdf\r\n\r\nJVBERi0=".to_vec(), "no text of its own"),
        (vec![0xff, 0xfe, 0x00, 0x01], "message"),
    ] {
        let resp = post("message/rfc822", bytes).await;
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let body: Value = resp.json().await.unwrap();
        assert_eq!(body["error"]["field"], "message");
        assert!(body["error"]["message"].as_str().unwrap().contains(says), "{body}");
    }
    let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outputs").fetch_one(&db).await.unwrap();
    assert_eq!(stored, 1);
}
