//! The apology composer: writes the message an excellent agent would write, from the
//! facts of a case, for the customer's channel, and proves it with the linter.
//!
//! ```
//! use amends_core::compose::{ComposeRequest, Composer, ComposerSettings, Form};
//! use amends_core::facts::CaseFacts;
//!
//! let facts = CaseFacts::from_toml(r#"
//! [customer]
//! name = "Dana Whitfield"
//! [incident]
//! what_happened = "we shipped a pink sweater instead of the blue one you ordered"
//! reference = "order #48213"
//! [cause]
//! known = true
//! text = "a labelling error in our warehouse put both colours in the same bin"
//! [fix]
//! text = "a blue sweater in your size left our warehouse this morning by express courier"
//! eta = "2026-11-21"
//! [sender]
//! name = "Sam Ortiz"
//! "#).unwrap();
//! let composer = Composer::new(ComposerSettings::default()).unwrap();
//! let message = composer.compose(&facts, &ComposeRequest::new(Form::Apology, "dana@example.com")).unwrap();
//! let greeting = message.text.lines().next().unwrap();
//! assert!(greeting.contains("Dana") && !greeting.contains("Whitfield"), "{greeting}");
//! assert!(message.text.contains("order #48213"));
//! assert!(message.lint.score >= 80);
//! ```
//!
//! Templates are MiniJinja files (see `docs/composer.md`); the facts are data in their
//! context, never template source. Which phrasing of each element a recipient gets is a
//! stable function of the recipient key and the template version (see [`phrasing`]).

mod context;
mod format;
mod layout;
mod phrasing;
mod templates;

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use minijinja::value::{Serde, Value};
use serde::{Deserialize, Serialize};

use self::layout::{blocks, fits, normalize};
use self::templates::{Templates, template_error};
use crate::channel::Channel;
use crate::facts::{CaseFacts, FactsErrors};
use crate::lint::{LintInput, Linter, LinterSettings, Report, Severity};
use crate::text::SourceKind;

/// The kind of message to compose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Form {
    /// The apology itself: every element of a complete apology.
    #[default]
    Apology,
    /// An incident update: what we know, what we don't know yet, what we are doing, next update by.
    Update,
    /// The resolution notice: it is fixed, how, and what changes.
    Resolution,
    /// The follow-up: a check-in, a named person for extra help, a feedback request, thanks.
    FollowUp,
}

impl Form {
    /// Every form, in display order.
    pub const ALL: [Form; 4] = [Form::Apology, Form::Update, Form::Resolution, Form::FollowUp];

    /// The name used on the command line and in JSON: `apology`, `update`, `resolution`, `follow-up`.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Apology => "apology",
            Form::Update => "update",
            Form::Resolution => "resolution",
            Form::FollowUp => "follow-up",
        }
    }
}

impl fmt::Display for Form {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A form name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown form `{0}`: expected one of apology, update, resolution, follow-up")]
pub struct UnknownForm(pub String);

impl FromStr for Form {
    type Err = UnknownForm;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let wanted = name.trim().to_ascii_lowercase().replace('_', "-");
        Form::ALL
            .into_iter()
            .find(|form| form.as_str() == wanted || (wanted == "followup" && *form == Form::FollowUp))
            .ok_or_else(|| UnknownForm(name.to_owned()))
    }
}

/// Templates that replace or extend the built-in ones, by name (`apology.long.j2`).
///
/// The library does no I/O: the caller reads a folder (`--templates DIR`) into this.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TemplateSource {
    /// `(name, source)` pairs; a name equal to a built-in replaces it.
    pub templates: Vec<(String, String)>,
}

/// How a [`Composer`] writes and gates messages.
#[derive(Debug, Clone)]
pub struct ComposerSettings {
    /// Template overrides; the built-ins alone when `None`.
    pub templates: Option<TemplateSource>,
    /// A lint finding at or above this severity refuses the message.
    pub gate_threshold: Severity,
    /// A lint score below this refuses the message.
    pub min_score: u8,
    /// The linter settings the gate uses.
    pub linter: LinterSettings,
}

