//! Remedy: compensation beyond fixing the problem, proportional to the impact.
//!
//! Refunding a wrongful charge is the fix; a credit, voucher, discount, waived fee, free
//! upgrade or a refund of what the customer paid on top is compensation.

use std::ops::Range;
use std::sync::LazyLock;

use crate::lint::analysis::Analysis;
use crate::lint::phrase::PhraseTable;
use crate::text::TokenKind;

/// Whether a remedy phrase counts by itself or needs an offer around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Strength {
    /// "a voucher", "on us", "as an apology": compensation by itself.
    Direct,
    /// "credit", "points", "a full refund": also the vocabulary of failures and fixes.
    NeedsOffer,
}

pub(crate) static REMEDY_PHRASES: LazyLock<PhraseTable<Strength>> = LazyLock::new(|| {
    use Strength::{Direct, NeedsOffer};
    PhraseTable::new([
        (
            "(voucher|vouchers|coupon|coupons|gift card|gift cards|gift voucher|e-gift|discount|discounts|promo code|discount code|rebate|cashback|loyalty points|bonus points|store credit)",
            Direct,
        ),
        ("(compensation|compensate|compensating|reimburse|reimbursed|reimbursing|reimbursement|goodwill)", Direct),
        (
            "[(a|one|two|three|six|an extra|a whole|the next)] (free|complimentary) (month|months|year|upgrade|night|nights|meal|dessert|drink|delivery|deliveries|shipping|service|box|order|class|session|repair|gift|item|coffee|pizza|ride|rides|wash|ticket|tickets|treatment|consultation|visit|subscription|breakfast|dinner|lunch|car|shuttle|suite|room)",
            Direct,
        ),
        ("(on us|on the house|at our expense|our treat)", Direct),
        ("(no charge|free of charge|at no charge|without charge)", Direct),
        ("(is|are|will be|will also be|would be) (complimentary|free|on us)", Direct),
        ("complimentary", Direct),
        ("(upgraded|upgrade) (you|your)", Direct),
        ("half (off|price)", Direct),
        ("off your next", Direct),
        ("(keep|hold on to) (the|it|them|both)", Direct),
        ("no need to (send|return|post) (it|them|the)", Direct),
        (
            "as (a|an|our|my) [(small|little|personal)] (thank you|way of saying sorry|gesture|token|goodwill gesture|gesture of goodwill|apology|sorry)",
            Direct,
        ),
        ("to make up for", Direct),
        ("(bring|deliver|send|ship|post) (it|them) [(to you)] free", Direct),
        (
            "refund of the (delivery|shipping|postage|booking|service|seat|baggage|installation|call-out) (fee|charge|cost)",
            Direct,
        ),
        ("(credit|credits|account credit|points|miles)", NeedsOffer),
        ("(full|partial) refund", NeedsOffer),
        ("gesture", NeedsOffer),
    ])
});

/// Verbs that pay for something on the customer's behalf: any fee counts.
const PAYING_VERBS: &[&str] = &["covered", "cover", "covering", "reimbursed", "pay", "paid", "paying"];

/// Verbs that take a charge away: only a charge for service not received counts (a
/// wrongful late fee taken away is the fix, not compensation).
const WAIVING_VERBS: &[&str] =
    &["waived", "waive", "waiving", "removed", "refunded", "refund", "refunding", "cancelled", "credited", "refunding"];

/// Charges for a service, which a remedy can give back.
const SERVICE_CHARGES: &[&str] = &[
    "rental",
    "rent",
    "subscription",
    "month",
    "night",
    "nights",
    "stay",
    "meal",
    "ticket",
    "shipping",
    "delivery",
    "postage",
    "fare",
    "fares",
    "co-pay",
    "upgrade",
    "plan",
];

/// Words that make a "fee" a service fee ("delivery fee", not "late fee").
const SERVICE_FEE_KINDS: &[&str] = &[
    "delivery",
    "shipping",
    "postage",
    "booking",
    "service",
    "seat",
    "baggage",
    "installation",
    "call-out",
    "callout",
    "admin",
    "cancellation",
    "rebooking",
    "change",
    "resort",
    "rental",
    "monthly",
    "annual",
    "sending",
];

/// "We've waived this month's fee", "we'll cover any late fee your landlord charges":
/// a charge paid or taken away. Returns the sentence and the words.
fn fee_remedies(analysis: &Analysis<'_, '_>) -> Vec<(usize, Range<usize>)> {
    let tokens = analysis.tokens();
    (0..tokens.len())
        .filter(|&verb| !tokens[verb].negated && !tokens[verb].quoted)
        .filter_map(|verb| {
            let word = analysis.word(verb);
            let paying = PAYING_VERBS.contains(&word);
            if !paying && !WAIVING_VERBS.contains(&word) {
                return None;
            }
            let sentence = analysis.sentence_of(verb);
            let end = analysis.sentences()[sentence].tokens.end;
            let clause = tokens[verb].clause;
            // "after you'd cancelled your plan" is the customer's act, not our remedy.
            if (verb.saturating_sub(3)..verb).any(|before| analysis.word(before) == "you") {
                return None;
            }
            (verb + 1..(verb + 7).min(end)).take_while(|&noun| tokens[noun].clause == clause).find_map(|noun| {
                let noun_word = analysis.word(noun);
                let fee = matches!(noun_word, "fee" | "fees" | "charge" | "charges" | "cost" | "costs");
                let service_fee =
                    fee && (verb + 1..noun).any(|between| SERVICE_FEE_KINDS.contains(&analysis.word(between)));
                let counts = if paying {
                    fee || SERVICE_CHARGES.contains(&noun_word)
                } else {
                    service_fee || SERVICE_CHARGES.contains(&noun_word)
                };
                counts.then(|| (sentence, verb..noun + 1))
            })
        })
        .collect()
}

