//! Test support, behind the `testing` feature: a real SMTP server process (Python's aiosmtpd
//! running `testing/smtp_server.py`) for the tests of this crate and of the crates above it.
//!
//! ```no_run
//! # use std::time::Duration;
//! let Some(server) = amends_delivery::testing::SmtpServer::start(&["--temp-fail", "1"]) else { return };
//! // … send to server.url() …
//! assert_eq!(server.wait_for(1, Duration::from_secs(5)).len(), 1);
//! ```

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread;
use std::time::{Duration, Instant};

use serde::Deserialize;

/// The Python interpreter to run the server with; `python3` when unset.
pub const PYTHON_VARIABLE: &str = "AMENDS_TEST_PYTHON";
/// Set to `1` to make a missing aiosmtpd a failure instead of a skip (CI).
pub const REQUIRE_VARIABLE: &str = "AMENDS_REQUIRE_ALL";

const SCRIPT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/testing/smtp_server.py");
const READY_TIMEOUT: Duration = Duration::from_secs(15);

/// A message the server accepted.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Received {
    /// Its Message-ID header without angle brackets.
    pub message_id: String,
    /// The envelope recipients.
    pub rcpt: Vec<String>,
    /// The size of the message as received.
    pub bytes: usize,
    /// The client's end of the connection it came over (`127.0.0.1:50412`): messages with
    /// the same peer shared a connection.
    pub peer: String,
}

type Inbox = Arc<(Mutex<Vec<Received>>, Condvar)>;

/// A running `smtp_server.py` on 127.0.0.1; killed when dropped.
pub struct SmtpServer {
    child: Child,
    port: u16,
    inbox: Inbox,
}

impl SmtpServer {
    /// Starts the server with `args` (its scripted misbehaviour, e.g. `["--temp-fail", "1",
    /// "--temp-code", "421"]`; see the script's `--help`) and waits until it listens.
    ///
    /// Returns `None`, with the reason printed, when Python or aiosmtpd is missing.
    ///
    /// # Panics
    /// When aiosmtpd is missing and `AMENDS_REQUIRE_ALL=1`, or when the server does not start.
    pub fn start(args: &[&str]) -> Option<SmtpServer> {
        let python = python()?;
        let mut child = Command::new(&python)
            .arg("-u")
            .arg(SCRIPT)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|err| panic!("could not run {python} {SCRIPT}: {err}"));
        let stdout = BufReader::new(child.stdout.take().expect("stdout is piped"));
        let inbox: Inbox = Arc::default();
        let (ready, port) = mpsc::channel();
        let lines = Arc::clone(&inbox);
        thread::spawn(move || read_events(stdout, &ready, &lines));
        let Ok(port) = port.recv_timeout(READY_TIMEOUT) else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{SCRIPT} did not print READY within {READY_TIMEOUT:?}; its stderr is above");
        };
        Some(SmtpServer { child, port, inbox })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// `smtp://127.0.0.1:<port>`, plain text.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// The messages accepted so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.inbox.0.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Waits (blocking the thread) until at least `count` messages have been accepted or
    /// `timeout` has passed, and returns those accepted by then.
    pub fn wait_for(&self, count: usize, timeout: Duration) -> Vec<Received> {
        let deadline = Instant::now() + timeout;
        let (lock, arrived) = &*self.inbox;
        let mut received = lock.lock().unwrap_or_else(PoisonError::into_inner);
        while received.len() < count {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            received = arrived.wait_timeout(received, left).unwrap_or_else(PoisonError::into_inner).0;
        }
        received.clone()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `READY <port>` once, then one JSON line per accepted message, until the process ends.
fn read_events(stdout: impl BufRead, ready: &mpsc::Sender<u16>, inbox: &Inbox) {
    for line in stdout.lines() {
        let Ok(line) = line else { return };
        if let Some(port) = line.strip_prefix("READY ") {
            let _ = ready.send(port.trim().parse().expect("READY is followed by the port"));
        } else if let Ok(received) = serde_json::from_str::<Received>(&line) {
            let (lock, arrived) = &**inbox;
            lock.lock().unwrap_or_else(PoisonError::into_inner).push(received);
            arrived.notify_all();
        }
    }
}

/// The interpreter, when it can import aiosmtpd.
#[expect(clippy::print_stderr, reason = "a skipped test says why on the test's own output")]
fn python() -> Option<String> {
    let python = std::env::var(PYTHON_VARIABLE).ok().filter(|p| !p.is_empty()).unwrap_or_else(|| "python3".into());
    let check =
        Command::new(&python).args(["-c", "import aiosmtpd"]).stdout(Stdio::null()).stderr(Stdio::null()).status();
    if check.is_ok_and(|status| status.success()) {
        return Some(python);
    }
    let reason = format!("`{python} -c 'import aiosmtpd'` failed: run `{python} -m pip install aiosmtpd`");
    if std::env::var(REQUIRE_VARIABLE).is_ok_and(|value| value == "1") {
        panic!("{reason} ({REQUIRE_VARIABLE}=1 requires every test service)");
    }
    eprintln!("skipping: {reason} (or set {PYTHON_VARIABLE} to a Python that has it)");
    None
}
