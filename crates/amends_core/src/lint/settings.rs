//! Which rules run, at what severity, on which channel: from `[lint]` in `amends.toml`
//! and from command-line flags.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::codes::Rule;
use super::rule::{RuleStatus, Severity};
use crate::channel::Channel;
use crate::prose::Dialect;

/// The `[lint]` section of `amends.toml`.
///
/// ```toml
/// [lint]
/// channel = "email"            # default channel when a file does not say
/// fail-on = "warning"          # error | warning | info: the lowest severity that fails
/// dialect = "british"          # spelling convention for ST301
/// select = ["AP", "NA", "ST"]  # rules to run (codes, prefixes, names, or "ALL")
/// extend-select = ["CX"]       # added to select
/// ignore = ["ST305"]           # removed from the selection
/// known-words = ["Northwind"]  # never misspellings, never unexplained acronyms
/// [lint.severity]
/// NA210 = "info"
/// minimizing = "error"
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LintConfig {
    /// Default channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<Channel>,
    /// Lowest severity that makes `amends lint` exit with 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<Severity>,
    /// Spelling convention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dialect: Option<Dialect>,
    /// Rules to run; all stable rules when absent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<Vec<String>>,
    /// Rules added to `select`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extend_select: Vec<String>,
    /// Rules removed from the selection.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Severity per rule code or name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Severity>,
    /// Words that are never misspellings or jargon: product and company names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub known_words: Vec<String>,
}

/// Rule selection given on the command line; it replaces or extends the config's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SelectionOverrides {
    /// `--select`: replaces the config's `select`.
    pub select: Option<Vec<String>>,
    /// `--extend-select`: added.
    pub extend_select: Vec<String>,
    /// `--ignore`: removed.
    pub ignore: Vec<String>,
}

/// A setting that names no rule, or is otherwise unusable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SettingsError {
    /// A selector that matches no rule code, prefix or name.
    #[error("{setting}: `{selector}` is not a rule code, prefix or name (see `amends rules`)")]
    UnknownSelector {
        /// Where it was given (`lint.select`, `--ignore`, …).
        setting: String,
        /// What was given.
        selector: String,
    },
}

/// The resolved settings of a [`Linter`](super::Linter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinterSettings {
    enabled: Vec<Rule>,
    severities: BTreeMap<Rule, Severity>,
    /// Channel of a message that does not say.
    pub channel: Channel,
    /// Lowest severity that fails a check.
    pub fail_on: Severity,
    /// Spelling convention.
    pub dialect: Dialect,
    /// Words that are never misspellings or jargon.
    pub known_words: Vec<String>,
}

impl Default for LinterSettings {
    fn default() -> Self {
        Self {
            enabled: Rule::ALL.iter().copied().filter(|rule| rule.status() == RuleStatus::Stable).collect(),
            severities: BTreeMap::new(),
            channel: Channel::Email,
            fail_on: Severity::Warning,
            dialect: Dialect::American,
            known_words: Vec::new(),
        }
    }
}

impl LinterSettings {
    /// Settings that run exactly `rules`.
    pub fn only(rules: &[Rule]) -> Self {
        Self { enabled: rules.to_vec(), ..Self::default() }
    }

    /// Resolves a config section and command-line overrides.
    pub fn resolve(config: &LintConfig, overrides: &SelectionOverrides) -> Result<Self, SettingsError> {
        let (select, select_setting) = match (&overrides.select, &config.select) {
            (Some(select), _) => (Some(select), "--select"),
            (None, Some(select)) => (Some(select), "lint.select"),
            (None, None) => (None, ""),
        };
        let mut enabled: Vec<Rule> = match select {
            Some(selectors) => resolve_all(selectors, select_setting)?,
            None => Rule::ALL.iter().copied().filter(|rule| rule.status() == RuleStatus::Stable).collect(),
        };
        enabled.extend(resolve_all(&config.extend_select, "lint.extend-select")?);
        enabled.extend(resolve_all(&overrides.extend_select, "--extend-select")?);
        let ignored: Vec<Rule> = resolve_all(&config.ignore, "lint.ignore")?
            .into_iter()
            .chain(resolve_all(&overrides.ignore, "--ignore")?)
            .collect();
        enabled.retain(|rule| !ignored.contains(rule));
        enabled.sort_unstable();
        enabled.dedup();
        let mut severities = BTreeMap::new();
        for (selector, severity) in &config.severity {
            for rule in resolve(selector, "lint.severity")? {
                severities.insert(rule, *severity);
            }
        }
        Ok(Self {
            enabled,
            severities,
            channel: config.channel.unwrap_or_default(),
            fail_on: config.fail_on.unwrap_or(Severity::Warning),
            dialect: config.dialect.unwrap_or_default(),
            known_words: config.known_words.clone(),
        })
    }

    /// The rules that run, in code order.
    pub fn enabled(&self) -> &[Rule] {
        &self.enabled
    }