/// "We've credited $50 to your account for the worry", "I've taken £30 off": money given
/// by us, not money put back where it belonged.
fn money_gifts(analysis: &Analysis<'_, '_>) -> Vec<(usize, Range<usize>)> {
    let tokens = analysis.tokens();
    (0..tokens.len())
        .filter(|&verb| {
            matches!(
                analysis.word(verb),
                "credited"
                    | "crediting"
                    | "added"
                    | "adding"
                    | "given"
                    | "giving"
                    | "transferred"
                    | "reduced"
                    | "knocked"
                    | "taken"
                    | "took"
                    | "put"
                    | "applied"
                    | "applying"
            ) && !tokens[verb].negated
        })
        .filter_map(|verb| {
            let sentence = analysis.sentence_of(verb);
            let range = analysis.sentences()[sentence].tokens.clone();
            let money = (verb + 1..(verb + 6).min(range.end)).find(|&index| tokens[index].kind == TokenKind::Money)?;
            let by_us = range.clone().any(|index| matches!(analysis.word(index), "we" | "i"));
            let put_back = (money + 1..(money + 3).min(range.end)).any(|index| analysis.word(index) == "back")
                || range.clone().any(|index| {
                    matches!(
                        analysis.word(index),
                        "misapplied"
                            | "wrong"
                            | "duplicate"
                            | "twice"
                            | "missing"
                            | "missed"
                            | "owed"
                            | "correct"
                            | "cost"
                    )
                });
            (by_us && !put_back && is_offer(analysis, sentence, verb..money + 1)).then(|| (sentence, verb..money + 1))
        })
        .collect()
}

pub(super) fn detect(analysis: &Analysis<'_, '_>) -> Option<Range<usize>> {
    let percent_off = (0..analysis.tokens().len()).find(|&index| {
        analysis.word(index).ends_with('%')
            && index + 1 < analysis.tokens().len()
            && matches!(analysis.word(index + 1), "off" | "discount")
    });
    if let Some(index) = percent_off {
        return Some(analysis.sentence_span(analysis.sentence_of(index)));
    }
    let voucher_is_refund = (0..analysis.sentences().len()).any(|sentence| replaces_the_purchase(analysis, sentence));
    let phrases = analysis
        .matches(&REMEDY_PHRASES)
        .into_iter()
        .filter(|found| !analysis.tokens()[found.tokens.start].negated)
        .filter(|found| {
            let sentence = analysis.sentence_of(found.tokens.start);
            !(voucher_is_refund
                && matches!(analysis.word(found.tokens.start), "voucher" | "vouchers" | "credit" | "coupon"))
                && (*found.entry == Strength::Direct || is_offer(analysis, sentence, found.tokens.clone()))
        })
        .map(|found| analysis.sentence_of(found.tokens.start));
    phrases
        .chain(fee_remedies(analysis).into_iter().map(|(sentence, _)| sentence))
        .chain(money_gifts(analysis).into_iter().map(|(sentence, _)| sentence))
        .filter(|&sentence| !analysis.is_question(sentence))
        .min()
        .map(|sentence| analysis.sentence_span(sentence))
}

/// "A voucher for the full value of your ticket" stands in for a refund: it is the fix.
fn replaces_the_purchase(analysis: &Analysis<'_, '_>, sentence: usize) -> bool {
    let range = analysis.sentences()[sentence].tokens.clone();
    range.clone().any(|index| {
        index + 3 < range.end
            && matches!(analysis.word(index), "value" | "cost" | "price" | "amount")
            && analysis.word(index + 1) == "of"
            && analysis.word(index + 2) == "your"
            && matches!(analysis.word(index + 3), "ticket" | "order" | "booking" | "purchase" | "fare" | "flight")
    })
}

/// The compensation is offered to the customer: an amount given by us, or an offer frame
/// ("as a thank you", "for the trouble", "on top of", "also").
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
    let giver = range.clone().any(|index| matches!(analysis.word(index), "we" | "i" | "here"));
    let frame = range.clone().any(|index| {
        let word = analysis.word(index);
        matches!(
            word,
            "gesture" | "goodwill" | "thank" | "apology" | "extra" | "additional" | "also" | "top" | "plus" | "keep"
        ) || (word == "for"
            && index + 2 < range.end
            && analysis.word(index + 1) == "the"
            && matches!(
                analysis.word(index + 2),
                "trouble"
                    | "inconvenience"
                    | "hassle"
                    | "wait"
                    | "disruption"
                    | "time"
                    | "frustration"
                    | "worry"
                    | "calls"
                    | "stress"
                    | "delay"
            ))
    });
    let after_words: Vec<&str> =
        (tokens.end..(tokens.end + 3).min(range.end)).map(|index| analysis.word(index)).collect();
    let fee_refund = analysis.word(tokens.start).contains("refund")
        && after_words.iter().any(|word| matches!(*word, "fee" | "delivery" | "shipping" | "booking"));
    frame || fee_refund || (amount && giver && !failure_words)
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
