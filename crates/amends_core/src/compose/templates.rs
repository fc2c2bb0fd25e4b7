//! The template environment: built-in templates, overrides, filters and functions.

use minijinja::value::Value;
use minijinja::{AutoEscape, Environment, Error, ErrorKind, State, UndefinedBehavior};

use super::phrasing::{fnv1a, pick};
use super::{ComposeError, TemplateSource};

/// The built-in templates, shipped in the binary.
pub(crate) const BUILTIN: &[(&str, &str)] = &[
    ("parts/greeting.j2", include_str!("../../templates/parts/greeting.j2")),
    ("parts/impact.j2", include_str!("../../templates/parts/impact.j2")),
    ("parts/cause.j2", include_str!("../../templates/parts/cause.j2")),
    ("parts/remedy.j2", include_str!("../../templates/parts/remedy.j2")),
    ("parts/prevention.j2", include_str!("../../templates/parts/prevention.j2")),
    ("parts/follow-up.j2", include_str!("../../templates/parts/follow-up.j2")),
    ("parts/signature.j2", include_str!("../../templates/parts/signature.j2")),
    ("subject.j2", include_str!("../../templates/subject.j2")),
    ("message.html.j2", include_str!("../../templates/message.html.j2")),
    ("apology.long.j2", include_str!("../../templates/apology.long.j2")),
    ("apology.chat.j2", include_str!("../../templates/apology.chat.j2")),
    ("apology.sms.j2", include_str!("../../templates/apology.sms.j2")),
    ("apology.social.j2", include_str!("../../templates/apology.social.j2")),
    ("update.long.j2", include_str!("../../templates/update.long.j2")),
    ("update.chat.j2", include_str!("../../templates/update.chat.j2")),
    ("update.sms.j2", include_str!("../../templates/update.sms.j2")),
    ("update.social.j2", include_str!("../../templates/update.social.j2")),
    ("resolution.long.j2", include_str!("../../templates/resolution.long.j2")),
    ("resolution.chat.j2", include_str!("../../templates/resolution.chat.j2")),
    ("resolution.sms.j2", include_str!("../../templates/resolution.sms.j2")),
    ("resolution.social.j2", include_str!("../../templates/resolution.social.j2")),
    ("follow-up.long.j2", include_str!("../../templates/follow-up.long.j2")),
    ("follow-up.chat.j2", include_str!("../../templates/follow-up.chat.j2")),
    ("follow-up.sms.j2", include_str!("../../templates/follow-up.sms.j2")),
    ("follow-up.social.j2", include_str!("../../templates/follow-up.social.j2")),
];

/// The compiled templates and the version that seeds phrasing choices.
pub(crate) struct Templates {
    pub env: Environment<'static>,
    pub version: u64,
    /// The effective sources by name, to quote an undefined expression in errors.
    pub sources: Vec<(String, String)>,
}

impl Templates {
    /// Compiles the built-ins, replaced or extended by `overrides`.
    pub(crate) fn load(overrides: Option<&TemplateSource>) -> Result<Self, ComposeError> {
        let mut sources: Vec<(String, String)> =
            BUILTIN.iter().map(|(name, source)| ((*name).to_owned(), (*source).to_owned())).collect();
        if let Some(overrides) = overrides {
            for (name, source) in &overrides.templates {
                match sources.iter_mut().find(|(existing, _)| existing == name) {
                    Some(slot) => slot.1.clone_from(source),
                    None => sources.push((name.clone(), source.clone())),
                }
            }
        }
        sources.sort_by(|left, right| left.0.cmp(&right.0));
        let mut parts: Vec<&[u8]> = Vec::with_capacity(sources.len() * 2);
        for (name, source) in &sources {
            parts.push(name.as_bytes());
            parts.push(source.as_bytes());
        }
        let version = fnv1a(&parts);

        let mut env = Environment::new();
        env.set_undefined_behavior(UndefinedBehavior::Strict);
        env.set_auto_escape_callback(
            |name| {
                if name.ends_with(".html.j2") { AutoEscape::Html } else { AutoEscape::None }
            },
        );
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .trim_blocks(true)
                .lstrip_blocks(true)
                .build()
                .map_err(|error| template_error(&error, &[]))?,
        );
        env.add_function("pick", pick_function);
        env.add_filter("upfirst", upfirst);
        env.add_filter("links", links);
        for (name, source) in &sources {
            env.add_template_owned(name.clone(), source.clone()).map_err(|error| template_error(&error, &sources))?;
        }
        Ok(Self { env, version, sources })
    }
}

