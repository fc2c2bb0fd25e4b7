//! Round trips and every way a token can be refused.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rstest::rstest;

use super::*;

const NOW: i64 = 1_796_000_000;

fn secret(id: &str, byte: u8) -> Secret {
    Secret::new(id, vec![byte; 32]).unwrap_or_else(|e| panic!("{e}"))
}

fn claims(purpose: Purpose, choice: Option<u32>) -> LinkClaims {
    LinkClaims { purpose, case_id: "case-42".into(), recipient_id: "cust-7".into(), choice, expires_at: NOW + 3600 }
}

fn keyring() -> Keyring {
    Keyring::new(secret("k2", 2), vec![secret("k1", 1)])
}

#[rstest]
#[case(Purpose::Csat, None)]
#[case(Purpose::Nps, None)]
#[case(Purpose::RemedyChoice, Some(1))]
fn round_trips(#[case] purpose: Purpose, #[case] choice: Option<u32>) {
    let claims = claims(purpose, choice);
    let token = sign(&claims, keyring().current());
    assert_eq!(verify(&token, &keyring(), NOW), Ok(claims));
    assert!(!token.contains(['=', '+', '/']), "token must be URL-safe: {token}");
}

/// Re-encodes the payload after `edit`, keeping the original signature.
fn tamper_payload(token: &str, edit: impl FnOnce(&mut serde_json::Value)) -> String {
    let (payload, tag) = token.split_once('.').unwrap_or_default();
    let bytes = URL_SAFE_NO_PAD.decode(payload).unwrap_or_default();
    let mut json: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
    edit(&mut json);
    format!("{}.{tag}", URL_SAFE_NO_PAD.encode(json.to_string()))
}

#[test]
fn a_tampered_payload_is_refused() {
    let token = sign(&claims(Purpose::RemedyChoice, Some(0)), keyring().current());
    let other_choice = tamper_payload(&token, |json| json["i"] = 3.into());
    assert_eq!(verify(&other_choice, &keyring(), NOW), Err(LinkError::BadSignature));
    let longer = tamper_payload(&token, |json| json["exp"] = (NOW + 999_999).into());
    assert_eq!(verify(&longer, &keyring(), NOW), Err(LinkError::BadSignature));
}

#[test]
fn a_tampered_signature_is_refused() {
    let token = sign(&claims(Purpose::Csat, None), keyring().current());
    let (payload, tag) = token.split_once('.').unwrap_or_default();
    let mut bytes = URL_SAFE_NO_PAD.decode(tag).unwrap_or_default();
    bytes[0] ^= 1;
    let forged = format!("{payload}.{}", URL_SAFE_NO_PAD.encode(&bytes));
    assert_eq!(verify(&forged, &keyring(), NOW), Err(LinkError::BadSignature));
    let truncated = format!("{payload}.{}", URL_SAFE_NO_PAD.encode(&bytes[..16]));
    assert_eq!(verify(&truncated, &keyring(), NOW), Err(LinkError::BadSignature));
}

#[test]
fn a_key_of_the_same_id_but_other_bytes_does_not_verify() {
    let token = sign(&claims(Purpose::Nps, None), &secret("k2", 9));
    assert_eq!(verify(&token, &keyring(), NOW), Err(LinkError::BadSignature));
}

#[test]
fn expires_at_the_expiry_second() {
    let token = sign(&claims(Purpose::Csat, None), keyring().current());
    assert!(verify(&token, &keyring(), NOW + 3599).is_ok());
    assert_eq!(verify(&token, &keyring(), NOW + 3600), Err(LinkError::Expired { expires_at: NOW + 3600 }));
}

#[test]
fn links_signed_with_a_previous_key_still_verify() {
    let old = sign(&claims(Purpose::Csat, None), &secret("k1", 1));
    assert!(verify(&old, &keyring(), NOW).is_ok());
    // Once k1 is dropped from the ring, its links are refused by id.
    let rotated_out = Keyring::new(secret("k2", 2), Vec::new());
    assert_eq!(verify(&old, &rotated_out, NOW), Err(LinkError::UnknownKey { key_id: "k1".into() }));
}

#[test]
fn an_unknown_key_id_is_refused() {
    let token = sign(&claims(Purpose::Csat, None), &secret("k9", 1));
    assert_eq!(verify(&token, &keyring(), NOW), Err(LinkError::UnknownKey { key_id: "k9".into() }));
}

#[rstest]
#[case("")]
#[case("no-dot")]
#[case("!!!.???")]
#[case("e30.AAAA")] // `{}`: valid base64 and JSON, but not a payload
#[case("bm90IGpzb24.AAAA")] // "not json"
fn malformed_tokens_are_refused(#[case] token: &str) {
    assert_eq!(verify(token, &keyring(), NOW), Err(LinkError::Malformed));
}

#[test]
fn scores_are_checked_against_the_purpose() {
    assert_eq!(Purpose::Csat.check_score(5), Ok(5));
    assert_eq!(
        Purpose::Csat.check_score(6),
        Err(AnswerError::OutOfRange { purpose: Purpose::Csat, score: 6, min: 1, max: 5 })
    );
    assert!(Purpose::Csat.check_score(0).is_err());
    assert_eq!(Purpose::Nps.check_score(0), Ok(0));
    assert!(Purpose::Nps.check_score(11).is_err());
    assert_eq!(Purpose::RemedyChoice.check_score(1), Err(AnswerError::NotScored { purpose: Purpose::RemedyChoice }));
}

#[test]
fn the_nonce_is_shared_by_every_choice_of_one_offer() {
    let first = claims(Purpose::RemedyChoice, Some(0));
    let mut second = claims(Purpose::RemedyChoice, Some(2));
    second.expires_at += 86_400;
    assert!(first.single_use());
    assert!(!claims(Purpose::Csat, None).single_use());
    assert_eq!(first.nonce(), second.nonce());
    let mut other_case = first.clone();
    other_case.case_id = "case-43".into();
    assert_ne!(first.nonce(), other_case.nonce());
    assert_ne!(first.nonce(), claims(Purpose::Csat, None).nonce());
}

#[test]
fn secrets_are_checked_and_never_printed() {
    assert_eq!(Secret::new("", vec![0; 32]).err(), Some(SecretError::EmptyId));
    assert!(matches!(Secret::new("k", vec![0; 8]), Err(SecretError::TooShort { len: 8, .. })));
    let shown = format!("{:?}", secret("k1", 0xAB));
    assert!(shown.contains("redacted") && !shown.contains("171"), "{shown}");
}
