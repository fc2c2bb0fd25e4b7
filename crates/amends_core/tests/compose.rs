//! The composer end to end: every built-in form and channel passes the lint gate, phrasing
//! varies across recipients while every fact stays, customer text stays data, and errors
//! name what is wrong.

use std::collections::HashSet;

use amends_core::channel::Channel;
use amends_core::compose::{ComposeError, ComposeRequest, Composer, ComposerSettings, Form, TemplateSource};
use amends_core::facts::{CaseFacts, Cause, Choice, Remedy, RemedyKind, Severity, When};

const SWEATER: &str = include_str!("data/sweater.toml");
const OUTAGE: &str = include_str!("data/outage.toml");

fn composer() -> Composer {
    Composer::new(ComposerSettings::default()).expect("built-in templates compile")
}

fn request(form: Form, channel: Channel, key: &str) -> ComposeRequest<'_> {
    ComposeRequest { form, channel: Some(channel), recipient_key: key, today: None }
}

/// The sweater case with the update and resolution facts the other forms need.
fn full_facts() -> CaseFacts {
    let mut facts = CaseFacts::from_toml(SWEATER).expect("valid facts");
    let outage = CaseFacts::from_toml(OUTAGE).expect("valid facts");
    facts.update = Some(amends_core::facts::Update {
        known: "the parcel with your blue sweater is at our Chicago depot".into(),
        unknown: Some("whether the courier can collect it before the weekend".into()),
        doing: "our depot team is moving it to the express lane".into(),
        next_update_at: When::parse("2026-11-20T12:00").expect("date"),
    });
    facts.resolution = Some(amends_core::facts::Resolution {
        resolved_on: When::parse("2026-11-21").expect("date"),
        text: Some("the blue sweater was delivered to you".into()),
    });
    assert!(outage.update.is_some());
    facts
}

fn choices() -> Vec<Choice> {
    vec![
        Choice {
            label: "a full refund of the $68.00 you paid".into(),
            pros: Some("the money is back on your card within five days".into()),
            cons: Some("you would need to reorder the sweater yourself".into()),
        },
        Choice {
            label: "a second sweater in any colour, free".into(),
            pros: Some("you keep both".into()),
            cons: Some("it ships next week".into()),
        },
    ]
}

#[test]
fn every_form_channel_severity_cause_and_remedy_passes_the_gate() {
    let composer = composer();
    let mut cases = Vec::new();
    for severity in [Severity::Low, Severity::Medium, Severity::High, Severity::Critical] {
        for cause_known in [true, false] {
            for remedy in ["remedy", "choices", "none"] {
                let mut facts = full_facts();
                facts.severity = severity;
                if !cause_known {
                    facts.cause = Some(Cause {
                        known: false,
                        text: None,
                        why_unknown: Some("the warehouse scanner logs for that shift are still being recovered".into()),
                        known_by: When::parse("2026-11-23"),
                    });
                }
                match remedy {
                    "choices" => {
                        facts.remedy = None;
                        facts.choices = choices();
                    }
                    "none" => facts.remedy = None,
                    _ => {}
                }
                cases.push((format!("{severity:?}/cause-known={cause_known}/{remedy}"), facts));
            }
        }
    }
    let failures: Vec<String> = std::thread::scope(|scope| {
        let halves: Vec<_> = cases
            .chunks(cases.len().div_ceil(2))
            .map(|chunk| {
                let composer = &composer;
                scope.spawn(move || {
                    let mut failures = Vec::new();
                    for (name, facts) in chunk {
                        for form in Form::ALL {
                            for channel in Channel::ALL {
                                let label = format!("{form} {channel} {name}");
                                match composer.compose(facts, &request(form, channel, &label)) {
                                    Ok(message) if message.lint.score >= 90 => {}
                                    Ok(message) => failures.push(format!(
                                        "{label}: score {}: {:?}\n{}",
                                        message.lint.score,
                                        message
                                            .lint
                                            .diagnostics
                                            .iter()
                                            .map(|found| format!("{} {}", found.code, found.message))
                                            .collect::<Vec<_>>(),
                                        message.text
                                    )),
                                    Err(error) => failures.push(format!("{label}: {error}")),
                                }
                            }
                        }
                    }
                    failures
                })
            })
            .collect();
        halves.into_iter().flat_map(|half| half.join().expect("no panic")).collect()
    });
    assert!(failures.is_empty(), "{} of {} failed:\n{}", failures.len(), cases.len() * 20, failures.join("\n\n"));
}

