//! NA207: minimizing the failure ("any inconvenience", "a minor issue").

use std::sync::LazyLock;

use super::{Advice, report_phrases};
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::phrase::PhraseTable;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags words that make the failure sound smaller than the customer experienced it:
    /// "any inconvenience", "a minor issue", "a small hiccup", "a slight delay", "these
    /// things happen".
    ///
    /// ## Why it matters
    /// The customer decides how big the problem was. "Any inconvenience" suggests there may
    /// have been none; "a slight delay" argues with the customer about their own evening.
    /// Minimizing words turn an apology into a disagreement.
    ///
    /// ## Example
    /// ```text
    /// We apologize for any inconvenience caused by this minor delay.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry your delivery came two days late, after you had taken the day off for it.
    /// ```
}

/// The rule's phrase table; detectors also use it to set aside tainted sentences.
pub(crate) static PHRASES: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    const GENERIC: Advice = (
        "\"{}\" minimizes what happened: it suggests there may have been no harm",
        "name the actual harm: \"you had to take another day off\", \"you were charged $49.99 twice\"",
    );
    const SMALL: Advice = (
        "\"{}\" makes the failure sound smaller than the customer experienced it",
        "describe the failure plainly and let the customer judge its size",
    );
    PhraseTable::new([
        (
            "any (inconvenience|inconveniences|trouble|confusion|disruption|frustration|issues|problems|difficulty|difficulties|upset|distress|hassle|disappointment|discomfort|concern)",
            GENERIC,
        ),
        (
            "(minor|small|slight|little|tiny|momentary|brief|temporary) (issue|issues|problem|problems|delay|delays|error|errors|glitch|glitches|hiccup|hiccups|inconvenience|mix-up|mixup|mistake|oversight|blip|disruption|interruption|outage|setback|technicality|bug|snag|matter|discrepancy|oversight)",
            SMALL,
        ),
        ("(hiccup|hiccups|blip|blips)", SMALL),
        ("a (bit|little bit) of a (delay|mix-up|mess|problem|issue|wait)", SMALL),
        ("(just|only) (a|an) (few|couple|small|minor|slight|brief|short|little|hour|day|minute|moment)", SMALL),
        ("(no|not a|not such a) big deal", SMALL),
        ("(these|such) things (happen|can happen)", SMALL),
        ("(mistakes|errors|accidents|delays) happen", SMALL),
        ("(it|this) happens", SMALL),
    ])
});

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    report_phrases(context, findings, Rule::Minimizing, &PHRASES);
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("We apologize for any inconvenience.")]
    #[case("There was a minor issue with your order.")]
    #[case("Sorry for the small hiccup with your booking.")]
    #[case("These things happen during the holidays.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::Minimizing, text);
    }

    #[rstest]
    #[case("This was not a minor issue: you were without heating for two days.")]
    #[case("You shouldn't have to do anything else; it all happens automatically.")]
    #[case("I'm sorry you had to spend your Saturday on hold.")]
    #[case("If you have any questions, I'm here.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::Minimizing, text);
    }
}
