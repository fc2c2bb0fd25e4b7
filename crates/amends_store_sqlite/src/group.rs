//! Group commit of case intakes.
//!
//! One task owns the intakes: it takes every intake waiting (up to [`MAX_GROUP`]), opens them
//! all in one write transaction with one statement per table, commits, and only then answers
//! each caller. While a group commits, the next one queues, so a lone intake waits for no
//! timer and a busy server commits large groups.
//!
//! An intake naming a missing record gets its own error and the rest of its group commits. If
//! a statement fails for the group as a whole, the group is rolled back and every intake in it
//! runs again in a transaction of its own, so one bad intake fails only itself.

use amends_store::model::{NewCase, OpenedCase};
use amends_store::{Change, StoreError};
use sqlx::SqlitePool;
use tokio::sync::{mpsc, oneshot};

use crate::{SqliteStore, begin};

/// The most intakes in one transaction: keeps the inserts' parameter lists (12 per case)
/// well inside SQLite's limit of 32,766.
const MAX_GROUP: usize = 256;

/// One caller's intake and where its result goes.
#[derive(Debug)]
pub(crate) struct Intake {
    pub(crate) change: Change,
    pub(crate) case: NewCase,
    pub(crate) reply: oneshot::Sender<Result<OpenedCase, StoreError>>,
}

/// Starts the group writer over the `writer` pool; it stops when every sender is dropped.
pub(crate) fn spawn(writer: SqlitePool) -> mpsc::Sender<Intake> {
    let (sender, receiver) = mpsc::channel(MAX_GROUP * 4);
    tokio::spawn(run(writer, receiver));
    sender
}

async fn run(writer: SqlitePool, mut receiver: mpsc::Receiver<Intake>) {
    let mut group = Vec::with_capacity(MAX_GROUP);
    while receiver.recv_many(&mut group, MAX_GROUP).await > 0 {
        commit_group(&writer, std::mem::take(&mut group)).await;
    }
}

async fn commit_group(writer: &SqlitePool, group: Vec<Intake>) {
    match open_together(writer, &group).await {
        Ok(results) => {
            for (intake, result) in group.into_iter().zip(results) {
                // A caller that stopped waiting still had its case committed, as without grouping.
                let _ = intake.reply.send(result);
            }
        }
        Err(error) if group.len() == 1 => {
            if let Some(intake) = group.into_iter().next() {
                let _ = intake.reply.send(Err(error));
            }
        }
        Err(_) => {
            for intake in group {
                let result = open_together(writer, std::slice::from_ref(&intake))
                    .await
                    .and_then(|mut results| results.pop().unwrap_or_else(|| Err(missing())));
                let _ = intake.reply.send(result);
            }
        }
    }
}

/// Opens `group` in one transaction; the outer error means nothing was committed.
async fn open_together(
    writer: &SqlitePool,
    group: &[Intake],
) -> Result<Vec<Result<OpenedCase, StoreError>>, StoreError> {
    let mut tx = begin(writer).await.map_err(StoreError::backend)?;
    let batch: Vec<_> = group.iter().map(|intake| (&intake.change, &intake.case)).collect();
    let results = SqliteStore::open_cases(&mut tx, &batch).await?;
    tx.commit().await.map_err(StoreError::backend)?;
    Ok(results)
}

fn missing() -> StoreError {
    StoreError::backend("an intake went missing")
}
