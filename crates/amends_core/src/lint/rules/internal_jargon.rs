//! NA211: internal jargon and unexplained acronyms.

use std::collections::HashSet;
use std::sync::LazyLock;

use super::{Advice, report_phrases};
use crate::lint::codes::Rule;
use crate::lint::context::{Context, Finding};
use crate::lint::phrase::PhraseTable;
use crate::lint::rule::rule_doc;
use crate::text::{Gap, TokenKind};

rule_doc! {
    /// ## What it does
    /// Flags the company's internal vocabulary — "escalated to L2", "your RMA", "per the
    /// SLA", "the ticket was triaged", "a hotfix was deployed" — and acronyms that are not
    /// spelled out the first time they appear ("Return Merchandise Authorization (RMA)" is
    /// fine).
    ///
    /// ## Why it matters
    /// Jargon tells the customer they are being processed, not helped, and hides what is
    /// actually happening. Plain words are also the only ones every customer understands.
    ///
    /// ## Example
    /// ```text
    /// Your RMA was escalated to L2 per our SLA.
    /// ```
    ///
    /// ## Use instead
    /// ```text
    /// Your return is now with our senior repair team, who answer within one working day.
    /// ```
}

pub(crate) static PHRASES: LazyLock<PhraseTable<Advice>> = LazyLock::new(|| {
    const MESSAGE: Advice = (
        "\"{}\" is internal jargon the customer may not understand",
        "say it in plain words: what happens, who does it, and when",
    );
    PhraseTable::new(
        [
            "escalated to (tier|level|l1|l2|l3|t1|t2|t3|the back office|second line|third line|engineering|the escalations team)",
            "(tier|level) (1|2|3|one|two|three) (support|team|engineer|engineers|agent|agents)",
            "(ticket|case|incident) (was|has been|is being) (triaged|actioned|dispositioned|worked)",
            "(triaged|actioned|dispositioned|runbook|playbook|root-caused|root caused|hotfix|hot fix|rolled back|rollback|backend|back-end|frontend|front-end|upstream|downstream|race condition|regression|misconfig|batch job|cron job|payload|sync job|pick list|putaway|wave picking|cross-dock|bin location|consignment note|folio|chargeback|auth hold|pre-auth|posting date|value date|dunning|proration|pro-rata|deployment|deployed|config change|ticket queue|work order|fulfilment centre|fulfillment center|last mile|line haul|linehaul)",
            "(per|as per|under|within|outside|breached) (the|our|your) (sla|slas|kpi|kpis|tat|ola)",
        ]
        .map(|pattern| (pattern, MESSAGE)),
    )
});

/// Acronyms every customer knows.
static COMMON_ACRONYMS: LazyLock<HashSet<&'static str>> = LazyLock::new(|| {
    [
        "OK", "US", "USA", "UK", "EU", "UAE", "ID", "PIN", "PDF", "FAQ", "FAQS", "TV", "PM", "AM", "ATM", "GPS", "SMS",
        "URL", "VAT", "GST", "HST", "IBAN", "BIC", "CEO", "DM", "DMS", "UPS", "DHL", "USPS", "TNT", "DPD", "GLS",
        "NHS", "IRS", "HMRC", "IT", "PC", "USB", "HDMI", "WIFI", "DVD", "CD", "FYI", "NB", "PS", "RSVP", "USD", "EUR",
        "GBP", "CAD", "AUD", "JPY", "INR", "CHF", "NZD", "EST", "PST", "CET", "GMT", "UTC", "BST", "CST", "MST", "EDT",
        "PDT", "ETA", "MB", "GB", "KB", "TB", "LED", "LCD", "AC", "SIM", "ISP", "VPN", "LTE", "4G", "5G", "NYC", "LA",
        "SF", "DC", "CA", "NY", "TX", "FL", "ON", "BC", "QC", "NSW", "VIC", "QLD", "APR", "MOT", "HR", "AI", "API",
        "SSN", "DOB", "ZIP", "PO", "ASAP", "TBD", "IOS", "MR", "MRS", "MS", "DR", "NO", "COVID", "ISBN", "CVV", "SUV",
        "EV", "IVF", "GP", "ER", "ICU", "MRI", "XL", "XXL", "XS", "UV", "HD", "4K", "AAA", "FIFA", "NFL", "NBA", "BBC",
        "CNN", "ABC", "RRP", "MSRP", "FX", "PAYE", "NI", "SSL", "OTP", "QR", "NFC", "I", "A", "CSV", "JPG", "JPEG",
        "PNG", "GIF", "XLS", "XLSX", "DOC", "DOCX", "ZIP", "HTML", "MP3", "MP4", "TXT",
    ]
    .into_iter()
    .collect()
});

