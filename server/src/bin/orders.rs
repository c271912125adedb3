//! The orders service binary: a second service that trusts authlab's tokens without calling
//! back (see `server::orders`). `orders --help` names its flags.

use clap::Parser;
use server::orders::{self, OrdersCli};
use server::start::telemetry;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = OrdersCli::parse();
    telemetry::init(&cli.log);
    let config = match cli.config() {
        Ok(config) => config,
        Err(err) => {
            eprintln!("orders: configuration error: {err}");
            return std::process::ExitCode::from(2);
        }
    };
    match orders::run(config).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!(error = %err, "orders could not start");
            eprintln!("orders: {err}");
            std::process::ExitCode::FAILURE
        }
    }
}