/// `pick("element", n)`: which of `n` phrasings this recipient gets (0-based).
fn pick_function(state: &State<'_, '_>, element: &str, count: u32) -> Result<u32, Error> {
    let seed = state
        .lookup("seed")
        .and_then(|seed| u64::try_from(seed).ok())
        .ok_or_else(|| Error::new(ErrorKind::UndefinedError, "pick() needs the `seed` of the recipient"))?;
    Ok(pick(seed, element, u64::from(count.max(1))) as u32)
}

/// Upper-cases the first letter only: "we shipped Dana's order" → "We shipped Dana's order".
fn upfirst(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Escapes text for HTML and turns the server's link tokens into links.
fn links(text: &str) -> Value {
    let mut html = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let (before, tail) = rest.split_at(start);
        escape_into(before, &mut html);
        match tail.find('}').map(|end| &tail[..=end]).filter(|token| is_link_token(token)) {
            Some(token) => {
                html.push_str("<a href=\"");
                html.push_str(token);
                html.push_str("\" style=\"color:#1a56db\">");
                html.push_str(link_label(token));
                html.push_str("</a>");
                rest = &tail[token.len()..];
            }
            None => {
                html.push('{');
                rest = &tail[1..];
            }
        }
    }
    escape_into(rest, &mut html);
    Value::from_safe_string(html)
}

fn is_link_token(token: &str) -> bool {
    let inner = &token[1..token.len() - 1];
    let (name, number) = inner.split_once(':').unwrap_or((inner, ""));
    matches!(name, "choice_url" | "feedback_url" | "csat_url" | "nps_url")
        && number.bytes().all(|byte| byte.is_ascii_digit())
}

fn link_label(token: &str) -> &'static str {
    if token.starts_with("{choice_url") {
        "Choose this option"
    } else if token.starts_with("{nps_url") {
        "Answer one question"
    } else {
        "Tell us how we did"
    }
}

fn escape_into(text: &str, html: &mut String) {
    for ch in text.chars() {
        match ch {
            '&' => html.push_str("&amp;"),
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#x27;"),
            other => html.push(other),
        }
    }
}

/// A MiniJinja error as a [`ComposeError::Template`], naming the template, the line and,
/// for an undefined value, the expression that was undefined.
pub(crate) fn template_error(error: &Error, sources: &[(String, String)]) -> ComposeError {
    let name = error.name().unwrap_or("?").to_owned();
    let expression = error.range().and_then(|range| {
        sources.iter().find(|(source_name, _)| *source_name == name).and_then(|(_, source)| source.get(range))
    });
    let variable = (error.kind() == ErrorKind::UndefinedError).then(|| expression.map(str::to_owned)).flatten();
    let mut message = error.detail().map_or_else(|| error.kind().to_string(), str::to_owned);
    if let Some(variable) = &variable {
        message = format!("`{variable}` is undefined ({message})");
    }
    ComposeError::Template { name, line: error.line(), variable, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_escape_text_and_link_tokens() {
        let html = links("Pick <b>one</b> & go: {choice_url:2} {not_a_token} {csat_url}");
        assert_eq!(
            html.as_str().unwrap(),
            "Pick &lt;b&gt;one&lt;/b&gt; &amp; go: <a href=\"{choice_url:2}\" style=\"color:#1a56db\">Choose this option</a> {not_a_token} <a href=\"{csat_url}\" style=\"color:#1a56db\">Tell us how we did</a>"
        );
    }

    #[test]
    fn upfirst_keeps_the_rest() {
        assert_eq!(upfirst("we shipped Dana's order"), "We shipped Dana's order");
        assert_eq!(upfirst(""), "");
    }
}
