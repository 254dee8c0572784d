//! `secondlook audit verify`: the audit log's hash chain, checked end to end.

use crate::config::Settings;

pub async fn verify(settings: &Settings) -> anyhow::Result<()> {
    let db = domain::db::open_and_migrate(&settings.database_url).await?;
    let v = domain::audit::chain::verify(&db).await?;
    match v.broken {
        None => {
            println!("The audit log is intact: {} entries, each chained to the one before.", v.checked);
            Ok(())
        }
        Some((id, why)) => {
            anyhow::bail!(
                "audit log entry {id} does not fit the chain: {why} ({} entries before it are intact)",
                v.checked
            )
        }
    }
}
