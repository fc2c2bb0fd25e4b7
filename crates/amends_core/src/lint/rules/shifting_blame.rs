//! NA205: blaming a supplier, carrier, "the system" or the customer.

use std::ops::Range;
use std::sync::LazyLock;

use super::{Advice, report_phrases};
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::Element;
use crate::lint::lexicon::Classes;
use crate::lint::phrase::PhraseTable;
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags sentences that move responsibility away from the company: onto a courier,
    /// supplier or partner ("the delay was caused by our supplier, which is beyond our
    /// control"), onto "the system" ("the system made an error"), or onto the customer
    /// ("you entered the wrong address", "you should have read…").
    ///
    /// ## Why it matters
    /// The customer chose you, not your courier. Whoever was at fault, they want to know
    /// you own the solution. Naming a cause is good; handing off the responsibility with
    /// it is not. A third party may be part of the cause *and* you can still own it: "our
    /// courier lost the parcel; we chose them, so this is on us".
    ///
    /// ## Example
    /// ```text
    /// Unfortunately the damage was caused by our warehouse partner, which is out of our control.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// Our warehouse partner packed your lamp without padding. We chose that partner, so this
    /// is on us, and we've asked them to double-box fragile items from now on.
    /// ```
}

const SUGGESTION: &str =
    "own the outcome whoever caused it: say what happened, then \"this is on us\" and what you are doing";

/// The rule's phrase table; detectors also use it to set aside tainted sentences.
pub(crate) static PHRASES: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    const THIRD: (&str, &str) = ("\"{}\" shifts responsibility away from the company", SUGGESTION);
    const CUSTOMER: (&str, &str) =
        ("\"{}\" blames the customer", "describe what happened without blame, and say how you will help them now");
    const SYSTEM: (&str, &str) = (
        "\"{}\" blames \"the system\", as if nobody ran it",
        "say what went wrong in your system and that it is yours to fix: \"our billing system…\"",
    );
    PhraseTable::new([
        ("(out of|beyond|outside|outside of) (our|my) (control|hands)", THIRD),
        ("out of our hands", THIRD),
        ("not (our|my) (fault|responsibility|problem|doing|error|mistake)", THIRD),
        ("(cannot|can not|could not|will not) be held (responsible|liable|accountable)", THIRD),
        ("(the|a|an|their|your) (responsibility|fault|error|mistake) of (the|your|our|their|a) ", THIRD),
        ("nothing (we|i) could (do|have done)", THIRD),
        (
            "(third-party|third party) (provider|supplier|partner|company|carrier|courier|vendor|contractor|issue|error|problem|failure|outage)",
            THIRD,
        ),
        (
            "you (should have|failed to|forgot to|neglected to|did not|didn't|never) (read|check|checked|enter|provide|follow|update|tell|notify|include|select|choose|confirm|cancel|fill|answer|respond|reply|pick up|collect|inform|let us|give us|double-check|been home|be home|register|activate)",
            CUSTOMER,
        ),
        (
            "(you|the customer|customers) (entered|provided|gave us|selected|chose|typed|supplied|used|input|keyed|registered) (the|an|a|your) (wrong|incorrect|old|invalid|outdated|previous|mistyped)",
            CUSTOMER,
        ),
        (
            "due to (the|a|an|your) (incorrect|wrong|invalid|incomplete|outdated|missing) (address|details|information|card|number|postcode|zip code|email|payment details)",
            CUSTOMER,
        ),
        ("(where|what|as) you told us to", CUSTOMER),
        (
            "(when|because|since) (customers|the customer|you) (are|were|was) not (available|home|in|there|present)",
            CUSTOMER,
        ),
        ("nobody (answered|was home|was in|was available|opened)", CUSTOMER),
        (
            "(a|the) (system|computer|technical|it|software) (error|glitch|issue|problem|fault|failure|malfunction|hiccup)",
            SYSTEM,
        ),
        (
            "the (system|computer|software) (automatically|made|did|applied|charged|flagged|generated|decided|sent|cancelled|canceled|rejected|declined|blocked|applies|charges|flags|sends|cancels|rejects|declines|blocks|does|will|would|is|was|must have)",
            SYSTEM,
        ),
    ])
});

