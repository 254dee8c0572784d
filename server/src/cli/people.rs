//! `secondlook setup` and `secondlook user add`.

use std::io::{BufRead, IsTerminal};

use domain::{business, users, Actor};

use crate::config::Settings;

/// A password piped on standard input, or a generated one (and whether it was generated).
fn password_from_stdin_or_generated() -> anyhow::Result<(String, bool)> {
    let stdin = std::io::stdin();
    if !stdin.is_terminal() {
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        let line = line.trim_end_matches(['\r', '\n']).to_string();
        if !line.is_empty() {
            return Ok((line, false));
        }
    }
    Ok((domain::passwords::generate(), true))
}

fn announce(email: &str, password: &str, generated: bool) {
    if generated {
        println!("Password for {email} (shown only this once): {password}");
    }
}

pub async fn setup(settings: &Settings, typed: business::Setup) -> anyhow::Result<()> {
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let (password, generated) = password_from_stdin_or_generated()?;
    let input = business::Setup { owner_password: password.clone(), ..typed };
    let owner = business::setup(&db, &Actor::Cli, input).await?;
    println!("Set up. The owner {} can now log in at {}/login", owner.email, settings.base_url);
    announce(&owner.email, &password, generated);
    Ok(())
}

pub async fn add_user(settings: &Settings, email: String, name: String, role: String) -> anyhow::Result<()> {
    let role: users::Role = role.parse()?;
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let (password, generated) = password_from_stdin_or_generated()?;
    let new = users::NewUser { email, name, role, password: password.clone() };
    let user = users::create(&db, &Actor::Cli, new).await?;
    println!("Added {} <{}> as {}.", user.name, user.email, user.role);
    announce(&user.email, &password, generated);
    Ok(())
}

/// Gives someone a new password (read from standard input, or generated and
/// printed once), ends their sessions and lifts any login wait.
pub async fn reset_password(settings: &Settings, email: String) -> anyhow::Result<()> {
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let wanted = email.trim().to_lowercase();
    let user = users::list(&db)
        .await?
        .into_iter()
        .find(|u| u.email == wanted)
        .ok_or_else(|| anyhow::anyhow!("nobody on the team has the email {wanted}"))?;
    let (password, generated) = password_from_stdin_or_generated()?;
    users::set_password(&db, &Actor::Cli, user.id, password.clone()).await?;
    domain::throttle::cleared(&db, &format!("account:{wanted}")).await?;
    println!("New password set for {}; their sessions have ended.", user.email);
    announce(&user.email, &password, generated);
    Ok(())
}
