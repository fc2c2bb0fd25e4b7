//! `amends.toml`: finding it and reading it.
//!
//! The file holds one section per feature. Each section is optional and typed; a key the
//! file does not know is an error that names it, so a typo never silently does nothing.
//! A feature adds its section by adding a field to [`Settings`].

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use amends_core::lint::LintConfig;
use anyhow::Context as _;
use serde::Deserialize;

/// The name of the configuration file.
pub(crate) const FILE_NAME: &str = "amends.toml";

/// Everything `amends.toml` can hold.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Settings {
    /// `[lint]`: which rules run, at what severity, on which channel.
    #[serde(default)]
    pub(crate) lint: Option<LintConfig>,
    /// `[server]`: where `amends serve` listens and what it stores into.
    #[serde(default)]
    pub(crate) server: Option<ServerSection>,
    /// `[smtp]`: the mail server outgoing email goes through (else the outbox folder).
    #[serde(default)]
    pub(crate) smtp: Option<amends_delivery::SmtpConfig>,
    /// `[mail]`: the sender and the outbox folder.
    #[serde(default)]
    pub(crate) mail: Option<MailSection>,
    /// `[webhooks]`: the secret webhooks are signed with.
    #[serde(default)]
    pub(crate) webhooks: Option<WebhooksSection>,
    /// `[worker]`: how the delivery worker paces itself.
    #[serde(default)]
    pub(crate) worker: Option<WorkerSection>,
    /// `[links]`: how feedback links are signed and where they point.
    #[serde(default)]
    pub(crate) links: Option<LinksSection>,
    /// `[sla]`: business hours to first response and resolution, per priority.
    #[serde(default)]
    pub(crate) sla: Option<amends_core::sla::SlaConfig>,
    /// `[escalation]`: who is told when a deadline is at risk or missed.
    #[serde(default)]
    pub(crate) escalation: Option<EscalationSection>,
    /// `[calendar]`: the team's working hours and holidays; follow-ups are scheduled in them.
    #[serde(default)]
    pub(crate) calendar: Option<amends_core::calendar::CalendarConfig>,
}

/// The `[mail]` section; `AMENDS_MAIL_FROM` and `AMENDS_OUTBOX_DIR` override it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct MailSection {
    /// The sender of every email, such as `Acme Support <support@acme.example>`.
    pub(crate) from: Option<String>,
    /// Where emails are written as `.eml` files when no SMTP server is configured.
    pub(crate) outbox_dir: Option<PathBuf>,
    /// The right-hand side of Message-IDs (default: the domain of `from`).
    pub(crate) message_id_domain: Option<String>,
}

/// The `[webhooks]` section; `AMENDS_WEBHOOK_SECRET` overrides it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct WebhooksSection {
    /// The signing secret, `whsec_` and base64.
    pub(crate) secret: Option<String>,
}

/// The `[links]` section; `AMENDS_LINK_SECRET` and `AMENDS_PUBLIC_URL` override it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct LinksSection {
    /// The signing key, at least 32 characters of random text.
    pub(crate) secret: Option<String>,
    /// Keys rotated out: links they signed keep working until they expire.
    #[serde(default)]
    pub(crate) previous: Vec<String>,
    /// Where customers reach this server, such as `https://support.example.com`.
    pub(crate) public_url: Option<String>,
    /// How many days a link stays valid (default 30).
    pub(crate) lifetime_days: Option<u32>,
}

/// The `[escalation]` section.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct EscalationSection {
    /// Minutes before a deadline a case counts as at risk (default 60).
    pub(crate) warning_minutes: Option<u32>,
    /// A webhook that receives every escalation, signed with `[webhooks] secret`.
    pub(crate) webhook_url: Option<String>,
    /// A team address that receives every escalation by email.
    pub(crate) team_email: Option<String>,
}

/// The `[worker]` section; the command line overrides it.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct WorkerSection {
    /// Seconds a claim holds a job unless renewed (default 60).
    pub(crate) lease_secs: Option<u64>,
    /// Jobs claimed and recorded together (default 64).
    pub(crate) batch: Option<u32>,
    /// Messages sent at the same time (default 16).
    pub(crate) concurrency: Option<usize>,
    /// Minutes a reply waits after the customer's last message (default 5).
    pub(crate) quiet_minutes: Option<u32>,
    /// Whether `amends serve` runs a worker too (default true).
    pub(crate) in_serve: Option<bool>,
}

