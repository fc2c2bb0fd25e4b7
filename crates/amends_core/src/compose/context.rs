//! The template context: every fact a template may use, already cleaned and formatted.
//!
//! Templates never see the raw facts. Each text fact is trimmed, loses its final full
//! stop (templates punctuate), and loses control characters and the line-break marker;
//! on SMS, typographic quotes and dashes become their plain GSM-7 equivalents. Dates and
//! amounts are formatted for the customer's locale here, so templates only place them.
//! Every key is always present (`none` when the fact is absent), so the strict undefined
//! behaviour catches typos in templates instead of hiding them.

use std::borrow::Cow;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Serialize;

use super::Form;
use super::format::Locale;
use super::layout::{LINE_BREAK, plain_punctuation};
use crate::channel::Channel;
use crate::facts::{CaseFacts, ContactChannel, FactsError, FactsErrors, RemedyKind, Severity};
use crate::listen::{Taxonomy, analyze_thread};

/// Everything a template can read.
#[derive(Debug, Serialize)]
pub(crate) struct Context<'a> {
    pub form: &'static str,
    pub channel: &'static str,
    pub seed: u64,
    pub compact: u8,
    pub intensity: u8,
    pub tone: &'static str,
    pub repeat: Option<Repeat>,
    pub upset: bool,
    pub complained: bool,
    pub br: &'static str,
    pub customer: CustomerContext<'a>,
    pub incident: IncidentContext<'a>,
    pub cause: Option<CauseContext<'a>>,
    pub fix: Option<FixContext<'a>>,
    pub prevention: Option<Cow<'a, str>>,
    pub remedy: Option<RemedyContext>,
    pub choices: Vec<ChoiceContext<'a>>,
    pub follow_up: Option<FollowUpContext<'a>>,
    pub sender: SenderContext<'a>,
    pub update: Option<UpdateContext<'a>>,
    pub resolution: Option<ResolutionContext<'a>>,
    pub today: Option<String>,
    pub links: Links,
}

#[derive(Debug, Serialize)]
pub(crate) struct Repeat {
    pub previous: u32,
    pub ordinal: Cow<'static, str>,
}

#[derive(Debug, Serialize)]
pub(crate) struct CustomerContext<'a> {
    pub greeting: Cow<'a, str>,
    pub name: Cow<'a, str>,
    /// Whether the greeting name may appear in public: not when it is the surname.
    pub public_name: bool,
}

#[derive(Debug, Serialize)]
pub(crate) struct IncidentContext<'a> {
    pub what: Cow<'a, str>,
    pub reference: Option<Cow<'a, str>>,
    pub happened_on: Option<String>,
    pub impact: Option<Cow<'a, str>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct CauseContext<'a> {
    pub known: bool,
    pub text: Option<Cow<'a, str>>,
    pub why_unknown: Option<Cow<'a, str>>,
    pub known_by: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct FixContext<'a> {
    pub text: Cow<'a, str>,
    pub eta: Option<String>,
}

#[derive(Debug, Serialize)]
pub(crate) struct RemedyContext {
    pub phrase: String,
    pub kind: &'static str,
}

#[derive(Debug, Serialize)]
pub(crate) struct ChoiceContext<'a> {
    pub number: usize,
    pub label: Cow<'a, str>,
    pub pros: Option<Cow<'a, str>>,
    pub cons: Option<Cow<'a, str>>,
    pub url: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct FollowUpContext<'a> {
    pub owner: Cow<'a, str>,
    pub owner_first: Cow<'a, str>,
    pub by_sender: bool,
    pub verb: &'static str,
    pub medium: &'static str,
    pub at: Option<String>,
    pub contact: Option<Cow<'a, str>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct SenderContext<'a> {
    pub name: Cow<'a, str>,
    pub first_name: Cow<'a, str>,
    pub title: Option<Cow<'a, str>>,
    pub company: Option<Cow<'a, str>>,
}

#[derive(Debug, Serialize)]
pub(crate) struct UpdateContext<'a> {
    pub known: Cow<'a, str>,
    pub unknown: Option<Cow<'a, str>>,
    pub doing: Cow<'a, str>,
    pub next_update_at: String,
}

#[derive(Debug, Serialize)]
pub(crate) struct ResolutionContext<'a> {
    pub resolved_on: String,
    pub text: Option<Cow<'a, str>>,
}

