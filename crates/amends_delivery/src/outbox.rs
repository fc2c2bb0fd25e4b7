//! The zero-config channel: each email becomes a `.eml` file in a folder.

use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::{DeliveryError, Email, MailTransport};

/// Distinguishes the temporary files of concurrent writes within one process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Writes each email to `<dir>/<message id>.eml`, atomically: a reader never sees half a
/// file, and sending the same message again replaces its file instead of adding one.
#[derive(Debug, Clone)]
pub struct OutboxFolder {
    dir: PathBuf,
}

impl OutboxFolder {
    /// An outbox in `dir`, created on the first write if missing.
    pub fn new(dir: impl Into<PathBuf>) -> OutboxFolder {
        OutboxFolder { dir: dir.into() }
    }

    /// The folder the files go to.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Where the email with this Message-ID is written: characters other than letters,
    /// digits and `.-_@+` become `_`, so the name is safe on every file system.
    pub fn path_for(&self, message_id: &str) -> PathBuf {
        let name: String = message_id
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() || ".-_@+".contains(c) { c } else { '_' })
            .collect();
        self.dir.join(format!("{name}.eml"))
    }
}

#[async_trait]
impl MailTransport for OutboxFolder {
    async fn send(&self, email: &Email, at: DateTime<Utc>) -> Result<(), DeliveryError> {
        let bytes = email.to_rfc5322(at)?;
        let path = self.path_for(&email.message_id);
        let dir = self.dir.clone();
        tokio::task::spawn_blocking(move || write_atomically(&dir, &path, &bytes))
            .await
            .map_err(|err| DeliveryError::transient(format!("the outbox write was interrupted: {err}")))?
    }
}

/// Temp file in the same folder, fsync, rename over the target, fsync the folder: after a
/// crash the file is either absent or complete.
fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> Result<(), DeliveryError> {
    let failed = |what: &str, err: std::io::Error| {
        DeliveryError::transient(format!("could not {what} in outbox folder {}: {err}", dir.display()))
    };
    fs::create_dir_all(dir).map_err(|err| failed("create the folder", err))?;
    let file_name = path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
    let temp =
        dir.join(format!(".{file_name}.{}.{}.tmp", std::process::id(), TEMP_COUNTER.fetch_add(1, Ordering::Relaxed)));
    let written = File::create(&temp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    if let Err(err) = written.and_then(|()| fs::rename(&temp, path)) {
        let _ = fs::remove_file(&temp);
        return Err(failed("write the message", err));
    }
    File::open(dir).and_then(|folder| folder.sync_all()).map_err(|err| failed("sync the folder", err))
}