/// Masks what legitimately differs between recipients: their names.
fn masked(text: &str, names: &[&str]) -> String {
    names.iter().fold(text.to_owned(), |text, name| text.replace(name, "<NAME>"))
}

#[test]
fn one_incident_for_a_thousand_customers_reads_differently_and_keeps_every_fact() {
    let composer = composer();
    let template = CaseFacts::from_toml(SWEATER).expect("valid facts");
    let mut bodies = HashSet::new();
    for index in 0..1000 {
        let mut facts = template.clone();
        let first = format!("Customer{index}");
        let full = format!("{first} Lastname{index}");
        facts.customer.name = full.clone();
        facts.customer.first_name = Some(first.clone());
        let key = format!("customer-{index}@example.com");
        let message = composer.render(&facts, &request(Form::Apology, Channel::Email, &key)).expect("renders");
        for fact in [
            "we shipped a pink cable-knit sweater instead of the blue one you ordered",
            "order #48213",
            "Wednesday, November 18",
            "you had planned it as a birthday present for your brother this weekend",
            "a labelling error in our warehouse put the pink and the blue sweaters in the same bin",
            "a blue sweater in your size left our warehouse this morning by express courier",
            "Saturday, November 21",
            "the warehouse now scans each item's colour code before it is packed",
            "$15.00 credit",
            "Tuesday, November 24",
            "sam.ortiz@northwindknits.example",
            "Sam Ortiz",
        ] {
            // A fact may open a sentence, so its first letter may be a capital.
            let lower = message.text.to_lowercase();
            assert!(lower.contains(&fact.to_lowercase()), "recipient {index} lacks `{fact}`:\n{}", message.text);
        }
        assert!(message.text.contains(&first), "recipient {index} is not greeted by name");
        bodies.insert(masked(&message.text, &[&full, &first]));
    }
    assert!(bodies.len() >= 50, "only {} distinct bodies in 1,000", bodies.len());
}

#[test]
fn a_preview_equals_the_message_sent_and_the_key_chooses_the_phrasing() {
    let composer = composer();
    let facts = CaseFacts::from_toml(SWEATER).expect("valid facts");
    let first = composer.render(&facts, &request(Form::Apology, Channel::Email, "dana@example.com")).unwrap();
    let again = composer.render(&facts, &request(Form::Apology, Channel::Email, "dana@example.com")).unwrap();
    assert_eq!(first, again);
    let texts: HashSet<String> = (0..20)
        .map(|key| composer.render(&facts, &request(Form::Apology, Channel::Email, &key.to_string())).unwrap().text)
        .collect();
    assert!(texts.len() > 5, "{}", texts.len());
}