/// The link tokens the server replaces with signed links after composing.
#[derive(Debug, Serialize)]
pub(crate) struct Links {
    pub csat: &'static str,
    pub nps: &'static str,
    pub feedback: &'static str,
}

/// How strongly the customer feels, at or above which the message is written for an
/// upset customer.
const UPSET: f64 = 0.6;

/// Checks that `facts` hold what `form` needs on `channel`, naming every missing field.
pub(crate) fn check_required(facts: &CaseFacts, form: Form, channel: Channel) -> Result<(), FactsErrors> {
    let mut errors = Vec::new();
    let mut need = |present: bool, path: &str, message: &str| {
        if !present {
            errors.push(FactsError { path: path.to_owned(), message: format!("missing: {message}") });
        }
    };
    let long = matches!(channel, Channel::Email | Channel::Letter | Channel::Chat);
    need(facts.sender.is_some(), "sender", "who signs the message ([sender] name = \"…\")");
    match form {
        Form::Apology => {
            need(facts.fix.is_some(), "fix", "what is being done for the customer now ([fix] text = \"…\")");
            if channel != Channel::Social && facts.fix.is_some() {
                need(
                    facts.fix.as_ref().is_some_and(|fix| fix.eta.is_some()),
                    "fix.eta",
                    "when the fix will be complete (YYYY-MM-DD)",
                );
            }
            if long {
                need(
                    facts.cause.is_some(),
                    "cause",
                    "why it happened ([cause] known = true, text = \"…\"), or known = false with known_by",
                );
            }
            if long && facts.customer.is_repeat() {
                need(
                    facts.prevention.is_some(),
                    "prevention.text",
                    "a repeat customer (customer.previous_incidents > 0) must be told what is different now",
                );
            }
        }
        Form::Update => {
            need(facts.update.is_some(), "update", "what we know, what we are doing and when the next update comes");
        }
        Form::Resolution => {
            need(facts.resolution.is_some(), "resolution", "when it was put right ([resolution] resolved_on = …)");
            need(facts.fix.is_some() || has_resolution_text(facts), "resolution.text", "what was done to put it right");
        }
        Form::FollowUp => {
            need(facts.follow_up.is_some(), "follow_up", "who is checking in, and how ([follow_up] owner, channel)");
            need(facts.fix.is_some() || has_resolution_text(facts), "fix", "what was done for the customer");
        }
    }
    if errors.is_empty() { Ok(()) } else { Err(FactsErrors(errors)) }
}

fn has_resolution_text(facts: &CaseFacts) -> bool {
    facts.resolution.as_ref().is_some_and(|resolution| resolution.text.is_some())
}

/// Builds the context for one recipient.
/// The default complaint taxonomy, built once; only the intensity of a reading is used here.
static TAXONOMY: LazyLock<Taxonomy> = LazyLock::new(Taxonomy::default);

/// How strongly the customer feels (0–1): the agent's judgement when the facts give one,
/// otherwise a reading of the customer's own messages, so a furious thread gets a stronger
/// apology than a calm question.
fn upset_level(facts: &CaseFacts) -> f64 {
    let Some(complaint) = facts.complaint.as_ref() else {
        return 0.0;
    };
    complaint.intensity.unwrap_or_else(|| {
        if complaint.messages.is_empty() { 0.0 } else { analyze_thread(&complaint.messages, &TAXONOMY).intensity }
    })
}

