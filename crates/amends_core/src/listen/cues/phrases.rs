//! Cues found by phrase: threats to leave, public and legal escalation, time and money
//! lost, urgency, repeated contact, sarcasm.
//!
//! Each phrase is a regular expression in the table below, written for readability:
//! a space stands for any run of whitespace, `'` for a straight or curly apostrophe, and
//! `\b` for an ASCII word boundary; matching ignores case. One `RegexSet` pass tells which
//! phrases occur at all, so only those are searched for their spans.

use std::ops::Range;
use std::sync::LazyLock;

use regex::{Regex, RegexSet};

use super::CueKind;
use super::words::words;

/// One phrase and the cue it signals.
struct Phrase {
    kind: CueKind,
    pattern: &'static str,
    /// Whether a negation just before the phrase cancels it ("I'm not going to cancel my
    /// account"). False where the phrase contains its own negation ("never again").
    negatable: bool,
}

const fn phrase(kind: CueKind, pattern: &'static str) -> Phrase {
    Phrase { kind, pattern, negatable: true }
}

const fn fixed(kind: CueKind, pattern: &'static str) -> Phrase {
    Phrase { kind, pattern, negatable: false }
}

use CueKind::{LegalThreat, MoneyLost, PublicEscalation, RepeatContact, Sarcasm, ThreatToLeave, TimeLost, Urgency};