/// The `[server]` section. Every key is optional; `AMENDS_DB` and `AMENDS_BIND` override
/// `db` and `bind`, and the command line overrides both.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub(crate) struct ServerSection {
    /// The database URL, such as `sqlite://amends.db` or `postgres://host/amends`.
    pub(crate) db: Option<String>,
    /// The address to listen on, such as `127.0.0.1:8080`.
    pub(crate) bind: Option<String>,
    /// The largest request body accepted, in bytes.
    pub(crate) body_limit: Option<usize>,
    /// Requests a token may send at once.
    pub(crate) rate_limit_burst: Option<u32>,
    /// Requests per second a token may send on average.
    pub(crate) rate_limit_per_second: Option<f64>,
}

/// Settings and the file they came from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Loaded {
    /// The settings; all defaults when there is no file.
    pub(crate) settings: Settings,
    /// The file, when there is one.
    pub(crate) file: Option<ConfigFile>,
}

/// A configuration file that was read.
#[derive(Debug, Clone)]
pub(crate) struct ConfigFile {
    /// The path, as shown in messages.
    pub(crate) path: PathBuf,
    /// The contents, to point at lines in later messages.
    pub(crate) text: String,
}

impl ConfigFile {
    /// `path:line` of the first place `needle` is written as a TOML string, or `path`
    /// alone when it is not found.
    pub(crate) fn locate(&self, needle: &str) -> String {
        let quoted = [format!("\"{needle}\""), format!("'{needle}'")];
        let found = quoted.iter().filter_map(|quoted| self.text.find(quoted.as_str())).min();
        match found {
            Some(offset) => format!("{}:{}", self.path.display(), line_col(&self.text, offset).0),
            None => self.path.display().to_string(),
        }
    }
}

/// A configuration file that is not valid: where, and what is wrong.
#[derive(Debug)]
pub(crate) struct InvalidConfig {
    location: String,
    message: String,
}

impl fmt::Display for InvalidConfig {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for InvalidConfig {}

/// Reads `explicit` when given, else the first `amends.toml` found in `start` or a folder
/// above it, else the defaults.
pub(crate) fn load(explicit: Option<&Path>, start: &Path) -> anyhow::Result<Loaded> {
    let path = match explicit {
        Some(path) => path.to_owned(),
        None => match discover(start) {
            Some(path) => path,
            None => return Ok(Loaded::default()),
        },
    };
    let text =
        fs::read_to_string(&path).with_context(|| format!("cannot read the configuration file {}", path.display()))?;
    let settings = parse(&text, &path)?;
    Ok(Loaded { settings, file: Some(ConfigFile { path, text }) })
}

/// The first `amends.toml` in `start` or one of its ancestors.
pub(crate) fn discover(start: &Path) -> Option<PathBuf> {
    start.ancestors().map(|folder| folder.join(FILE_NAME)).find(|candidate| candidate.is_file())
}

/// Parses the text of a configuration file at `path`.
pub(crate) fn parse(text: &str, path: &Path) -> Result<Settings, InvalidConfig> {
    toml::from_str(text).map_err(|error| {
        let location = match error.span() {
            Some(span) => {
                let (line, column) = line_col(text, span.start);
                format!("{}:{line}:{column}", path.display())
            }
            None => path.display().to_string(),
        };
        let mut message = error.message().trim().to_owned();
        if message.starts_with("unknown field") && error.span().is_some_and(|span| is_top_level(text, span.start)) {
            message = message.replacen("unknown field", "unknown section", 1);
        }
        InvalidConfig { location, message }
    })
}

/// Whether the key at `offset` names a section: the first key of a `[header]`, or a key
/// above the first header.
fn is_top_level(text: &str, offset: usize) -> bool {
    let before = &text[..offset];
    let line_start = before.rfind('\n').map_or(0, |newline| newline + 1);
    let header_prefix = before[line_start..].trim();
    (!header_prefix.is_empty() && header_prefix.chars().all(|ch| ch == '['))
        || !before.lines().any(|line| line.trim_start().starts_with('['))
}

/// 1-based line and column (in characters) of byte `offset` in `text`.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use amends_core::channel::Channel;
    use amends_core::lint::Severity;