/// Third parties that stay third parties even after "our" ("our supplier").
const EXTERNAL: &[&str] = &[
    "courier",
    "couriers",
    "carrier",
    "carriers",
    "supplier",
    "suppliers",
    "vendor",
    "vendors",
    "manufacturer",
    "manufacturers",
    "partner",
    "partners",
    "contractor",
    "contractors",
    "subcontractor",
    "provider",
    "providers",
    "processor",
    "insurer",
    "insurance",
    "airline",
    "airport",
    "weather",
    "postal",
    "ups",
    "fedex",
    "dhl",
    "usps",
    "evri",
    "dpd",
    "third-party",
    "distributor",
    "wholesaler",
    "landlord",
    "council",
    "government",
    "regulator",
    "agency",
    "operator",
    "control",
];

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let before = findings.len();
    report_phrases(context, findings, Rule::ShiftingBlame, &PHRASES);
    let reported: Vec<Range<usize>> = findings[before..].iter().map(|finding| finding.span.clone()).collect();
    let owned = context.detection.elements.has(Element::Ownership);
    let analysis = context.analysis;
    for sentence in 0..analysis.sentences().len() {
        let range = analysis.sentences()[sentence].tokens.clone();
        for index in range.clone() {
            let Some(span) = blame_at(context, index, range.clone(), owned) else { continue };
            if reported
                .iter()
                .chain(findings[before..].iter().map(|finding| &finding.span))
                .any(|done| done.start < span.end && span.start < done.end)
            {
                continue;
            }
            let text = context.doc().text(span.clone());
            findings.push(
                Finding::new(Rule::ShiftingBlame, span, format!("\"{text}\" puts the responsibility on someone else"))
                    .suggest(SUGGESTION),
            );
        }
    }
}

/// Blame at token `index`: "the courier is responsible", "the courier's fault", "caused
/// by our supplier" (the last only when the message takes no ownership anywhere).
fn blame_at(context: &Context<'_, '_, '_>, index: usize, sentence: Range<usize>, owned: bool) -> Option<Range<usize>> {
    let analysis = context.analysis;
    let tokens = analysis.tokens();
    let word = analysis.word(index);
    if tokens[index].quoted || tokens[index].negated {
        return None;
    }
    let clause = tokens[index].clause;
    let denied = (sentence.start..index)
        .any(|earlier| tokens[earlier].clause == clause && matches!(analysis.word(earlier), "not" | "never" | "no"));
    if denied {
        return None;
    }
    let third_party_before = |limit: usize| {
        (sentence.start..index)
            .rev()
            .take(limit)
            .take_while(|&earlier| tokens[earlier].clause == clause)
            .find(|&earlier| analysis.class(earlier).any(Classes::THIRD_PARTY) && !owned_unit(context, earlier))
    };
    match word {
        "responsible" | "liable" | "blame" | "fault" | "accountable" => {
            let is_to_blame = word != "blame" || (index > 0 && analysis.word(index - 1) == "to");
            let first_person = (sentence.start..index)
                .rev()
                .take(5)
                .any(|earlier| matches!(analysis.word(earlier), "we" | "i" | "us"));
            let possessive_fault = word == "fault" && index > 0 && analysis.word(index - 1) == "'s";
            let subject = third_party_before(6)?;
            (is_to_blame && !first_person || possessive_fault)
                .then(|| tokens[subject].span.start..tokens[index].span.end)
        }
        "by" | "to" | "of" => {
            let causal = match word {
                "by" => index > 0 && matches!(analysis.word(index - 1), "caused" | "triggered" | "created"),
                "to" => index > 0 && matches!(analysis.word(index - 1), "due" | "owing" | "down"),
                _ => index > 0 && matches!(analysis.word(index - 1), "because" | "fault"),
            };
            if !causal || owned {
                return None;
            }
            let agent = (index + 1..sentence.end)
                .take(6)
                .take_while(|&later| tokens[later].clause == clause)
                .find(|&later| EXTERNAL.contains(&analysis.word(later)) && !owned_unit(context, later))?;
            Some(tokens[index - 1].span.start..tokens[agent].span.end)
        }
        _ => None,
    }
}

/// "Our warehouse", "our team", "our system" are the company's own; "our supplier" is not.
fn owned_unit(context: &Context<'_, '_, '_>, index: usize) -> bool {
    let analysis = context.analysis;
    let word = analysis.word(index);
    if EXTERNAL.contains(&word) {
        return false;
    }
    (index.saturating_sub(3)..index).any(|earlier| matches!(analysis.word(earlier), "our" | "my"))
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("The delays were caused by our supplier, which is beyond our control.")]
    #[case("Unfortunately the courier is responsible for delays during peak periods.")]
    #[case("Looking at your account, you entered the wrong address.")]
    #[case("The system made an error and flagged the payment.")]
    #[case("This was the courier's fault, not ours.")]
    #[case("You should have read the delivery confirmation.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::ShiftingBlame, text);
    }

    #[rstest]
    #[case("We did not blame the courier; this was our error.")]
    #[case("A labelling error in our warehouse put two colours in one bin.")]
    #[case("It wasn't the courier's fault: we gave them the wrong address.")]
    #[case("A bug in our billing system charged you twice, and that's on us.")]
    #[case("Our courier lost the parcel. We chose them, so this is on us.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::ShiftingBlame, text);
    }
}