pub(crate) fn check(context: &Context<'_, '_, '_>, findings: &mut Vec<Finding>) {
    report_phrases(context, findings, Rule::InternalJargon, &PHRASES);
    let analysis = context.analysis;
    let tokens = analysis.tokens();
    let known: HashSet<String> = context.known_words.iter().map(|word| word.to_uppercase()).collect();
    let mut explained: HashSet<String> = HashSet::new();
    for sentence in analysis.sentences() {
        let range = sentence.tokens.clone();
        let caps_words =
            range.clone().filter(|&index| tokens[index].all_caps && tokens[index].kind == TokenKind::Word).count();
        let words = range.clone().filter(|&index| tokens[index].kind == TokenKind::Word).count();
        // A sentence in capitals is shouting (ST304), not a string of acronyms.
        if words >= 4 && caps_words * 2 >= words {
            continue;
        }
        for index in range.clone() {
            let token = &tokens[index];
            let text = context.doc().text(token.span.clone());
            if !is_acronym(text, token.kind) || token.quoted || COMMON_ACRONYMS.contains(text) || known.contains(text) {
                continue;
            }
            if in_caps_run(analysis, index) {
                continue;
            }
            let explained_here = spelled_out_nearby(analysis, index, range.clone());
            if explained_here {
                explained.insert(text.to_owned());
                continue;
            }
            if explained.contains(text) {
                continue;
            }
            findings.push(
                Finding::new(
                    Rule::InternalJargon,
                    token.span.clone(),
                    format!("\"{text}\" is an acronym the customer may not know"),
                )
                .suggest(format!(
                    "spell it out, or write it in plain words; if it must stay, explain it once: \"… ({text})\""
                )),
            );
            explained.insert(text.to_owned());
        }
    }
}

/// Two to six capitals, possibly with digits ("RMA", "L2", "3PL", "P1").
fn is_acronym(text: &str, kind: TokenKind) -> bool {
    if !matches!(kind, TokenKind::Word | TokenKind::Code) || !(2..=6).contains(&text.len()) {
        return false;
    }
    let letters = text.chars().filter(char::is_ascii_alphabetic).count();
    // Flight numbers and references ("SK412", "NR1182") carry three or more digits.
    if text.chars().filter(char::is_ascii_digit).count() >= 3 {
        return false;
    }
    letters >= 1
        && text.chars().all(|ch| ch.is_ascii_uppercase() || ch.is_ascii_digit())
        && (letters >= 2 || kind == TokenKind::Code)
}

/// Part of a run of capitalized words ("PLEASE READ THIS"): shouting, not an acronym.
fn in_caps_run(analysis: &crate::lint::analysis::Analysis<'_, '_>, index: usize) -> bool {
    let tokens = analysis.tokens();
    let caps = |at: usize| {
        tokens.get(at).is_some_and(|token| token.all_caps && token.kind == TokenKind::Word && token.span.len() > 1)
    };
    let before = index.checked_sub(1).is_some_and(caps);
    let after = caps(index + 1);
    (before && (after || index.checked_sub(2).is_some_and(caps))) || (after && caps(index + 2))
}

/// "Return Merchandise Authorization (RMA)" or "RMA (return merchandise authorization)".
fn spelled_out_nearby(
    analysis: &crate::lint::analysis::Analysis<'_, '_>,
    index: usize,
    range: std::ops::Range<usize>,
) -> bool {
    let tokens = analysis.tokens();
    let in_parentheses = index > range.start && analysis.word(index - 1) == "(";
    let followed_by_parenthesis =
        index + 1 < range.end && analysis.word(index + 1) == "(" && tokens[index + 1].gap != Gap::Paragraph;
    in_parentheses || followed_by_parenthesis
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use crate::lint::codes::Rule;
    use crate::lint::rules::test_support::{assert_fires, assert_silent};

    #[rstest]
    #[case("Your RMA was approved yesterday.")]
    #[case("The ticket was escalated to L2.")]
    #[case("We restored service within the SLA.")]
    #[case("A hotfix was deployed at 14:00.")]
    fn fires(#[case] text: &str) {
        assert_fires(Rule::InternalJargon, text);
    }

    #[rstest]
    #[case("Your return authorization (RMA) was approved; the RMA number is on the label.")]
    #[case("Your refund to your Visa card will show in your US bank account.")]
    #[case("PLEASE READ THIS CAREFULLY.")]
    #[case("Send us a DM with your order number.")]
    fn silent(#[case] text: &str) {
        assert_silent(Rule::InternalJargon, text);
    }
}
