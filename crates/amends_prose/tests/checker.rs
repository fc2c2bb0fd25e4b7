//! The checker as the linter uses it, on sentences from real apology emails.

use std::sync::LazyLock;

use amends_core::prose::{Dialect, ProseChecker, ProseFinding, ProseKind, ProseRequest};
use amends_prose::HarperChecker;
use rstest::rstest;

static AMERICAN: LazyLock<HarperChecker> = LazyLock::new(|| HarperChecker::new(Dialect::American));
static BRITISH: LazyLock<HarperChecker> = LazyLock::new(|| HarperChecker::new(Dialect::British));

const BOTH: ProseRequest = ProseRequest { spelling: true, grammar: true };
const SPELLING: ProseRequest = ProseRequest { spelling: true, grammar: false };
const GRAMMAR: ProseRequest = ProseRequest { spelling: false, grammar: true };

const CLEAN_EMAIL: &str = include_str!("fixtures/clean_apology.txt");
const CLEAN_EMAIL_NAMES: &[&str] = &["Dana", "Sam Okafor", "Brightwell"];

/// What a finding flags, as a reader sees it: the flagged text, the rule and the fix.
fn flagged<'a>(text: &'a str, findings: &[ProseFinding]) -> Vec<(&'a str, String, Option<String>)> {
    findings.iter().map(|f| (&text[f.span.clone()], f.source_rule.clone(), f.suggestion.clone())).collect()
}

#[rstest]
#[case::delay("We apologise for the dealy.", "dealy", "delay")]
#[case::received("We recieved your order yesterday.", "recieved", "received")]
#[case::definitely("I definately understand your frustration.", "definately", "definitely")]
#[case::truly("We are truely sorry.", "truely", "truly")]
#[case::after_accent("Your café order was dealyed.", "dealyed", "delayed")]
#[case::after_emoji("Sorry 😞 for the dealy.", "dealy", "delay")]
#[case::in_curly_quotes("We’re “truely” sorry.", "truely", "truly")]
fn misspellings_are_flagged_with_byte_spans_and_a_fix(#[case] text: &str, #[case] word: &str, #[case] fix: &str) {
    let findings = BRITISH.check(text, &[], SPELLING);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let finding = &findings[0];
    assert_eq!(finding.kind, ProseKind::Spelling);
    assert_eq!(&text[finding.span.clone()], word);
    assert_eq!(finding.suggestion.as_deref(), Some(fix));
    assert_eq!(finding.source_rule, "SpellCheck");
    assert!(!finding.message.is_empty());
}

#[rstest]
#[case::american(&*AMERICAN)]
#[case::british(&*BRITISH)]
fn a_clean_apology_email_has_no_findings(#[case] checker: &HarperChecker) {
    let findings = checker.check(CLEAN_EMAIL, CLEAN_EMAIL_NAMES, BOTH);
    assert_eq!(flagged(CLEAN_EMAIL, &findings), vec![]);
}

#[rstest]
#[case::customer("Hi Ngozi, thank you for your patience.", "Ngozi")]
#[case::agent("My name is Okonkwo and I look after your account.", "Okonkwo")]
#[case::product("Your Brightwell kettle is on its way.", "Brightwell")]
#[case::possessive("Okonkwo's team has refunded you.", "Okonkwo")]
#[case::curly_possessive("Okonkwo’s team has refunded you.", "Okonkwo")]
#[case::all_caps("NGOZI, we are sorry.", "Ngozi")]
fn known_names_are_not_misspellings(#[case] text: &str, #[case] name: &str) {
    let without = AMERICAN.check(text, &[], SPELLING);
    assert_eq!(without.len(), 1, "harper does not know {name}: {without:#?}");
    let with = AMERICAN.check(text, &[name], SPELLING);
    assert_eq!(with, vec![]);
}

#[test]
fn a_known_name_does_not_hide_a_misspelling_beside_it() {
    let text = "Ngozi, we apologize for the dealy.";
    let findings = AMERICAN.check(text, &["Ngozi"], SPELLING);
    assert_eq!(flagged(text, &findings), vec![("dealy", "SpellCheck".to_owned(), Some("delay".to_owned()))]);
}

