//! The `loket` command line: serve, migrate, create an admin, seed demo data, print the spec.

use crate::config::Config;
use crate::domain::account::{check_password, Language, Role};
use crate::store::accounts::{self, NewUser};
use crate::store::Store;
use clap::{Parser, Subcommand};
use std::io::Read;
use std::process::ExitCode;

/// Loket: a support desk for software vendors.
#[derive(Debug, Parser)]
#[command(name = "loket", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the API server (migrates first; in demo mode seeds an empty database).
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Create an admin; the password is read from standard input.
    CreateAdmin {
        /// Login e-mail address.
        #[arg(long)]
        email: String,
        /// Display name.
        #[arg(long, default_value = "Administrator")]
        name: String,
    },
    /// Fill an empty database with demo organisations, users and tickets, and print the logins.
    SeedDemo {
        /// Also insert this many generated tickets (for measuring at scale).
        #[arg(long, default_value_t = 0)]
        tickets: usize,
    },
    /// Print the OpenAPI document.
    Openapi,
}

/// Runs the command line; the binary's `main` is only this.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("loket: {message}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("LOKET_LOG")
        // actix-web-prom warns on every Swagger UI request that it cannot label the catch-all
        // asset route, before it sees that the route is excluded from the metrics.
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn,actix_web_prom=error"));
    // Logs go to stderr: stdout carries what a command prints for people and scripts.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if std::env::var("LOKET_LOG_FORMAT").is_ok_and(|f| f == "json") {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn open_store(config: &Config) -> Result<Store, String> {
    Store::open(&config.database_url, config.db_pool_size)
}

fn run(command: Command) -> Result<(), String> {
    if let Command::Openapi = command {
        let spec = crate::http::openapi().to_pretty_json().map_err(|e| e.to_string())?;
        println!("{spec}");
        return Ok(());
    }
    init_logging();
    let config = Config::from_env().map_err(|e| e.to_string())?;
    match command {
        Command::Serve => serve(config),
        Command::Migrate => {
            let store = open_store(&config)?;
            let applied = store.migrate()?;
            println!("database is up to date ({applied} migrations applied now)");
            Ok(())
        }
        Command::CreateAdmin { email, name } => {
            let mut password = String::new();
            std::io::stdin()
                .read_to_string(&mut password)
                .map_err(|e| format!("reading the password: {e}"))?;
            let password = password.trim_end_matches(['\n', '\r']).to_owned();
            check_password(&password, &email).map_err(|e| format!("the password {e}"))?;
            let hash = crate::auth::hash_password(&password)?;
            let store = open_store(&config)?;
            let mut conn = store.conn().map_err(|e| e.to_string())?;
            let user = accounts::create_user(
                &mut conn,
                NewUser {
                    email,
                    display_name: name,
                    language: Language::Nl,
                    role: Role::Admin,
                    organization_id: None,
                    password_hash: Some(hash),
                    invitation: None,
                },
            )
            .map_err(|e| match e {
                crate::store::StoreError::Conflict(_) => "a user with this e-mail address exists".to_owned(),
                other => other.to_string(),
            })?;
            println!("admin {} created", user.email);
            Ok(())
        }
        Command::SeedDemo { tickets } => {
            let store = open_store(&config)?;
            let mut conn = store.conn().map_err(|e| e.to_string())?;
            if !crate::demo::seed(&mut conn).map_err(|e| e.to_string())? {
                println!("the database already has users; demo data was not added");
            }
            if tickets > 0 {
                let started = std::time::Instant::now();
                let inserted = crate::demo::seed_bulk_tickets(&mut conn, tickets, |done| {
                    if done % 100_000 == 0 || done == tickets {
                        eprintln!("  {done} tickets inserted ({:.0} s)", started.elapsed().as_secs_f64());
                    }
                })
                .map_err(|e| format!("bulk tickets: {e} (the demo users must exist)"))?;
                println!(
                    "{inserted} generated tickets inserted in {:.1} s",
                    started.elapsed().as_secs_f64()
                );
            }
            println!("{}", crate::demo::login_banner(&format!("http://{}", config.addr)));
            Ok(())
        }
        Command::Openapi => Ok(()),
    }
}

fn serve(config: Config) -> Result<(), String> {
    // On stderr whatever LOKET_LOG says: these must not be filtered away.
    for warning in config.warnings() {
        eprintln!("loket: WARNING: {warning}");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let result = runtime.block_on(async move {
        tracing::info!(config = ?config, "starting");
        let url = config.database_url.clone();
        let pool_size = config.db_pool_size;
        let store = tokio::task::spawn_blocking(move || Store::open(&url, pool_size))
            .await
            .map_err(|e| e.to_string())??;
        if config.demo {
            let seeded = store.run(crate::demo::seed).await.map_err(|e| e.to_string())?;
            if seeded {
                tracing::info!("demo data seeded");
            }
        }
        // One runner at a time across instances: each tick takes an advisory lock.
        tokio::spawn(crate::store::sla::run_scheduler(
            store.clone(),
            crate::store::sla::SlaSettings::from_config(&config),
        ));
        let (demo, listen) = (config.demo, config.addr);
        let (webhook_store, webhook_settings) = (store.clone(), config.webhooks);
        let mail = config.mail.clone().map(|settings| (store.clone(), settings));
        let discard_store = store.clone();
        let workers = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2);
        let state = crate::http::AppState::new(config, store);
        let live = state.live.clone();
        let (server, addr) = crate::http::bind(state, listen, workers).map_err(|e| format!("cannot listen: {e}"))?;
        // Listen for the signals before announcing anything, so a stop sent right after the
        // banner is never missed.
        crate::jobs::webhooks::spawn(webhook_store, webhook_settings);
        crate::jobs::mail::spawn_discarder(discard_store);
        if let Some((mail_store, settings)) = mail {
            crate::jobs::mail::spawn(mail_store, settings)?;
        }
        let stop = stop_signals().map_err(|e| format!("cannot listen for signals: {e}"))?;
        let handle = server.handle();
        tokio::spawn(async move {
            stop.await;
            tracing::info!("stopping: finishing requests in flight");
            // The stop is sent first (no new connections), then the event streams end.
            let stopped = handle.stop(true);
            live.end_streams();
            stopped.await;
        });
        if demo {
            println!("{}", crate::demo::login_banner(&format!("http://{addr}")));
        } else {
            tracing::info!(%addr, "listening");
        }
        server.await.map_err(|e| e.to_string())
    });
    // A background task (a long scheduler tick, a stuck delivery) must not keep the process
    // alive after the server has stopped.
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    result
}

/// Resolves at the first SIGTERM or SIGINT (Ctrl-C).
fn stop_signals() -> std::io::Result<impl std::future::Future<Output = ()>> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = terminate.recv() => {}
            _ = interrupt.recv() => {}
        }
    })
}