    use super::*;

    #[test]
    fn reads_the_lint_section() {
        let settings = parse("[lint]\nchannel = \"sms\"\nfail-on = \"error\"\n", Path::new("amends.toml")).unwrap();
        let lint = settings.lint.unwrap();
        assert_eq!(lint.channel, Some(Channel::Sms));
        assert_eq!(lint.fail_on, Some(Severity::Error));
    }

    #[test]
    fn reads_the_server_section() {
        let text = "[server]\ndb = \"sqlite://cases.db\"\nbind = \"0.0.0.0:9000\"\nbody-limit = 2048\n";
        let server = parse(text, Path::new("amends.toml")).unwrap().server.unwrap();
        assert_eq!(server.db.as_deref(), Some("sqlite://cases.db"));
        assert_eq!(server.bind.as_deref(), Some("0.0.0.0:9000"));
        assert_eq!(server.body_limit, Some(2048));
        assert!(parse("[server]\nport = 1\n", Path::new("amends.toml")).is_err());
    }

    #[test]
    fn an_empty_file_is_all_defaults() {
        assert_eq!(parse("", Path::new("amends.toml")).unwrap(), Settings::default());
    }

    #[test]
    fn unknown_sections_are_named_with_file_and_line() {
        let error = parse("[lint]\nchannel = \"sms\"\n\n[listen]\nport = 1\n", Path::new("amends.toml")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "amends.toml:4:2: unknown section `listen`, expected one of `lint`, `server`, `smtp`, `mail`, `webhooks`, \
             `worker`, `links`, `sla`, `escalation`, `calendar`"
        );
        let error = parse("colour = true\n", Path::new("amends.toml")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "amends.toml:1:1: unknown section `colour`, expected one of `lint`, `server`, `smtp`, `mail`, `webhooks`, \
             `worker`, `links`, `sla`, `escalation`, `calendar`"
        );
    }

    #[test]
    fn errors_inside_a_section_point_at_the_key() {
        let error = parse("[lint]\n\nchanel = \"sms\"\n", Path::new("cfg/amends.toml")).unwrap_err().to_string();
        assert!(error.starts_with("cfg/amends.toml:3:1: unknown field `chanel`, expected one of"), "{error}");
        let error = parse("[lint]\nfail-on = \"fatal\"\n", Path::new("amends.toml")).unwrap_err().to_string();
        assert!(error.starts_with("amends.toml:2:11: unknown variant `fatal`"), "{error}");
        let error = parse("[lint\n", Path::new("amends.toml")).unwrap_err().to_string();
        assert!(error.starts_with("amends.toml:1:"), "{error}");
    }

    #[test]
    fn discovery_walks_up_from_the_start_folder() {
        let root = tempfile::tempdir().unwrap();
        let nested = root.path().join("a/b/c");
        fs::create_dir_all(&nested).unwrap();
        assert_eq!(discover(&nested).filter(|found| found.starts_with(root.path())), None);
        fs::write(root.path().join("a").join(FILE_NAME), "[lint]\n").unwrap();
        assert_eq!(discover(&nested), Some(root.path().join("a").join(FILE_NAME)));
        fs::write(nested.join(FILE_NAME), "").unwrap();
        assert_eq!(discover(&nested), Some(nested.join(FILE_NAME)));
        let loaded = load(None, &root.path().join("a/b")).unwrap();
        assert_eq!(loaded.file.unwrap().path, root.path().join("a").join(FILE_NAME));
    }

    #[test]
    fn locates_a_selector_in_the_file() {
        let file = ConfigFile {
            path: PathBuf::from("amends.toml"),
            text: "[lint]\nselect = [\"AP\",\n  \"NA2O2\"]\n".to_owned(),
        };
        assert_eq!(file.locate("NA2O2"), "amends.toml:3");
        assert_eq!(file.locate("missing"), "amends.toml");
    }
}