#[test]
fn customer_text_is_data_never_template_source() {
    let composer = composer();
    let mut facts = CaseFacts::from_toml(SWEATER).expect("valid facts");
    facts.customer.name = "{{ 7*7 }} <script>alert(1)</script>".into();
    facts.customer.first_name = Some("{{ 7*7 }}<script>".into());
    facts.incident.what_happened = "we shipped {% if true %}the wrong{% endif %} sweater & <b>more</b>".into();
    let message = composer.render(&facts, &request(Form::Apology, Channel::Email, "k")).unwrap();
    assert!(message.text.contains("{{ 7*7 }}<script>"), "{}", message.text);
    assert!(!message.text.contains("49"));
    assert!(message.text.contains("{% if true %}the wrong{% endif %}"));
    let html = message.html.expect("email has HTML");
    assert!(html.contains("{{ 7*7 }}&lt;script&gt;"), "{html}");
    assert!(html.contains("&amp; &lt;b&gt;more&lt;/b&gt;"));
    assert!(!html.contains("<script>"));
    // The gate sees the unfilled-looking placeholder and asks a person to look.
    match composer.compose(&facts, &request(Form::Apology, Channel::Email, "k")) {
        Err(ComposeError::GateRefused { report, .. }) => {
            assert!(report.diagnostics.iter().any(|found| found.code == "ST306"));
        }
        other => panic!("expected the gate to refuse: {other:?}"),
    }
}

#[test]
fn missing_facts_are_named_with_their_paths() {
    let composer = composer();
    let mut facts = CaseFacts::from_toml(SWEATER).expect("valid facts");
    facts.fix = None;
    facts.cause = None;
    facts.sender = None;
    let Err(ComposeError::MissingFacts { errors, .. }) =
        composer.render(&facts, &request(Form::Apology, Channel::Email, "k"))
    else {
        panic!("expected missing facts");
    };
    let paths: Vec<&str> = errors.0.iter().map(|error| error.path.as_str()).collect();
    assert_eq!(paths, ["sender", "fix", "cause"]);
    let Err(ComposeError::MissingFacts { errors, .. }) =
        composer.render(&CaseFacts::from_toml(SWEATER).unwrap(), &request(Form::Update, Channel::Sms, "k"))
    else {
        panic!("expected missing facts");
    };
    assert_eq!(errors.0[0].path, "update");
}

#[test]
fn a_repeat_customer_hears_it_happened_before_and_what_is_different() {
    let composer = composer();
    let mut facts = CaseFacts::from_toml(SWEATER).expect("valid facts");
    facts.customer.previous_incidents = 1;
    let message = composer.compose(&facts, &request(Form::Apology, Channel::Email, "k")).unwrap();
    assert!(message.text.contains("second time"), "{}", message.text);
    assert!(message.text.contains("what is different now"), "{}", message.text);
    facts.prevention = None;
    let Err(ComposeError::MissingFacts { errors, .. }) =
        composer.render(&facts, &request(Form::Apology, Channel::Email, "k"))
    else {
        panic!("a repeat needs prevention");
    };
    assert_eq!(errors.0[0].path, "prevention.text");
}

#[test]
fn strict_templates_name_the_undefined_variable_and_line() {
    let overrides = TemplateSource {
        templates: vec![(
            "apology.chat.j2".into(),
            "Hi {{ customer.greeting }},\nsorry about {{ incident.wat }}.".into(),
        )],
    };
    let composer = Composer::new(ComposerSettings { templates: Some(overrides), ..ComposerSettings::default() })
        .expect("compiles");
    let facts = CaseFacts::from_toml(SWEATER).expect("valid facts");
    match composer.render(&facts, &request(Form::Apology, Channel::Chat, "k")) {
        Err(ComposeError::Template { name, line, variable, .. }) => {
            assert_eq!(name, "apology.chat.j2");
            assert_eq!(line, Some(2));
            assert_eq!(variable.as_deref(), Some("incident.wat"));
        }
        other => panic!("expected a template error: {other:?}"),
    }
    let broken = TemplateSource { templates: vec![("apology.chat.j2".into(), "{% if %}".into())] };
    assert!(matches!(
        Composer::new(ComposerSettings { templates: Some(broken), ..ComposerSettings::default() }),
        Err(ComposeError::Template { .. })
    ));
}