pub(crate) fn build<'a>(
    facts: &'a CaseFacts,
    form: Form,
    channel: Channel,
    seed: u64,
    today: Option<NaiveDate>,
) -> Context<'a> {
    let sms = channel == Channel::Sms;
    let locale = Locale::from_tag(facts.customer.locale.as_deref());
    let text = |value: &'a str| clean(value, sms);
    let clause_of = |value: &'a str| clause(clean(value, sms));
    let when = |value: crate::facts::When| locale.when(value, today);
    let upset_level = upset_level(facts);
    let repeat = facts.customer.is_repeat().then(|| Repeat {
        previous: facts.customer.previous_incidents,
        ordinal: ordinal(facts.customer.previous_incidents + 1),
    });
    let base = match facts.severity {
        Severity::Low => 0,
        Severity::Medium => 1,
        Severity::High => 2,
        Severity::Critical => 3,
    };
    let intensity = (base + u8::from(repeat.is_some()) + u8::from(upset_level >= UPSET)).min(3);
    let sender = facts.sender.as_ref();
    let sender_name = sender.map_or(Cow::Borrowed(""), |sender| text(&sender.name));
    let follow_up = facts.follow_up.as_ref().map(|follow_up| {
        let owner = text(&follow_up.owner);
        let (verb, medium) = match follow_up.channel {
            ContactChannel::Email => ("email", "an email"),
            ContactChannel::Phone => ("call", "a call"),
            ContactChannel::Chat => ("message", "a message"),
            ContactChannel::Sms => ("text", "a text message"),
            ContactChannel::Letter => ("write to", "a letter"),
            ContactChannel::Video => ("call", "a video call"),
        };
        FollowUpContext {
            owner_first: first_word(&owner),
            by_sender: owner.eq_ignore_ascii_case(&sender_name),
            owner,
            verb,
            medium,
            at: follow_up.at.map(when),
            contact: follow_up.contact.as_deref().map(text),
        }
    });
    Context {
        form: form.as_str(),
        channel: channel.as_str(),
        seed,
        compact: 0,
        intensity,
        tone: ["low", "medium", "high", "critical"][intensity as usize],
        repeat,
        upset: upset_level >= UPSET,
        complained: facts.complaint.as_ref().is_some_and(|complaint| !complaint.messages.is_empty()),
        br: LINE_BREAK_STR,
        customer: CustomerContext {
            greeting: text(facts.customer.greeting_name()),
            name: text(&facts.customer.name),
            public_name: is_public_name(&facts.customer),
        },
        incident: IncidentContext {
            what: clause_of(&facts.incident.what_happened),
            reference: facts.incident.reference.as_deref().map(text),
            happened_on: facts.incident.happened_on.map(|day| locale.date(day, today)),
            impact: facts.incident.impact.as_deref().map(clause_of),
        },
        cause: facts.cause.as_ref().map(|cause| CauseContext {
            known: cause.known,
            text: cause.text.as_deref().map(clause_of),
            why_unknown: cause.why_unknown.as_deref().map(clause_of),
            known_by: cause.known_by.map(when),
        }),
        fix: facts.fix.as_ref().map(|fix| FixContext { text: clause_of(&fix.text), eta: fix.eta.map(when) }),
        prevention: facts.prevention.as_ref().map(|prevention| clause_of(&prevention.text)),
        remedy: facts.remedy.as_ref().filter(|remedy| remedy.kind != RemedyKind::None).map(|remedy| {
            let amount =
                remedy.amount_minor().map(|minor| locale.money(minor, remedy.currency.as_deref().unwrap_or("USD")));
            RemedyContext { phrase: remedy_phrase(remedy, amount, sms), kind: remedy_kind(remedy.kind) }
        }),
        choices: facts
            .choices
            .iter()
            .enumerate()
            .map(|(index, choice)| ChoiceContext {
                number: index + 1,
                label: clause_of(&choice.label),
                pros: choice.pros.as_deref().map(clause_of),
                cons: choice.cons.as_deref().map(clause_of),
                url: format!("{{choice_url:{}}}", index + 1),
            })
            .collect(),
        follow_up,
        sender: SenderContext {
            first_name: first_word(&sender_name),
            name: sender_name,
            title: sender.and_then(|sender| sender.title.as_deref()).map(text),
            company: sender.and_then(|sender| sender.company.as_deref()).map(text),
        },
        update: facts.update.as_ref().map(|update| UpdateContext {
            known: clause_of(&update.known),
            unknown: update.unknown.as_deref().map(clause_of),
            doing: clause_of(&update.doing),
            next_update_at: when(update.next_update_at),
        }),
        resolution: facts.resolution.as_ref().map(|resolution| ResolutionContext {
            resolved_on: when(resolution.resolved_on),
            text: resolution.text.as_deref().map(clause_of),
        }),
        today: today.map(|day| locale.date(day, None)),
        links: Links { csat: "{csat_url}", nps: "{nps_url}", feedback: "{feedback_url}" },
    }
}

const LINE_BREAK_STR: &str = "\u{2028}";