const PHRASES: &[Phrase] = &[
    // Threats to leave. Cancelling an order is not leaving the company; an account,
    // subscription or contract is.
    phrase(
        ThreatToLeave,
        r"\b(?:cancel|cancell?ing|close|closing|terminate|terminating|end|ending|delete|deleting) (?:my|our|the) (?:\w+ )?(?:account|subscription|membership|contract|plan|policy|service)s?\b",
    ),
    phrase(
        ThreatToLeave,
        r"\b(?:i|we)(?:'ll| will| shall|'m going to| am going to|'re going to| are going to| want to| wanna|'d like to| would like to) (?:\w+ )?(?:cancel|cancell?ing|leave|leaving|quit|quitting|switch|switching)\b(?: everything| it all)?(?:\s*[.!;]|\s*(?m:$))",
    ),
    fixed(ThreatToLeave, r"\bnever (?:ever )?again\b"),
    fixed(
        ThreatToLeave,
        r"\bnever (?:ever )?(?:be )?(?:order|buy|purchas|shop|book|fly|flie|stay|bank|deal|use|using)\w* (?:\w+ ){0,3}?(?:again|from you|with you|from your|with your|here)\b",
    ),
    fixed(
        ThreatToLeave,
        r"\b(?:won't|wont|will not|not going to|never going to|am not|i'm not|we're not|are not) (?:ever )?(?:be )?(?:order|buy|purchas|shop|book|fly|flying|stay|use|using|com|renew|return)\w* (?:\w+ ){0,3}?(?:again|anymore|any more|in future|in the future)\b",
    ),
    fixed(
        ThreatToLeave,
        r"\b(?:won't|wont|will not|not going to|am not|i'm not|we're not|are not) (?:be )?renew(?:ing)?\b",
    ),
    phrase(
        ThreatToLeave,
        r"\b(?:take|taking|took) (?:my|our) (?:business|money|custom|account)s? (?:elsewhere|somewhere else|to (?:a |your )?(?:competitor|another \w+))\b",
    ),
    phrase(
        ThreatToLeave,
        r"\b(?:switch|switching|move|moving|go|going|change|changing|port|porting) (?:over )?(?:my \w+ )?to (?:a |your )?(?:competitor|rival|another (?:company|provider|bank|carrier|store|shop|supplier|service|airline|network|brand))s?\b",
    ),
    phrase(
        ThreatToLeave,
        r"\b(?:look|looking|find|finding|shop|shopping) (?:around )?(?:for )?(?:a |another )?(?:new|different|another|better) (?:company|provider|bank|carrier|store|shop|supplier|service|airline|network)\b",
    ),
    phrase(ThreatToLeave, r"\blost (?:a|my|our|another|one) (?:\w+ )?(?:customer|client|member|subscriber)s?\b"),
    phrase(
        ThreatToLeave,
        r"\b(?:i'm|i am|we're|we are) (?:so |completely |totally |absolutely )?(?:done|finished|through) with (?:you|your|this company)\b",
    ),
    phrase(
        ThreatToLeave,
        r"\blast (?:time|order) (?:i|we)(?: will| ever)? (?:order|buy|purchas|shop|book|fly|stay|use|deal)\w*",
    ),
    phrase(ThreatToLeave, r"\b(?:or )?(?:i'm|i am|we're|we are) gone\b"),
    phrase(ThreatToLeave, r"\bmake (?:me|us) (?:cancel|leave|switch|quit|go elsewhere|close)\b"),
    // Public escalation.
    phrase(
        PublicEscalation,
        r"\b(?:post|posting|share|sharing|put|putting|tweet|tweeting|blast|blasting|write|writing)\b(?:\s+\S+){0,4}?\s+(?:everywhere|online|on (?:twitter|x|facebook|instagram|tiktok|reddit|youtube|linkedin|yelp|trustpilot|google|tripadvisor|social media|the internet|every \w+ (?:site|platform)s?)|all over (?:the internet|social media))\b",
    ),
    phrase(
        PublicEscalation,
        r"\b(?:leave|leaving|write|writing|post|posting|give|giving)(?: you)? (?:a |an |my )?(?:\w+ )?(?:(?:1|one|zero|0)[-\s]star|bad|negative|terrible|scathing|awful|damning) (?:review|rating)s?\b",
    ),
    phrase(PublicEscalation, r"\b(?:one|1|zero|0)[-\s]stars?\b"),
    phrase(
        PublicEscalation,
        r"\b(?:tell|telling|warn|warning) (?:all )?(?:my |our )?(?:friends|family|followers|everyone|everybody|people|others)\b(?:\s+\S+){0,4}?\s+(?:to avoid|to stay away|to steer clear|not to|about (?:this|you|your))",
    ),
    phrase(PublicEscalation, r"\bwarn (?:others|everyone|everybody|people|my friends|other customers)\b"),
    phrase(
        PublicEscalation,
        r"\b(?:contact|contacting|call|calling|go|going|went|email|emailing|tell|telling|tip off) (?:to )?(?:the )?(?:press|media|news|newspapers?|journalists?|reporters?)\b",
    ),
    phrase(PublicEscalation, r"\bgo(?:ing|es)? viral\b"),
    // Legal and formal escalation, including disputing the payment with a bank.
    phrase(LegalThreat, r"\b(?:my|our|a) (?:lawyer|attorney|solicitor|legal team|legal counsel)s?\b"),
    phrase(LegalThreat, r"\b(?:sue|suing) (?:you|your|the company|them|for)\b"),
    phrase(LegalThreat, r"\b(?:i|we)(?:'ll| will|'m going to| am going to|'d| would| could| can| shall) sue\b"),
    phrase(
        LegalThreat,
        r"\b(?:see you in court|take (?:you|this|it|them|the matter) to (?:court|small claims|a tribunal|tribunal))\b",
    ),
    phrase(
        LegalThreat,
        r"\b(?:legal (?:action|proceedings|steps|advice|recourse|claim)|lawsuit|class action|small claims)\b",
    ),
    phrase(
        LegalThreat,
        r"\b(?:better business bureau|bbb|ftc|federal trade commission|cfpb|attorney general|ombudsman|trading standards|ofcom|ofgem|consumer protection|consumer rights|regulator)\b",
    ),
    phrase(
        LegalThreat,
        r"\b(?:charge\s?back|dispute (?:the|this|these|your) (?:charge|payment|transaction)s?|(?:contact|call|calling|contacting) (?:my|the) (?:bank|credit card company|card issuer))\b",
    ),
    // Time lost.
    phrase(
        TimeLost,
        r"\b(?:waited|waiting|wait|on hold|hold)(?: for)?(?: (?:over|more than|almost|nearly|about|at least|another|an extra))? (?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|forty|forty-five|fifty|sixty|several|many|multiple|countless) (?:(?:more|full|whole|long|entire|extra) )?(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b",
    ),
    phrase(
        TimeLost,
        r"\b(?:\d+|an|one|two|three|four|five|six|seven|eight|nine|ten|several|many) (?:(?:more|full|whole|long|entire|extra) )?(?:minutes?|mins?|hours?|hrs?|days?) (?:on (?:the )?(?:phone|hold|line)|of my (?:time|life|day)|wasted|chasing)\b",
    ),
    phrase(
        TimeLost,
        r"\b(?:wasted|wasting|lost|losing) (?:\w+ ){0,2}?(?:time|hours?|days?|afternoon|morning|day|weekend|evening|week)\b",
    ),
    phrase(TimeLost, r"\bspent (?:\w+ ){0,3}?(?:on the phone|on hold|chasing|trying to)\b"),
    phrase(
        TimeLost,
        r"\b(?:took|take|taking|had to take) (?:a |the )?(?:day|days|morning|afternoon|time) off(?: work)?\b",
    ),
    phrase(TimeLost, r"\bmissed (?:work|a day of work|my flight|my appointment|the event|the party|the wedding)\b"),
    phrase(TimeLost, r"\b(?:stayed|stuck) (?:at )?(?:home|in) all day\b"),
    phrase(TimeLost, r"\bstill waiting\b"),
    phrase(
        TimeLost,
        r"\bfor (?:over |more than |almost |nearly )?(?:(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many) )?(?:days|weeks|months|ages|hours)(?: now| on end)?\b",
    ),
    // Money lost or at stake.
    phrase(
        MoneyLost,
        r"(?:[$£€]\s?\d[\d,]*(?:\.\d{1,2})?|\b\d[\d,]*(?:\.\d{1,2})?\s?(?:dollars|usd|eur|euros?|pounds|gbp|quid|bucks)\b)",
    ),
    phrase(
        MoneyLost,
        r"\b(?:charged|billed|debited)\b(?:\s+\S+){0,3}?\s+(?:twice|double|two times|three times|again|for nothing)\b",
    ),
    phrase(
        MoneyLost,
        r"\b(?:double[-\s]?(?:charged|billed)|over\s?charged|overcharging|out of pocket|waste of money)\b",
    ),
    phrase(
        MoneyLost,
        r"\b(?:lost|losing|wasted|cost me|costing me|cost us) (?:\w+ ){0,3}?(?:money|cash|dollars|pounds|euros|a fortune|a client|a customer|a sale|sales)\b",
    ),
    phrase(MoneyLost, r"\b(?:late|hidden|extra|cancellation|overdraft|bank) (?:fee|fees|charges?)\b"),
    phrase(MoneyLost, r"\b(?:paid|paying|pay) for (?:nothing|something (?:i|we) (?:never|didn't|did not))\b"),
    phrase(MoneyLost, r"\b(?:want|need|demand) (?:my|our) money back\b"),
    // Urgency.
    phrase(
        Urgency,
        r"\b(?:asap|urgent|urgently|emergency|immediately|right away|right now|as soon as possible|straight away|time[-\s]sensitive)\b",
    ),
    phrase(
        Urgency,
        r"\b(?:by|before) (?:tomorrow|tonight|today|end of (?:the )?day|eod|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend|christmas|noon)\b",
    ),
    phrase(
        Urgency,
        r"\bneed (?:this|it|them|the \w+|my \w+) (?:by|before|for) (?:tomorrow|tonight|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|the weekend|my \w+|our \w+|the \w+)\b",
    ),
    phrase(
        Urgency,
        r"\b(?:wedding|funeral|birthday|party|flight|surgery|interview|exam|event) (?:is )?(?:tomorrow|tonight|today|this (?:week|weekend|monday|tuesday|wednesday|thursday|friday|saturday|sunday)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday))\b",
    ),
    // Repeated contact and recurrence: the customer has been here before.
    phrase(RepeatContact, r"\b(?:second|third|fourth|fifth|sixth|\d+(?:st|nd|rd|th)|umpteenth|nth) time\b"),
    phrase(
        RepeatContact,
        r"\b(?:called|rang|phoned|contacted|emailed|e-mailed|written|wrote|messaged|chatted|asked|explained|complained|reached out|been transferred|transferred)\b(?:\s+\S+){0,4}?\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|multiple|many|numerous|countless|a dozen|so many) (?:times|occasions)\b",
    ),
    phrase(RepeatContact, r"\b(?:yet again|once again|again and again|over and over|time after time)\b"),
    phrase(
        RepeatContact,
        r"\bevery (?:single )?time (?:i|we) (?:call|ring|phone|email|contact|write|chat|ask|order)\b",
    ),
    phrase(
        RepeatContact,
        r"\b(?:no one|nobody|no-one)(?: has| ever)? (?:got(?:ten)? back|replied|responded|answered|called (?:me )?back|returned my \w+|bothered)\b",
    ),
    phrase(
        RepeatContact,
        r"\b(?:keep|kept) (?:getting|being) (?:transferred|passed|bounced|told|cut off|disconnected|ignored)\b",
    ),
    phrase(
        RepeatContact,
        r"\b(?:last|previous|my) (?:\d+|two|three|four|five|six|several) (?:emails|messages|calls|tickets|complaints|letters)\b",
    ),
    phrase(RepeatContact, r"\bstill (?:not|no|hasn't|haven't|hasnt|havent|isn't|isnt|broken|nothing|nobody|no one)\b"),
    phrase(
        RepeatContact,
        r"\b(?:broke|broken|late|wrong|delayed|missing|lost|down|charged|billed|happened|failed|crashed|cancell?ed|overcharged|damaged)\b(?:[^.!?\n]{0,40}?\s|[.!,]*\s+)again\b",
    ),
    // Sarcasm: praise words used to mean the opposite.
    fixed(Sarcasm, r"\bthank(?:s| you)(?: (?:so much|a lot|very much))? for nothing\b"),
    fixed(
        Sarcasm,
        r"\b(?:oh|yeah),? (?:great|perfect|wonderful|fantastic|brilliant|lovely|super|terrific|awesome|good)\b",
    ),
    fixed(
        Sarcasm,
        r"\b(?:great|perfect|wonderful|fantastic|brilliant)[.!] just (?:great|perfect|wonderful|fantastic|brilliant)\b",
    ),
    fixed(Sarcasm, r"\byeah,? right\b"),
    fixed(
        Sarcasm,
        r"\b(?:love|loving|enjoy|enjoying|adore) (?:being (?:ignored|lied to|charged|transferred|kept waiting|put on hold|told)|waiting|paying (?:twice|extra|more)|having to)\b",
    ),
    fixed(Sarcasm, r"\bwhat a (?:surprise|shock)\b"),
    fixed(
        Sarcasm,
        r"\b(?:great|fantastic|brilliant|excellent|stellar|amazing|wonderful|nice|good) (?:job|work|going)\b(?:\s+\S+){0,2}?\s+(?:losing|breaking|ignoring|sending|charging|messing|forgetting|cancell?ing|damaging)\b",
    ),
    fixed(Sarcasm, r"\bthank(?:s| you)\b[^.!?\n]{0,40}\b(?:automated|template|canned|copy[-\s]paste)\b"),
    fixed(Sarcasm, r"\bsure,? take your time\b"),
];

