//! Remedy: compensation beyond fixing the problem, proportional to the impact.
//!
//! Refunding a wrongful charge is the fix; a credit, voucher, discount, waived fee, free
//! upgrade or a refund of what the customer paid on top is compensation.

use std::ops::Range;
use std::sync::LazyLock;

use crate::lint::analysis::Analysis;
use crate::lint::phrase::PhraseTable;

static REMEDY_PHRASES: LazyLock<PhraseTable<()>> = LazyLock::new(|| {
    PhraseTable::new(
        [
            "(credit|credits|voucher|vouchers|coupon|coupons|gift card|gift cards|gift voucher|e-gift|discount|discounts|promo code|discount code|rebate|cashback|loyalty points|bonus points|points|miles|store credit|account credit)",
            "(compensation|compensate|compensating|reimburse|reimbursed|reimbursing|reimbursement|goodwill|gesture)",
            "(waived|waive|waiving|cancelled|removed|refunded|refund|refunding|covered|cover|covering|reimbursed|paid) (the|your|this|that|all|any|a) [(full|whole|entire|first|next|monthly|annual|delivery|shipping|postage|booking|service|late|cancellation|change|rebooking|installation|call-out|callout|overdraft|admin|seat|baggage|bag)] (fee|fees|charge|charges|cost|costs|shipping|delivery|postage|month|subscription|night|stay|meal|ticket|upgrade|bill|price|penalty|interest)",
            "[(a|one|two|three|six|an extra|a whole|the next)] (free|complimentary) (month|months|year|upgrade|night|nights|meal|dessert|drink|delivery|deliveries|shipping|service|box|order|class|session|repair|gift|item|coffee|pizza|ride|rides|wash|ticket|tickets|treatment|consultation|visit|subscription)",
            "(on us|on the house|at our expense|our treat|no charge to you)",
            "(upgraded|upgrade) (you|your)",
            "half (off|price)",
            "off your next",
            "(keep|hold on to) (the|it|them|both)",
            "no need to (send|return|post) (it|them|the)",
            "as a (thank you|way of saying sorry|small thank you|gesture|token|goodwill gesture|gesture of goodwill|small apology|sorry)",
            "to make up for",
            "for the (trouble|inconvenience|hassle|wait|disruption|time|frustration)",
            "(full|partial) refund",
            "refund of the (delivery|shipping|postage|booking|service|seat|baggage|installation|call-out) (fee|charge|cost)",
        ]
        .map(|pattern| (pattern, ())),
    )
});

/// Remedy words that are also the vocabulary of the failure itself ("the credit was
/// misapplied"); they count only with an offer nearby.
const NEEDS_OFFER: &[&str] = &[
    "credit",
    "credits",
    "points",
    "miles",
    "refund",
    "full refund",
    "partial refund",
    "gesture",
    "cover",
    "covered",
    "covering",
    "paid",
    "removed",
    "cancelled",
    "for the",
];

pub(super) fn detect(analysis: &Analysis<'_, '_>) -> Option<Range<usize>> {
    let percent_off = (0..analysis.tokens().len()).find(|&index| {
        analysis.word(index).ends_with('%')
            && index + 1 < analysis.tokens().len()
            && matches!(analysis.word(index + 1), "off" | "discount")
    });
    if let Some(index) = percent_off {
        return Some(analysis.sentence_span(analysis.sentence_of(index)));
    }
    analysis
        .matches(&REMEDY_PHRASES)
        .into_iter()
        .filter(|found| !analysis.tokens()[found.tokens.start].negated)
        .map(|found| (analysis.sentence_of(found.tokens.start), found.tokens))
        .find(|(sentence, tokens)| {
            let first = analysis.word(tokens.start);
            let needs_offer = NEEDS_OFFER.contains(&first)
                || NEEDS_OFFER.iter().any(|phrase| phrase.starts_with(first) && phrase.contains(' '));
            !needs_offer || is_offer(analysis, *sentence, tokens.clone())
        })
        .map(|(sentence, _)| analysis.sentence_span(sentence))
}

/// The compensation is offered to the customer: an amount, a first-person giver, or an
/// offer frame ("as a thank you", "on your account", "for the trouble").
fn is_offer(analysis: &Analysis<'_, '_>, sentence: usize, tokens: Range<usize>) -> bool {
    let range = analysis.sentences()[sentence].tokens.clone();
    let failure_words = range.clone().any(|index| {
        matches!(
            analysis.word(index),
            "misapplied"
                | "missing"
                | "wrong"
                | "error"
                | "mistake"
                | "duplicate"
                | "double"
                | "twice"
                | "incorrect"
                | "back"
        )
    });
    let amount = analysis.has_anchor(range.clone());
    let giver = range.clone().any(|index| matches!(analysis.word(index), "we" | "i") || analysis.word(index) == "here");
    let frame = range.clone().any(|index| {
        matches!(
            analysis.word(index),
            "gesture"
                | "goodwill"
                | "thank"
                | "trouble"
                | "hassle"
                | "inconvenience"
                | "apology"
                | "sorry"
                | "extra"
                | "additional"
                | "also"
                | "top"
                | "plus"
                | "keep"
        )
    });
    let after_words: Vec<&str> =
        (tokens.end..(tokens.end + 3).min(range.end)).map(|index| analysis.word(index)).collect();
    let fee_refund = analysis.word(tokens.start).contains("refund")
        && after_words.iter().any(|word| matches!(*word, "fee" | "delivery" | "shipping" | "booking"));
    (frame || fee_refund || (amount && giver && !failure_words)) && !analysis.is_question(sentence) || (frame && giver)
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::elements::{Element, has};

    #[rstest]
    #[case("I've added a $15 credit to your account for the trouble.")]
    #[case("We've waived this month's fee.")]
    #[case("Please keep the pink one; there's no need to send it back.")]
    #[case("As a thank you for your patience, here is a voucher for 20% off.")]
    #[case("We have refunded the delivery fee.")]
    #[case("Your next month is on us.")]
    fn offers_a_remedy(#[case] text: &str) {
        assert!(has(text, Element::Remedy), "{text}");
    }

    #[rstest]
    #[case("The $50 credit was misapplied to the wrong account.")]
    #[case("We have refunded the duplicate charge.")]
    #[case("We cannot offer any compensation.")]
    #[case("Your points balance is unchanged.")]
    fn no_remedy(#[case] text: &str) {
        assert!(!has(text, Element::Remedy), "{text}");
    }
}
