//! The authlab server binary: read the configuration, open the data directory, serve.

use clap::Parser;
use server::start::{config, serve, telemetry};

/// mimalloc instead of glibc's malloc: a request allocates and frees a few hundred small blocks,
/// and under load glibc's arenas spent a third of the server's time in malloc and free (and their
/// locks). `kit/memory.rs` hands argon2id's 19 MiB blocks back after each login.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = config::Cli::parse();
    let config = match config::Config::from_cli(cli, |name| std::env::var(name).ok()) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("authlab: configuration error: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    telemetry::init(&config.log_filter);
    match serve::run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "authlab could not start");
            eprintln!("authlab: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