/// The phrase table compiled once: a set to find which phrases occur, and each phrase
/// on its own to find where.
struct Compiled {
    set: RegexSet,
    each: Vec<Regex>,
}

static COMPILED: LazyLock<Compiled> = LazyLock::new(|| {
    let patterns: Vec<String> = PHRASES.iter().map(|phrase| expand(phrase.pattern)).collect();
    let set = RegexSet::new(&patterns).expect("the phrase table compiles");
    let each = patterns.iter().map(|pattern| Regex::new(pattern).expect("each phrase compiles")).collect();
    Compiled { set, each }
});

/// Turns the table's readable notation into a regular expression.
fn expand(pattern: &str) -> String {
    let body = pattern.replace("'", "['’]").replace(' ', r"\s+").replace(r"\b", r"(?-u:\b)");
    format!("(?i){body}")
}

/// A phrase cue found in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct PhraseMatch {
    pub(super) kind: CueKind,
    pub(super) span: Range<usize>,
}

/// Every phrase cue in `text` that no negation cancels, in table order.
pub(super) fn find(text: &str) -> Vec<PhraseMatch> {
    let compiled = &*COMPILED;
    let mut found = Vec::new();
    for index in compiled.set.matches(text).iter() {
        let phrase = &PHRASES[index];
        for matched in compiled.each[index].find_iter(text) {
            let span = trim_trailing_punctuation(text, matched.range());
            if phrase.negatable && is_negated(text, span.start) {
                continue;
            }
            found.push(PhraseMatch { kind: phrase.kind, span });
        }
    }
    found
}

