//! Pages rendered while more servers start in the same process. Leptos
//! suppresses every resource load process-wide while it lists an app's
//! routes; a page whose data was first asked for in that window used to wait
//! forever (the audit page hung in full runs of this suite).

use std::time::Duration;

use crate::helpers::spawn_app;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_render_while_other_servers_start() {
    let app = spawn_app().await;
    let client = reqwest::Client::builder().timeout(Duration::from_secs(20)).build().unwrap();
    let starting = tokio::spawn(async {
        let mut apps = Vec::new();
        for _ in 0..12 {
            apps.push(spawn_app().await);
        }
        apps
    });
    let mut rendered = 0;
    while !starting.is_finished() || rendered < 40 {
        let page = client.get(format!("{}/login", app.address)).send().await.expect("the login page answers");
        let body = page.text().await.expect("the login page finishes rendering");
        assert!(body.contains("</html>"), "a whole page");
        rendered += 1;
    }
    starting.await.unwrap();
}