impl Default for ComposerSettings {
    fn default() -> Self {
        Self { templates: None, gate_threshold: Severity::Error, min_score: 70, linter: LinterSettings::default() }
    }
}

/// What to compose, and for whom.
#[derive(Debug, Clone, Copy)]
pub struct ComposeRequest<'a> {
    /// The kind of message.
    pub form: Form,
    /// The channel; the facts' `channel` when `None`.
    pub channel: Option<Channel>,
    /// A stable key of the recipient (customer id, email address): it chooses the
    /// phrasing, so a preview with the same key equals the message sent.
    pub recipient_key: &'a str,
    /// Today in the customer's time zone: a letter is dated with it, and dates in another
    /// year get their year. The composer never reads the clock.
    pub today: Option<NaiveDate>,
}

impl<'a> ComposeRequest<'a> {
    /// A request for `form` on the facts' channel, without a date.
    pub fn new(form: Form, recipient_key: &'a str) -> Self {
        Self { form, channel: None, recipient_key, today: None }
    }
}

/// A composed message. Its JSON form is a public contract (`docs/composer.md`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ComposedMessage {
    /// The channel it was written for.
    pub channel: Channel,
    /// The kind of message.
    pub form: Form,
    /// The subject line (email only).
    pub subject: Option<String>,
    /// The plain-text message.
    pub text: String,
    /// The HTML alternative (email) or printable page (letter).
    pub html: Option<String>,
    /// The linter's report on `text`, with the case facts.
    pub lint: Report,
}

/// A message without its lint report: what [`Composer::render`] returns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedMessage {
    /// The channel it was written for.
    pub channel: Channel,
    /// The kind of message.
    pub form: Form,
    /// The subject line (email only).
    pub subject: Option<String>,
    /// The plain-text message.
    pub text: String,
    /// The HTML alternative (email) or printable page (letter).
    pub html: Option<String>,
}

/// Why a message could not be composed.
#[derive(Debug, thiserror::Error)]
pub enum ComposeError {
    /// The facts lack what this form needs on this channel.
    #[error("the facts are not enough for a {form} by {channel}: {errors}")]
    MissingFacts {
        /// The form asked for.
        form: Form,
        /// The channel.
        channel: Channel,
        /// Every missing field, with its path.
        errors: FactsErrors,
    },
    /// A template failed to compile or render.
    #[error("template {name}{}: {message}", line.map(|line| format!(" line {line}")).unwrap_or_default())]
    Template {
        /// The template's name, such as `apology.long.j2`.
        name: String,
        /// The line of the template, when known.
        line: Option<usize>,
        /// The undefined variable or expression, for strict-undefined errors.
        variable: Option<String>,
        /// What went wrong.
        message: String,
    },
    /// The composed message failed the lint gate.
    #[error("the lint gate refused the message (score {}, {} finding(s) at or above the threshold)", report.score, refused_count(report, *threshold))]
    GateRefused {
        /// The linter's report, with the findings that refused it.
        report: Box<Report>,
        /// The severity at or above which a finding refuses.
        threshold: Severity,
        /// The refused message, for a person to review.
        message: Box<RenderedMessage>,
    },
}

fn refused_count(report: &Report, threshold: Severity) -> usize {
    report.diagnostics.iter().filter(|diagnostic| diagnostic.severity >= threshold).count()
}

/// Writes messages from case facts. Compile once, share across threads, call per recipient.
pub struct Composer {
    templates: Templates,
    linter: Linter,
    gate_threshold: Severity,
    min_score: u8,
}

impl fmt::Debug for Composer {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter
            .debug_struct("Composer")
            .field("template_version", &self.template_version())
            .field("gate_threshold", &self.gate_threshold)
            .field("min_score", &self.min_score)
            .finish_non_exhaustive()
    }
}

impl Composer {
    /// Compiles the templates; a syntax error in an override is reported here.
    pub fn new(settings: ComposerSettings) -> Result<Self, ComposeError> {
        Ok(Self {
            templates: Templates::load(settings.templates.as_ref())?,
            linter: Linter::new(settings.linter),
            gate_threshold: settings.gate_threshold,
            min_score: settings.min_score,
        })
    }