/// Phrases that end at a clause boundary match the boundary too; the cue is the words.
fn trim_trailing_punctuation(text: &str, span: Range<usize>) -> Range<usize> {
    let trimmed = text[span.clone()].trim_end_matches(|c: char| c.is_whitespace() || ".!;".contains(c));
    span.start..span.start + trimmed.len()
}

/// Whether a negation among the three words before `start`, in the same clause, cancels
/// the phrase there: "I'm not going to cancel my account", "no need to close my account".
/// A negated request to make the customer act is still a threat ("don't make me cancel").
fn is_negated(text: &str, start: usize) -> bool {
    let mut from = start.saturating_sub(80);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let before = &text[from..start];
    let clause_start = before.rfind(['.', '!', '?', ';', ':', ',', '\n']).map_or(0, |at| at + 1);
    let clause: Vec<String> =
        words(&before[clause_start..]).map(|word| word.text.to_lowercase().replace('’', "'")).collect();
    // Words after a conjunction start a new clause ("I don't care and I will cancel").
    let clause = match clause.iter().rposition(|word| is_conjunction(word)) {
        Some(at) => &clause[at + 1..],
        None => &clause[..],
    };
    let window = &clause[clause.len().saturating_sub(3)..];
    let Some(negator) = window.iter().rposition(|word| is_negator(word)) else {
        return false;
    };
    let phrase_start = words(&text[start..]).next().map(|word| word.text.to_lowercase());
    let is_causative = |word: &str| matches!(word, "make" | "making" | "force" | "forcing" | "let");
    !(window[negator + 1..].iter().any(|word| is_causative(word))
        || phrase_start.is_some_and(|word| is_causative(&word)))
}

