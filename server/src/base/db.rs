//! The embedded SQLite database in the data directory, migrated at open.

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions};
use sqlx::SqlitePool;

pub const DB_FILE: &str = "authlab.db";

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("could not open the database {path}: {source}")]
    Open { path: String, source: sqlx::Error },
    #[error("could not migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
}

/// Opens (creating if needed) `<data_dir>/authlab.db` and applies pending migrations.
pub async fn open(data_dir: &Path) -> Result<SqlitePool, DbError> {
    let path = data_dir.join(DB_FILE);
    let display = path.display().to_string();
    let open_err = |source| DbError::Open {
        path: display.clone(),
        source,
    };
    let options = SqliteConnectOptions::from_str(&format!("sqlite://{display}"))
        .map_err(open_err)?
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .foreign_keys(true)
        .busy_timeout(Duration::from_secs(5));
    let pool = SqlitePoolOptions::new()
        .max_connections(8)
        // A ping before every query is a second round trip to the connection's worker thread;
        // a broken connection to a local file is not a thing to guard against per query.
        .test_before_acquire(false)
        .connect_with(options)
        .await
        .map_err(open_err)?;
    migrate(&pool).await?;
    Ok(pool)
}

/// Applies pending migrations. SQLite has no migration lock: two nodes starting on one fresh
/// data directory may both try a migration, and one finds its table made already. It then
/// tries again, and skips what the other one applied meanwhile.
async fn migrate(pool: &SqlitePool) -> Result<(), DbError> {
    let migrator = sqlx::migrate!("./migrations");
    let mut attempts = 0;
    loop {
        match migrator.run(pool).await {
            Ok(()) => return Ok(()),
            Err(err) if attempts < 30 => {
                attempts += 1;
                tracing::debug!(error = %err, attempts, "migration raced another process; again");
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(err) => return Err(err.into()),
        }
    }
}
