//! The one table of rule codes. A code, once published, is never reused for another rule.

use std::fmt;

use super::context::{Context, Finding};
use super::rule::{Category, RuleStatus, Severity, clean_doc};
use super::rules;

macro_rules! define_rules {
    ($($code:ident $name:literal $variant:ident $module:ident $severity:ident $status:ident $summary:literal;)*) => {
        /// Every rule of the linter.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Rule {
            $(
                #[doc = $summary]
                $variant,
            )*
        }

        impl Rule {
            /// Every rule, in code order.
            pub const ALL: &[Rule] = &[$(Rule::$variant),*];

            /// The stable code, such as `NA202`.
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => stringify!($code),)* }
            }

            /// The kebab-case name, such as `conditional-apology`.
            pub fn name(self) -> &'static str {
                match self { $(Rule::$variant => $name,)* }
            }

            /// The default severity.
            pub fn default_severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$severity,)* }
            }

            /// Whether the rule is stable, preview or deprecated.
            pub fn status(self) -> RuleStatus {
                match self { $(Rule::$variant => RuleStatus::$status,)* }
            }

            /// One line saying what the rule flags.
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary,)* }
            }

            /// The rule's full documentation, from its source file's doc comment.
            pub fn doc(self) -> String {
                clean_doc(match self { $(Rule::$variant => rules::$module::DOC,)* })
            }

            pub(crate) fn check(self, context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
                match self { $(Rule::$variant => rules::$module::check(context, findings),)* }
            }
        }
    };
}

define_rules! {
    AP101 "missing-apology" MissingApology missing_apology Error Stable "No explicit, first-person apology";
    AP102 "vague-failure" VagueFailure vague_failure Warning Stable "The failure is not named specifically";
    AP103 "missing-impact" MissingImpact missing_impact Warning Stable "The impact on the customer is not acknowledged";
    AP104 "missing-ownership" MissingOwnership missing_ownership Warning Stable "No ownership of the failure or its fix";
    AP105 "missing-cause" MissingCause missing_cause Warning Stable "No cause, nor what is not known yet and when it will be";
    AP106 "missing-fix" MissingFix missing_fix Error Stable "No fix: nothing is being done for this customer";
    AP107 "missing-timeline" MissingTimeline missing_timeline Warning Stable "No timeline for the fix";
    AP108 "missing-prevention" MissingPrevention missing_prevention Warning Stable "Nothing changes so it does not happen again";
    AP109 "missing-remedy" MissingRemedy missing_remedy Info Stable "No remedy or choice of remedies";
    AP110 "missing-follow-up" MissingFollowUp missing_follow_up Warning Stable "No follow-up: who, how and when, or a person to reach";
    AP111 "generic-salutation" GenericSalutation generic_salutation Warning Stable "Generic greeting: the customer is not addressed by name";
    AP112 "buried-apology" BuriedApology buried_apology Warning Stable "The apology comes late, after the explanations";
    NA201 "apology-for-feelings" ApologyForFeelings apology_for_feelings Error Stable "Apologizes for the customer's feelings, not for the failure";
    NA202 "conditional-apology" ConditionalApology conditional_apology Error Stable "Apology made conditional (\"sorry if…\")";
    NA203 "apology-then-excuse" ApologyThenExcuse apology_then_excuse Warning Stable "Apology followed by \"but\" or \"however\"";
    NA204 "hiding-behind-policy" HidingBehindPolicy hiding_behind_policy Warning Stable "Hides behind policy instead of helping";
    NA205 "shifting-blame" ShiftingBlame shifting_blame Error Stable "Blames a supplier, carrier, system or the customer";
    NA206 "passive-evasion" PassiveEvasion passive_evasion Warning Stable "Passive voice hides who made the mistake";
    NA207 "minimizing" Minimizing minimizing Warning Stable "Minimizes the failure (\"any inconvenience\", \"minor\")";
    NA208 "stonewalling" Stonewalling stonewalling Error Stable "Refuses to explain (\"too early to tell\", \"no comment\")";
    NA209 "defensive-tone" DefensiveTone defensive_tone Error Stable "Defensive or confrontational tone";
    NA210 "canned-cliche" CannedCliche canned_cliche Warning Stable "Canned cliché that sounds like a form letter";
    NA211 "internal-jargon" InternalJargon internal_jargon Warning Stable "Internal jargon or an unexplained acronym";
    NA212 "over-apologizing" OverApologizing over_apologizing Warning Stable "Too many apologies drown the message";
    NA213 "hedged-fix" HedgedFix hedged_fix Warning Stable "The fix is hedged (\"we'll try\", \"hopefully\")";
    ST301 "misspelling" Misspelling misspelling Warning Stable "Misspelled word";
    ST302 "grammar" Grammar grammar Warning Stable "Grammar mistake";
    ST303 "too-long-for-channel" TooLongForChannel too_long_for_channel Warning Stable "Too long for the channel";
    ST304 "shouting" Shouting shouting Warning Stable "Shouting: capitals or repeated exclamation marks";
    ST305 "long-sentence" LongSentence long_sentence Info Stable "A sentence too long to read easily";
    ST306 "unfilled-placeholder" UnfilledPlaceholder unfilled_placeholder Error Stable "A placeholder was never filled in";
    CX401 "wrong-customer-name" WrongCustomerName wrong_customer_name Error Stable "The customer's name is wrong or missing";
    CX402 "contradicts-facts" ContradictsFacts contradicts_facts Error Stable "A reference, amount or date contradicts the case facts";
    CX403 "missing-fact" MissingFact missing_fact Warning Stable "A fact of the case is not mentioned";
    CX404 "private-data-in-public" PrivateDataInPublic private_data_in_public Error Stable "Private data in a public social reply";
    AM501 "unused-suppression" UnusedSuppression unused_suppression Warning Stable "A suppression comment suppresses nothing";
    AM502 "invalid-suppression" InvalidSuppression invalid_suppression Warning Stable "A suppression comment is malformed or names an unknown rule";
}