fn is_negator(word: &str) -> bool {
    matches!(
        word,
        "not"
            | "no"
            | "never"
            | "cannot"
            | "nor"
            | "without"
            | "hardly"
            | "dont"
            | "wont"
            | "cant"
            | "didnt"
            | "doesnt"
            | "isnt"
            | "wasnt"
            | "arent"
            | "werent"
            | "havent"
            | "hasnt"
            | "wouldnt"
            | "shouldnt"
            | "couldnt"
    ) || word.ends_with("n't")
}

fn is_conjunction(word: &str) -> bool {
    matches!(word, "but" | "and" | "if" | "unless" | "or" | "so" | "because" | "until" | "otherwise")
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    fn found(text: &str) -> Vec<(CueKind, &str)> {
        find(text).into_iter().map(|matched| (matched.kind, &text[matched.span])).collect()
    }

    fn kinds(text: &str) -> Vec<CueKind> {
        find(text).into_iter().map(|matched| matched.kind).collect()
    }

    #[test]
    fn the_table_compiles() {
        assert_eq!(COMPILED.each.len(), PHRASES.len());
    }

    #[rstest]
    #[case("If this isn't fixed today I will cancel my account.", "cancel my account")]
    #[case("Cancel my subscription immediately.", "Cancel my subscription")]
    #[case("Never again. Worst experience ever.", "Never again")]
    #[case("I’ll be taking my business elsewhere.", "taking my business elsewhere")]
    #[case("You have lost a loyal customer.", "lost a loyal customer")]
    #[case("I'm switching to your competitor tomorrow.", "switching to your competitor")]
    #[case("I'm done with this company.", "I'm done with this company")]
    #[case("I will never order from you again.", "never order from you")]
    #[case("I won't be ordering from you again", "won't be ordering from you again")]
    #[case("Fix this or I'm gone.", "or I'm gone")]
    #[case("Please don't make me cancel, I like the product.", "make me cancel")]
    #[case("If nothing changes, we will cancel.", "we will cancel")]
    #[case("We are not renewing next year.", "are not renewing")]
    #[case("Honestly I'm thinking of closing my account.", "closing my account")]
    fn threats_to_leave(#[case] text: &str, #[case] expected: &str) {
        let threats: Vec<&str> =
            found(text).into_iter().filter(|(kind, _)| *kind == ThreatToLeave).map(|(_, text)| text).collect();
        assert_eq!(threats, vec![expected], "{text}");
    }

    #[rstest]
    #[case("I'm not going to cancel, I just want it fixed.")]
    #[case("I don't want to cancel my account.")]
    #[case("There's no need to close my account.")]
    #[case("I’d never cancel my membership over this.")]
    #[case("Please cancel my order and refund me.")]
    #[case("I cancelled my subscription in March but was still billed.")]
    #[case("I'll stay with you, the staff are lovely.")]
    #[case("I'm done with the setup, thanks!")]
    #[case("I will leave the parcel with my neighbour.")]
    fn not_threats_to_leave(#[case] text: &str) {
        assert!(!kinds(text).contains(&ThreatToLeave), "{text}: {:?}", found(text));
    }

    #[rstest]
    #[case("I'm going to post this on every review site I can find.", PublicEscalation)]
    #[case("I'm sharing this on Twitter so others know.", PublicEscalation)]
    #[case("I will leave a one-star review.", PublicEscalation)]
    #[case("One star. Would give zero if I could.", PublicEscalation)]
    #[case("I will tell everyone I know to avoid your company.", PublicEscalation)]
    #[case("I'm contacting the press.", PublicEscalation)]
    #[case("My lawyer will be in touch.", LegalThreat)]
    #[case("I will be filing a complaint with the Better Business Bureau.", LegalThreat)]
    #[case("I'm considering legal action.", LegalThreat)]
    #[case("I'll dispute the charge with my bank.", LegalThreat)]
    #[case("We will sue you for this.", LegalThreat)]
    #[case("I was on hold for 45 minutes.", TimeLost)]
    #[case("I have been waiting three weeks for a pair of shoes.", TimeLost)]
    #[case("I've wasted my whole afternoon on this.", TimeLost)]
    #[case("I had to take a day off work for nothing.", TimeLost)]
    #[case("Still waiting.", TimeLost)]
    #[case("I was billed $49.99 for nothing.", MoneyLost)]
    #[case("You charged my card twice.", MoneyLost)]
    #[case("I got a late fee.", MoneyLost)]
    #[case("I want my money back.", MoneyLost)]
    #[case("The total was €89.50.", MoneyLost)]
    #[case("I need this by Friday.", Urgency)]
    #[case("Please fix it ASAP.", Urgency)]
    #[case("My wedding is on Saturday.", Urgency)]
    #[case("Her party is on Saturday.", Urgency)]
    #[case("It has said out for delivery for FIVE DAYS.", TimeLost)]
    #[case("This outage has already cost us a morning of sales.", MoneyLost)]
    #[case("This is the third time I've written.", RepeatContact)]
    #[case("I have called FIVE times.", RepeatContact)]
    #[case("Nobody has replied to my last four emails.", RepeatContact)]
    #[case("Package delivered to the wrong address again.", RepeatContact)]
    #[case("It's broken. Again.", RepeatContact)]
    #[case("Thanks for nothing.", Sarcasm)]
    #[case("Oh great, another delay.", Sarcasm)]
    #[case("Yeah right, like you'll call me back.", Sarcasm)]
    #[case("Love waiting on hold for an hour.", Sarcasm)]
    #[case("Fantastic job losing my package twice.", Sarcasm)]
    #[case("Brilliant. Just brilliant.", Sarcasm)]
    fn other_phrase_cues(#[case] text: &str, #[case] kind: CueKind) {
        assert!(kinds(text).contains(&kind), "{text}: {:?}", found(text));
    }

    #[rstest]
    #[case("Sue from your team was wonderful.", LegalThreat)]
    #[case("The bank transfer went through.", LegalThreat)]
    #[case("It's not urgent, whenever you can.", Urgency)]
    #[case("I didn't lose any money, luckily.", MoneyLost)]
    #[case("Great job on the quick fix!", Sarcasm)]
    #[case("I love how soft the fabric is.", Sarcasm)]
    #[case("I'll tell all my friends how great you are!", PublicEscalation)]
    #[case("Wow, great service!", Sarcasm)]
    #[case("I would happily order again.", RepeatContact)]
    #[case("I waited a moment and it loaded.", TimeLost)]
    fn close_calls_that_are_not_cues(#[case] text: &str, #[case] kind: CueKind) {
        assert!(!kinds(text).contains(&kind), "{text}: {:?}", found(text));
    }
}