#[test]
fn short_channels_fit_and_public_replies_stay_private() {
    let composer = composer();
    let facts = CaseFacts::from_toml(OUTAGE).expect("valid facts");
    for form in Form::ALL {
        let sms = composer.compose(&facts, &request(form, Channel::Sms, "k")).unwrap();
        assert!(sms.text.is_ascii(), "{}", sms.text);
        assert!(sms.text.chars().count() <= 306, "{} chars:\n{}", sms.text.len(), sms.text);
        let social = composer.compose(&facts, &request(form, Channel::Social, "k")).unwrap();
        assert!(social.text.chars().count() <= 280, "{}", social.text);
        for private in ["AC-20417", "Raman", "+44", "priya@", "£", "$"] {
            assert!(!social.text.contains(private), "{private} in public: {}", social.text);
        }
    }
}

#[test]
fn dates_and_amounts_follow_the_locale() {
    let composer = composer();
    let mut facts = CaseFacts::from_toml(SWEATER).expect("valid facts");
    facts.customer.locale = Some("en-GB".into());
    facts.remedy =
        Some(Remedy { kind: RemedyKind::Credit, amount: Some("15".into()), currency: Some("GBP".into()), text: None });
    let message = composer.compose(&facts, &request(Form::Apology, Channel::Email, "k")).unwrap();
    assert!(message.text.contains("Saturday 21 November"), "{}", message.text);
    assert!(message.text.contains("£15.00 credit"), "{}", message.text);
}

#[test]
fn snapshots_of_representative_messages() {
    let composer = composer();
    let sweater = full_facts();
    let outage = CaseFacts::from_toml(OUTAGE).expect("valid facts");
    for (name, facts, form, channel) in [
        ("sweater_apology_email", &sweater, Form::Apology, Channel::Email),
        ("sweater_apology_sms", &sweater, Form::Apology, Channel::Sms),
        ("sweater_follow_up_email", &sweater, Form::FollowUp, Channel::Email),
        ("outage_apology_letter", &outage, Form::Apology, Channel::Letter),
        ("outage_update_email", &outage, Form::Update, Channel::Email),
        ("outage_resolution_chat", &outage, Form::Resolution, Channel::Chat),
        ("outage_apology_social", &outage, Form::Apology, Channel::Social),
    ] {
        let message = composer.compose(facts, &request(form, channel, "snapshot")).unwrap();
        let shown = match &message.subject {
            Some(subject) => format!("Subject: {subject}\n\n{}", message.text),
            None => message.text.clone(),
        };
        insta::assert_snapshot!(name, shown);
    }
    let html = composer.render(&sweater, &request(Form::Apology, Channel::Email, "snapshot")).unwrap().html.unwrap();
    insta::assert_snapshot!("sweater_apology_email_html", html);
}

/// The sweater case with the customer's own messages and no intensity given by an agent.
fn facts_with_messages(messages: &[&str]) -> CaseFacts {
    let mut facts = CaseFacts::from_toml(SWEATER).expect("valid facts");
    facts.severity = Severity::Medium;
    facts.complaint = Some(amends_core::facts::Complaint {
        intensity: None,
        messages: messages.iter().map(|message| (*message).to_owned()).collect(),
    });
    facts
}

#[test]
fn a_furious_thread_gets_a_stronger_apology_than_a_calm_one() {
    let composer = composer();
    let furious = facts_with_messages(&[
        "Where is my sweater? It was meant to be a birthday present.",
        "This is the SECOND time you've got my order wrong!!! Absolutely useless. Cancel my account.",
    ]);
    let calm =
        facts_with_messages(&["Hi, the sweater that arrived is pink, but I ordered the blue one. Could you help?"]);
    let text = |facts: &CaseFacts| {
        composer
            .compose(facts, &request(Form::Apology, Channel::Email, "dana@example.com"))
            .expect("passes the gate")
            .text
    };
    assert!(text(&furious).contains("You were right to be upset"), "{}", text(&furious));
    assert!(!text(&calm).contains("You were right to be upset"), "{}", text(&calm));
}
