//! AP112: the apology comes late, after the explanations.

use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::elements::{Element, apology_expressions};
use crate::lint::rule::rule_doc;

rule_doc! {
    /// ## What it does
    /// Flags a message whose first apology comes after its first two sentences and past
    /// the first third of the text.
    ///
    /// ## Why it matters
    /// An apology at the end reads as an afterthought to the explanation — and many
    /// customers stop reading before they reach it. Apologize first; explain after.
    ///
    /// ## Example
    /// ```text
    /// Thank you for your email. We have reviewed your account. Our records show the charge
    /// was duplicated on 3 March by our payment system. The duplicate has been reversed. We
    /// apologize for this.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// I'm sorry we charged you twice on 3 March. Our payment system duplicated the charge;
    /// I've reversed it.
    /// ```
}

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    let analysis = context.analysis;
    if !context.detection.elements.has(Element::Apology) || analysis.sentences().len() < 4 {
        return;
    }
    let Some(&first) = apology_expressions(analysis).first() else { return };
    let sentence = analysis.sentence_of(first);
    let body_start = context.doc().body_start();
    let body_end = analysis.sentences().last().map_or(body_start, |last| last.span.end);
    let offset = analysis.tokens()[first].span.start;
    let fraction = (offset - body_start) as f64 / (body_end - body_start).max(1) as f64;
    if sentence >= 2 && fraction > 1.0 / 3.0 {
        findings.push(
            Finding::new(
                Rule::BuriedApology,
                analysis.sentence_span(sentence),
                format!("the first apology comes in sentence {} of {}", sentence + 1, analysis.sentences().len()),
            )
            .suggest("move the apology to the opening sentence, before any explanation"),
        );
    }
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case(
        "Thank you for your email. We have reviewed your account. Our records show the charge was duplicated on 3 March by our payment system. The duplicate has been reversed. We apologize for this."
    )]
    #[case(
        "We received your message. The courier collected your parcel late. It arrives tomorrow now. A new label was printed. Sorry about that."
    )]
    #[case(
        "Your account was reviewed. The fee was waived. The card was reissued. Everything is back to normal. I'm sorry for all of it."
    )]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::BuriedApology, text);
    }

    #[rstest]
    #[case(
        "I'm sorry we charged you twice on 3 March. Our payment system duplicated the charge. I've reversed it. It leaves your statement within three days."
    )]
    #[case("Thank you for telling us. I'm sorry we sent the wrong size. A medium ships today. It arrives Friday.")]
    #[case("Your refund is done. Sorry again.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::BuriedApology, text);
    }
}