impl Rule {
    /// The family of the rule.
    pub fn category(self) -> Category {
        match &self.code()[..2] {
            "AP" => Category::MissingElement,
            "NA" => Category::NonApology,
            "ST" => Category::Style,
            "CX" => Category::CaseContext,
            _ => Category::Linter,
        }
    }

    /// Finds a rule by its code (`NA202`, any case) or name (`conditional-apology`).
    pub fn find(code_or_name: &str) -> Option<Rule> {
        let wanted = code_or_name.trim();
        Rule::ALL
            .iter()
            .copied()
            .find(|rule| rule.code().eq_ignore_ascii_case(wanted) || rule.name() == wanted.to_ascii_lowercase())
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{} {}", self.code(), self.name())
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn codes_and_names_are_unique_and_well_formed() {
        let codes: HashSet<&str> = Rule::ALL.iter().map(|rule| rule.code()).collect();
        let names: HashSet<&str> = Rule::ALL.iter().map(|rule| rule.name()).collect();
        assert_eq!(codes.len(), Rule::ALL.len());
        assert_eq!(names.len(), Rule::ALL.len());
        for rule in Rule::ALL {
            let code = rule.code();
            assert_eq!(code.len(), 5, "{code}");
            assert!(code[2..].bytes().all(|byte| byte.is_ascii_digit()), "{code}");
            assert!(rule.name().bytes().all(|byte| byte.is_ascii_lowercase() || byte == b'-'), "{}", rule.name());
        }
    }

    #[test]
    fn every_rule_documents_what_why_example_and_alternative() {
        for rule in Rule::ALL {
            let doc = rule.doc();
            for heading in ["## What it does", "## Why it matters", "## Example", "## Use instead"] {
                assert!(doc.contains(heading), "{} lacks `{heading}`", rule.code());
            }
        }
    }

    #[test]
    fn finds_rules_by_code_or_name() {
        assert_eq!(Rule::find("na202"), Some(Rule::ConditionalApology));
        assert_eq!(Rule::find("conditional-apology"), Some(Rule::ConditionalApology));
        assert_eq!(Rule::find("NA999"), None);
    }
}