    /// The version of the effective template set, as 16 hex digits: a hash of every
    /// template's name and source. Phrasing choices depend on it.
    pub fn template_version(&self) -> String {
        format!("{:016x}", self.templates.version)
    }

    /// Names of the built-in templates, which a template folder may override.
    pub fn builtin_templates() -> impl Iterator<Item = (&'static str, &'static str)> {
        templates::BUILTIN.iter().copied()
    }

    /// Composes, lints and gates one message.
    pub fn compose(&self, facts: &CaseFacts, request: &ComposeRequest<'_>) -> Result<ComposedMessage, ComposeError> {
        let rendered = self.render(facts, request)?;
        let report = self.linter.lint(&LintInput {
            text: &rendered.text,
            path: None,
            channel: Some(rendered.channel),
            kind: SourceKind::Plain,
            facts: Some(facts),
            known_words: &[],
        });
        if report.fails(self.gate_threshold) || report.score < self.min_score {
            return Err(ComposeError::GateRefused {
                report: Box::new(report),
                threshold: self.gate_threshold,
                message: Box::new(rendered),
            });
        }
        let RenderedMessage { channel, form, subject, text, html } = rendered;
        Ok(ComposedMessage { channel, form, subject, text, html, lint: report })
    }

    /// Renders one message without the lint gate (for previews while editing templates).
    pub fn render(&self, facts: &CaseFacts, request: &ComposeRequest<'_>) -> Result<RenderedMessage, ComposeError> {
        let channel = request.channel.unwrap_or(facts.channel);
        context::check_required(facts, request.form, channel).map_err(|errors| ComposeError::MissingFacts {
            form: request.form,
            channel,
            errors,
        })?;
        let seed = phrasing::recipient_seed(request.recipient_key, self.templates.version);
        let mut context = context::build(facts, request.form, channel, seed, request.today);
        let body_name = format!("{}.{}.j2", request.form.as_str(), template_kind(channel));
        let limit = channel.length_limit().hard_chars;
        // Short channels drop optional detail, step by step, until the message fits.
        let text = loop {
            let text = normalize(&self.render_template(&body_name, &Value::from(Serde(&context)))?);
            match limit {
                Some(limit) if context.compact < 2 && !fits(&text, channel == Channel::Sms, limit) => {
                    context.compact += 1;
                }
                _ => break text,
            }
        };
        let context_value = Value::from(Serde(&context));
        let subject = match channel {
            Channel::Email => Some(normalize(&self.render_template("subject.j2", &context_value)?).replace('\n', " ")),
            _ => None,
        };
        let html = match channel {
            Channel::Email | Channel::Letter => {
                let page = minijinja::context! {
                    blocks => Value::from(Serde(blocks(&text))),
                    subject => subject.as_deref(),
                    channel => channel.as_str(),
                    form => request.form.as_str(),
                };
                Some(self.render_template("message.html.j2", &page)?)
            }
            _ => None,
        };
        Ok(RenderedMessage { channel, form: request.form, subject, text, html })
    }

    fn render_template(&self, name: &str, context: &Value) -> Result<String, ComposeError> {
        let template = self.templates.env.get_template(name).map_err(|error| template_error(&error, &[]))?;
        template.render(context).map_err(|error| template_error(&error, &self.templates.sources))
    }
}

/// Which body template serves a channel: email and letter share the long form.
fn template_kind(channel: Channel) -> &'static str {
    match channel {
        Channel::Email | Channel::Letter => "long",
        Channel::Chat => "chat",
        Channel::Sms => "sms",
        Channel::Social => "social",
    }
}

/// A deterministic `Message-ID` for a message to `recipient_key` of `form` about the
/// case `reference`, at `domain`: a resend after a crash reuses it, so the receiving
/// side can drop the duplicate.
pub fn message_id(recipient_key: &str, form: Form, reference: &str, domain: &str) -> String {
    let hash = phrasing::fnv1a(&[recipient_key.as_bytes(), form.as_str().as_bytes(), reference.as_bytes()]);
    format!("<{}.{hash:016x}@{domain}>", form.as_str())
}
