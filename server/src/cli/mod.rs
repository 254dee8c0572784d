//! The command line: `secondlook [--config FILE] <command>`.

mod audit;
mod backup;
mod export;
mod facts;
mod jobs;
mod people;
mod report;
mod sample;
mod touchpoints;

use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};

use crate::{config::Settings, startup::Application, telemetry};

#[derive(Debug, Parser)]
#[command(
    name = "secondlook",
    version,
    about = "Second Look: a person's check between your AI tools and your customers.",
    long_about = "Second Look: a person's check between your AI tools and your customers.\n\n\
        With no command it starts the web app (the same as `secondlook serve`).\n\
        Settings come from SECONDLOOK_* environment variables, or a TOML file given with --config."
)]
pub struct Cli {
    /// A TOML file with settings (database_url, addr, base_url, log_level, site_root).
    /// Environment variables override it.
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start the web app (creates and updates the database first).
    Serve,
    /// Create the database if needed and bring its schema up to date, then exit.
    Migrate,
    /// First-run setup without a browser: create the business and its owner.
    /// The password is read from standard input when it is piped in;
    /// otherwise one is generated and printed once. Refused if an owner exists.
    Setup {
        /// The business name, as shown at the top of every page.
        #[arg(long, value_name = "NAME")]
        business: String,
        /// The business's time zone, such as Europe/London.
        #[arg(long, value_name = "AREA/CITY")]
        timezone: String,
        /// The day the business's weeks start on (for the weekly spot check).
        #[arg(long, value_name = "DAY", default_value = "monday")]
        week_start: String,
        /// The owner's email address (used to log in).
        #[arg(long, value_name = "EMAIL")]
        owner_email: String,
        /// The owner's name.
        #[arg(long, value_name = "NAME")]
        owner_name: String,
    },
    /// Write a consistent copy of the database while the server keeps running.
    Backup {
        /// Where to write it (must not exist yet).
        file: std::path::PathBuf,
    },
    /// Check a backup and, with --yes, put it in place of the database (stop the server first).
    Restore {
        file: std::path::PathBuf,
        /// Really replace the current database (it is kept beside the new one).
        #[arg(long)]
        yes: bool,
    },
    /// Scheduled jobs, for cron-style use.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Email.
    #[command(subcommand)]
    Email(EmailCommand),
    /// Manage the people who can log in.
    #[command(subcommand)]
    User(UserCommand),
    /// Draw a week's spot-check sample now (the server also does this by
    /// itself once a week has ended). Running it again changes nothing.
    Sample {
        /// The ISO week, e.g. 2026-W48 (default: the last full week).
        #[arg(long, value_name = "YYYY-Www")]
        week: Option<String>,
    },
    /// Manage touchpoints: the places where AI produces output.
    #[command(subcommand)]
    Touchpoint(TouchpointCommand),
    /// What is true about the business (prices, hours, contacts, services,
    /// phrases never to use), which every output is checked against.
    #[command(subcommand)]
    Facts(FactsCommand),
    /// The audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Remove the text of every output and input that mentions one person's
    /// email address or phone number (on their request). The figures,
    /// verdicts and audit log stay; the audit log records how many.
    Forget {
        /// Their email address.
        #[arg(long, value_name = "EMAIL", conflicts_with = "phone", required_unless_present = "phone")]
        email: Option<String>,
        /// Their phone number, in any spacing, with or without the country code.
        #[arg(long, value_name = "NUMBER")]
        phone: Option<String>,
    },
    /// Export the oversight record (every output with its verdict, approvals,
    /// delivery and findings; or the audit log with its hashes) as CSV or
    /// JSON Lines. Times are ISO 8601 on the business's clock.
    Export {
        /// outputs or audit.
        #[arg(long, default_value = "outputs")]
        what: String,
        /// csv (UTF-8 with a byte-order mark, for spreadsheets) or jsonl.
        #[arg(long, default_value = "csv")]
        format: String,
        /// Only this touchpoint's outputs (its id, from `touchpoint list`).
        #[arg(long, value_name = "ID")]
        touchpoint: Option<i64>,
        /// From this day (YYYY-MM-DD, on the business's clock).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// To this day, inclusive.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Write the printable monthly report as one self-contained HTML file
    /// (open it in a browser and print, or save as PDF).
    Report {
        /// The month, such as 2026-11.
        #[arg(long, value_name = "YYYY-MM")]
        month: String,
        /// Write here instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Check the audit log's hash chain from the first entry to the last:
    /// exits non-zero naming the first entry that does not fit.
    Verify,
}

#[derive(Debug, Subcommand)]
pub enum FactsCommand {
    /// Print the facts as TOML (the format `facts set` reads).
    Show {
        /// Print JSON instead.
        #[arg(long)]
        json: bool,
    },
    /// Replace the facts with those in FILE (.toml or .json). Nothing is
    /// changed unless every part of the file can be used.
    Set { file: std::path::PathBuf },
}

#[derive(Debug, Subcommand)]
pub enum TouchpointCommand {
    /// Add a touchpoint and print its id and ingest token (shown only this once).
    Add {
        #[arg(long, value_name = "NAME")]
        name: String,
        /// email, chatbot, scheduling, social, marketing, finance or other.
        #[arg(long, value_name = "KIND")]
        kind: String,
        /// high or low (default: high when customers see it or it is financial).
        #[arg(long, value_name = "STAKES")]
        stakes: Option<String>,
        /// gate, sample or both (default: gate for high stakes, sample for low).
        #[arg(long, value_name = "POLICY")]
        policy: Option<String>,
        /// Print exactly one JSON object {"id": ..., "token": "..."}.
        #[arg(long)]
        json: bool,
    },
    /// List every touchpoint, retired ones included.
    List {
        /// Print a JSON array.
        #[arg(long)]
        json: bool,
    },
    /// Give a touchpoint a new ingest token; the old one stops working at once.
    RotateToken {
        /// The touchpoint's id (see `touchpoint list`).
        id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    /// Run every job that is due (weekly sample and queue email, monthly
    /// reminder, escalations, drift checks), then send the emails due. A
    /// job already run for its period does nothing.
    RunDue {
        /// Act as if it were this moment (RFC 3339), e.g. 2026-12-07T09:00:00Z.
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum EmailCommand {
    /// Send one test email now and print the email server's answer.
    Test {
        /// Where to send it.
        address: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add a person. The password is read from standard input when it is
    /// piped in; otherwise one is generated and printed once.
    Add {
        #[arg(long, value_name = "EMAIL")]
        email: String,
        #[arg(long, value_name = "NAME")]
        name: String,
        /// owner, senior (gives the second sign-off) or reviewer.
        #[arg(long, value_name = "ROLE")]
        role: String,
    },
    /// Give someone a new password (from standard input, or generated and
    /// printed once); ends their sessions and lifts any login wait.
    ResetPassword {
        #[arg(long, value_name = "EMAIL")]
        email: String,
    },
}

/// Runs the parsed command. Errors come back to `main`, which prints one line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load(cli.config.as_deref())?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            telemetry::init(&settings.log_level);
            let app = Application::build(settings).await?;
            app.run_until_stopped().await.context("the web server stopped")?;
        }
        Command::Migrate => {
            domain::db::open_and_migrate(&settings.database_url).await?;
            println!("The database is up to date.");
        }
        Command::Setup { business, timezone, week_start, owner_email, owner_name } => {
            let input = domain::business::Setup {
                business_name: business,
                timezone,
                week_start,
                owner_email,
                owner_name,
                owner_password: String::new(),
            };
            people::setup(&settings, input).await?;
        }
        Command::User(UserCommand::Add { email, name, role }) => {
            people::add_user(&settings, email, name, role).await?;
        }
        Command::User(UserCommand::ResetPassword { email }) => people::reset_password(&settings, email).await?,
        Command::Touchpoint(TouchpointCommand::Add { name, kind, stakes, policy, json }) => {
            touchpoints::add(&settings, name, kind, stakes, policy, json).await?;
        }
        Command::Sample { week } => sample::run(&settings, week).await?,
        Command::Audit(AuditCommand::Verify) => audit::verify(&settings).await?,
        Command::Forget { email, phone } => {
            let person = match (email, phone) {
                (Some(e), _) => domain::privacy::Person::Email(e),
                (None, Some(p)) => domain::privacy::Person::Phone(p),
                (None, None) => anyhow::bail!("say whose messages to remove: --email or --phone"),
            };
            let db = domain::db::open_and_migrate(&settings.database_url).await?;
            let n = domain::privacy::forget(&db, &domain::Actor::Cli, &person).await?;
            println!("Removed the text of {n} output{} (recorded in the audit log).", if n == 1 { "" } else { "s" });
        }
        Command::Export { what, format, touchpoint, from, to, out } => {
            export::run(&settings, domain::export::Ask { what, format, touchpoint, from, to }, out).await?
        }
        Command::Report { month, out } => report::run(&settings, &month, out).await?,
        Command::Facts(FactsCommand::Show { json }) => facts::show(&settings, json).await?,
        Command::Facts(FactsCommand::Set { file }) => facts::set(&settings, &file).await?,
        Command::Jobs(JobsCommand::RunDue { at }) => jobs::run_due(&settings, at).await?,
        Command::Backup { file } => backup::backup(&settings, file).await?,
        Command::Restore { file, yes } => backup::restore(&settings, file, yes).await?,
        Command::Email(EmailCommand::Test { address }) => jobs::test_email(&settings, address).await?,
        Command::Touchpoint(TouchpointCommand::List { json }) => touchpoints::list(&settings, json).await?,
        Command::Touchpoint(TouchpointCommand::RotateToken { id }) => touchpoints::rotate_token(&settings, id).await?,
    }
    Ok(())
}