/// A fact as data: trimmed, without control characters or the line-break marker, with
/// plain punctuation on SMS.
fn clean(value: &str, sms: bool) -> Cow<'_, str> {
    let trimmed = value.trim();
    let needs_cleaning = trimmed.chars().any(|ch| ch.is_control() || ch == LINE_BREAK || ch == '\u{2029}');
    let cleaned: Cow<'_, str> = if needs_cleaning {
        Cow::Owned(
            trimmed
                .chars()
                .map(|ch| if ch.is_control() || ch == LINE_BREAK || ch == '\u{2029}' { ' ' } else { ch })
                .collect(),
        )
    } else {
        Cow::Borrowed(trimmed)
    };
    if sms {
        match cleaned {
            Cow::Borrowed(text) => plain_punctuation(text),
            Cow::Owned(text) => Cow::Owned(plain_punctuation(&text).into_owned()),
        }
    } else {
        cleaned
    }
}

/// A fact placed inside a sentence: no final full stop, and a leading pronoun or article
/// in lower case ("We shipped…" → "we shipped…"); names keep their capitals.
fn clause(text: Cow<'_, str>) -> Cow<'_, str> {
    let trimmed_len = text.trim_end_matches(['.', ' ']).len();
    let first_word = text.split_whitespace().next().unwrap_or("");
    let lower_first = matches!(
        first_word,
        "We" | "Our" | "The" | "A" | "An" | "Your" | "It" | "This" | "That" | "My" | "Their" | "Its" | "Some" | "Every"
    );
    if trimmed_len == text.len() && !lower_first {
        return text;
    }
    let mut owned = text[..trimmed_len].to_owned();
    if lower_first {
        owned[..1].make_ascii_lowercase();
    }
    Cow::Owned(owned)
}

/// A greeting name that is the customer's surname ("Mr. Whitfield" → "Whitfield") must
/// not appear in a public reply.
fn is_public_name(customer: &crate::facts::Customer) -> bool {
    let surname = customer.name.split_whitespace().skip(1).last();
    let greeting = customer.greeting_name();
    !greeting.is_empty() && surname.is_none_or(|surname| !surname.eq_ignore_ascii_case(greeting))
}

fn first_word<'a>(name: &Cow<'a, str>) -> Cow<'a, str> {
    match name {
        Cow::Borrowed(text) => Cow::Borrowed(text.split_whitespace().next().unwrap_or(text)),
        Cow::Owned(text) => Cow::Owned(text.split_whitespace().next().unwrap_or(text).to_owned()),
    }
}

fn ordinal(number: u32) -> Cow<'static, str> {
    const WORDS: [&str; 9] = ["second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
    match number {
        2..=10 => Cow::Borrowed(WORDS[number as usize - 2]),
        _ => Cow::Owned(format!("{number}th")),
    }
}

fn remedy_kind(kind: RemedyKind) -> &'static str {
    match kind {
        RemedyKind::Refund => "refund",
        RemedyKind::Replacement => "replacement",
        RemedyKind::Credit => "credit",
        RemedyKind::Discount => "discount",
        RemedyKind::Gift => "gift",
        RemedyKind::None => "none",
    }
}

/// The remedy as a noun phrase that fits "you will receive …".
fn remedy_phrase(remedy: &crate::facts::Remedy, amount: Option<String>, sms: bool) -> String {
    if let Some(text) = remedy.text.as_deref() {
        let text = clause(clean(text, sms));
        return match amount {
            Some(amount) if !text.bytes().any(|byte| byte.is_ascii_digit()) => format!("{text} ({amount})"),
            _ => text.into_owned(),
        };
    }
    let amount = amount.unwrap_or_default();
    match remedy.kind {
        RemedyKind::Refund => format!("a refund of {amount}"),
        RemedyKind::Credit => format!("a {amount} credit on your account"),
        RemedyKind::Discount => format!("{amount} off your next order"),
        RemedyKind::Gift => format!("a {amount} gift card"),
        RemedyKind::Replacement => "a replacement at no cost to you".to_owned(),
        RemedyKind::None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_become_clean_clauses() {
        assert_eq!(clause(clean("  We shipped the wrong one.  ", false)), "we shipped the wrong one");
        assert_eq!(clause(clean("Dana's order was late", false)), "Dana's order was late");
        assert_eq!(clean("you’d planned it\u{2028}— really", true), "you'd planned it - really");
        assert_eq!(ordinal(2), "second");
        assert_eq!(ordinal(12), "12th");
    }
}
