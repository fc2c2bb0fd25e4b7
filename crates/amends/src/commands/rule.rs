//! `amends rule CODE`: one rule's documentation, by code or name.

use std::io::{self, Write};
use std::process::ExitCode;

use amends_core::lint::{Rule, RuleStatus};
use anyhow::anyhow;
use clap::Args;

/// Arguments of `amends rule`.
#[derive(Debug, Args)]
pub(crate) struct RuleArgs {
    /// The rule's code (`NA202`) or name (`conditional-apology`).
    #[arg(value_name = "CODE")]
    rule: String,
}

/// Prints the rule's documentation.
pub(crate) fn run(args: &RuleArgs) -> anyhow::Result<ExitCode> {
    let rule = Rule::find(&args.rule).ok_or_else(|| unknown_rule(&args.rule))?;
    let mut out = io::stdout().lock();
    writeln!(out, "{} {}", rule.code(), rule.name())?;
    writeln!(out, "{}", rule.summary())?;
    writeln!(out)?;
    writeln!(
        out,
        "Severity: {} (default) · Status: {} · Category: {}",
        rule.default_severity(),
        status(rule),
        rule.category().label()
    )?;
    writeln!(out)?;
    write!(out, "{}", rule.doc())?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// The lowercase status of a rule.
pub(crate) fn status(rule: Rule) -> &'static str {
    match rule.status() {
        RuleStatus::Stable => "stable",
        RuleStatus::Preview => "preview",
        RuleStatus::Deprecated => "deprecated",
    }
}

fn unknown_rule(given: &str) -> anyhow::Error {
    let help = match closest(given) {
        Some(rule) => format!("did you mean `{}` ({})?", rule.code(), rule.name()),
        None => "`amends rules` lists every rule".to_owned(),
    };
    anyhow!("`{given}` is not a rule code or name\n  help: {help}")
}

/// The rule whose code or name is a plausible misspelling of `given`.
pub(crate) fn closest(given: &str) -> Option<Rule> {
    let given = given.trim().to_ascii_lowercase();
    Rule::ALL
        .iter()
        .filter_map(|&rule| {
            let code = edit_distance(&given, &rule.code().to_ascii_lowercase());
            let name = edit_distance(&given, rule.name());
            // A word of the name (`spelling` for `misspelling`) is close too.
            let part =
                (given.len() >= 4 && rule.name().contains(given.as_str())).then(|| rule.name().len() - given.len());
            let close = code <= 2 || name <= (rule.name().len() / 4).max(2) || part.is_some();
            close.then_some((code.min(name).min(part.unwrap_or(usize::MAX)), rule))
        })
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, rule)| rule)
}

/// Levenshtein distance in characters.
fn edit_distance(left: &str, right: &str) -> usize {
    let right: Vec<char> = right.chars().collect();
    let mut previous: Vec<usize> = (0..=right.len()).collect();
    for (row, left_char) in left.chars().enumerate() {
        let mut current = vec![row + 1];
        for (column, &right_char) in right.iter().enumerate() {
            let substitute = previous[column] + usize::from(left_char != right_char);
            current.push(substitute.min(previous[column + 1] + 1).min(current[column] + 1));
        }
        previous = current;
    }
    previous[right.len()]
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case("NA2O2", Some(Rule::ConditionalApology))]
    #[case("conditonal-apology", Some(Rule::ConditionalApology))]
    #[case("shifting-blames", Some(Rule::ShiftingBlame))]
    #[case("spelling", Some(Rule::Misspelling))]
    #[case("blame", Some(Rule::ShiftingBlame))]
    #[case("formality", None)]
    #[case("XX999", None)]
    fn suggests_close_codes_and_names(#[case] given: &str, #[case] expected: Option<Rule>) {
        assert_eq!(closest(given), expected);
    }

    #[test]
    fn edit_distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("same", "same"), 0);
    }
}