#[rstest]
#[case::email_address("Write to support@brightwell.example any time.")]
#[case::url("Track it at https://track.brightwell.example/orders/48213 today.")]
#[case::bare_host("See brightwell.co.uk/returns for the label.")]
#[case::hash_order_number("Your order #48213 has shipped.")]
#[case::prefixed_order_number("Your order ORD-2291 has shipped.")]
#[case::ticket_code("Quote reference INV_2024_17 when you reply.")]
#[case::mixed_code("Your voucher code is X7KQ92.")]
#[case::amount("We have refunded $45.99 and €12,50 to your card.")]
#[case::percentage("You now have a 15% discount.")]
#[case::time("The engineer arrives between 9:30am and 11:00.")]
#[case::date("It was dispatched on 14/05/2024, not 2024-05-12.")]
#[case::ordinal("It will arrive on June 7th.")]
#[case::phone("Call me on 0161 555 0199.")]
#[case::single_letters("P.S. The size S fits, so plan B is off.")]
fn non_prose_is_not_flagged(#[case] text: &str) {
    assert_eq!(flagged(text, &AMERICAN.check(text, &[], BOTH)), vec![]);
}

#[test]
fn blanked_regions_keep_offsets_and_do_not_join_words() {
    // "the [quoted customer text] the" must not read as a repeated word.
    let text = "We checked the                          the dealy.";
    let findings = AMERICAN.check(text, &[], BOTH);
    assert_eq!(flagged(text, &findings), vec![("dealy", "SpellCheck".to_owned(), Some("delay".to_owned()))]);
}

#[rstest]
#[case::colour("I'll make sure the colour you chose is in stock.", "colour", "color")]
#[case::apologise("We apologise for the wait.", "apologise", "apologize")]
fn american_flags_british_spelling(#[case] text: &str, #[case] word: &str, #[case] fix: &str) {
    let findings = AMERICAN.check(text, &[], SPELLING);
    assert_eq!(flagged(text, &findings), vec![(word, "SpellCheck".to_owned(), Some(fix.to_owned()))]);
    assert_eq!(BRITISH.check(text, &[], SPELLING), vec![], "British accepts {word}");
}

#[rstest]
#[case::spelling_only(SPELLING, ProseKind::Spelling)]
#[case::grammar_only(GRAMMAR, ProseKind::Grammar)]
fn a_request_gets_only_the_kinds_it_asks_for(#[case] request: ProseRequest, #[case] kind: ProseKind) {
    let text = "We checked the the dealy.";
    let findings = AMERICAN.check(text, &[], request);
    assert_eq!(findings.len(), 1, "{findings:#?}");
    assert_eq!(findings[0].kind, kind);
}

#[test]
fn nothing_requested_loads_nothing() {
    let checker = HarperChecker::new(Dialect::American);
    let none = ProseRequest { spelling: false, grammar: false };
    assert_eq!(checker.check("We checked the the dealy.", &[], none), vec![]);
    assert!(format!("{checker:?}").contains("loaded: false"));
}

#[test]
fn concurrent_checks_agree() {
    let text = "Ngozi, we checked the the dealy on a order.";
    let expected = AMERICAN.check(text, &["Ngozi"], BOTH);
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4).map(|_| scope.spawn(|| AMERICAN.check(text, &["Ngozi"], BOTH))).collect();
        for handle in handles {
            assert_eq!(handle.join().expect("check panicked"), expected);
        }
    });
}

#[test]
fn a_messy_apology_email() {
    let text = include_str!("fixtures/messy_apology.txt");
    let findings = BRITISH.check(text, &["Ngozi", "Okonkwo", "Brightwell"], BOTH);
    let report: Vec<String> = findings
        .iter()
        .map(|f| {
            format!(
                "{:?} {} {:?} -> {:?}: {}",
                f.kind,
                f.source_rule,
                &text[f.span.clone()],
                f.suggestion.as_deref().unwrap_or("-"),
                f.message
            )
        })
        .collect();
    insta::assert_snapshot!(report.join("\n"));
}