    /// Whether `rule` runs.
    pub fn is_enabled(&self, rule: Rule) -> bool {
        self.enabled.binary_search(&rule).is_ok()
    }

    /// The severity `rule` reports at.
    pub fn severity(&self, rule: Rule) -> Severity {
        self.severities.get(&rule).copied().unwrap_or_else(|| rule.default_severity())
    }

    /// Changes the severity of `rule`.
    pub fn set_severity(&mut self, rule: Rule, severity: Severity) {
        self.severities.insert(rule, severity);
    }
}

fn resolve_all(selectors: &[String], setting: &str) -> Result<Vec<Rule>, SettingsError> {
    let mut rules = Vec::new();
    for selector in selectors {
        rules.extend(resolve(selector, setting)?);
    }
    Ok(rules)
}

/// The rules a selector names: `ALL`, a code (`NA202`), a prefix (`NA`, `NA2`) or a name
/// (`conditional-apology`). Preview and deprecated rules are selected only by their code.
pub(crate) fn resolve(selector: &str, setting: &str) -> Result<Vec<Rule>, SettingsError> {
    let wanted = selector.trim();
    let unknown = || SettingsError::UnknownSelector { setting: setting.to_owned(), selector: selector.to_owned() };
    if wanted.is_empty() {
        return Err(unknown());
    }
    if let Some(rule) = Rule::find(wanted) {
        return Ok(vec![rule]);
    }
    let upper = wanted.to_ascii_uppercase();
    let rules: Vec<Rule> = Rule::ALL
        .iter()
        .copied()
        .filter(|rule| rule.status() == RuleStatus::Stable && (upper == "ALL" || rule.code().starts_with(&upper)))
        .collect();
    if rules.is_empty() { Err(unknown()) } else { Ok(rules) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(values: &[&str]) -> Vec<String> {
        values.iter().map(|value| (*value).to_owned()).collect()
    }

    #[test]
    fn defaults_run_every_stable_rule() {
        let settings = LinterSettings::default();
        assert_eq!(settings.enabled().len(), Rule::ALL.len());
        assert_eq!(settings.fail_on, Severity::Warning);
    }

    #[test]
    fn select_prefixes_names_and_ignore() {
        let config = LintConfig {
            select: Some(strings(&["NA2", "missing-fix"])),
            ignore: strings(&["NA210"]),
            ..LintConfig::default()
        };
        let overrides = SelectionOverrides { extend_select: strings(&["ST306"]), ..SelectionOverrides::default() };
        let settings = LinterSettings::resolve(&config, &overrides).unwrap();
        assert!(settings.is_enabled(Rule::ConditionalApology));
        assert!(settings.is_enabled(Rule::MissingFix));
        assert!(settings.is_enabled(Rule::UnfilledPlaceholder));
        assert!(!settings.is_enabled(Rule::CannedCliche));
        assert!(!settings.is_enabled(Rule::MissingApology));
    }

    #[test]
    fn command_line_select_replaces_config_select() {
        let config = LintConfig { select: Some(strings(&["NA"])), ..LintConfig::default() };
        let overrides = SelectionOverrides { select: Some(strings(&["AP101"])), ..SelectionOverrides::default() };
        let settings = LinterSettings::resolve(&config, &overrides).unwrap();
        assert_eq!(settings.enabled(), [Rule::MissingApology]);
    }

    #[test]
    fn severities_by_code_or_name() {
        let mut config = LintConfig::default();
        config.severity.insert("minimizing".into(), Severity::Error);
        config.severity.insert("ST".into(), Severity::Info);
        let settings = LinterSettings::resolve(&config, &SelectionOverrides::default()).unwrap();
        assert_eq!(settings.severity(Rule::Minimizing), Severity::Error);
        assert_eq!(settings.severity(Rule::Shouting), Severity::Info);
        assert_eq!(settings.severity(Rule::MissingFix), Severity::Error);
    }

    #[test]
    fn unknown_selectors_are_named_with_their_setting() {
        let overrides = SelectionOverrides { ignore: strings(&["NA2O7"]), ..SelectionOverrides::default() };
        let error = LinterSettings::resolve(&LintConfig::default(), &overrides).unwrap_err();
        assert_eq!(error.to_string(), "--ignore: `NA2O7` is not a rule code, prefix or name (see `amends rules`)");
    }

    #[test]
    fn config_parses_from_toml_and_rejects_unknown_keys() {
        let config: LintConfig =
            toml::from_str("channel = \"sms\"\nfail-on = \"error\"\n[severity]\nNA210 = \"info\"\n").unwrap();
        assert_eq!(config.channel, Some(Channel::Sms));
        assert_eq!(config.fail_on, Some(Severity::Error));
        let error = toml::from_str::<LintConfig>("chanel = \"sms\"").unwrap_err();
        assert!(error.to_string().contains("unknown field `chanel`"), "{error}");
    }
}
