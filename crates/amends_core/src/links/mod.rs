//! Signed, expiring feedback links: CSAT and NPS scores and remedy choices.
//!
//! A token is `base64url(payload) "." base64url(HMAC-SHA256(key, payload))`, both without
//! padding. The payload is compact JSON carrying the key id, the purpose, the case and
//! recipient ids, the offered choice (remedy links only) and the expiry in Unix seconds.
//! New links are signed with the keyring's current key; links signed with a previous key keep
//! verifying until they expire, so a key can be rotated without breaking links already sent.
//!
//! Verification order: the token's shape ([`LinkError::Malformed`]), the key id
//! ([`LinkError::UnknownKey`]), the signature in constant time ([`LinkError::BadSignature`]),
//! then the expiry ([`LinkError::Expired`]). Nothing but the signature is trusted before it
//! is checked: the payload is only parsed to find which key to check it with.
//!
//! Single use needs storage, which this crate does not do: the store records
//! [`LinkClaims::nonce`] for links whose [`LinkClaims::single_use`] is true, in the same
//! transaction as the answer, and refuses a second answer with the same nonce.

use std::fmt;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use thiserror::Error;

type HmacSha256 = Hmac<Sha256>;

/// What a link asks the customer for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Purpose {
    /// Customer satisfaction, a score from 1 to 5.
    Csat,
    /// Net promoter score, a score from 0 to 10.
    Nps,
    /// One of the remedies offered; the link carries the index of the one it chooses.
    RemedyChoice,
}

impl Purpose {
    /// The scores this purpose accepts, or `None` for a remedy choice (the link is the answer).
    #[must_use]
    pub fn score_range(self) -> Option<std::ops::RangeInclusive<u8>> {
        match self {
            Self::Csat => Some(1..=5),
            Self::Nps => Some(0..=10),
            Self::RemedyChoice => None,
        }
    }

    /// Checks a submitted score: a CSAT of 6 or an NPS of 11 is refused.
    ///
    /// # Errors
    /// [`AnswerError::OutOfRange`] outside the purpose's range, [`AnswerError::NotScored`] for
    /// a remedy choice, whose answer is the choice the signed link carries.
    pub fn check_score(self, score: u8) -> Result<u8, AnswerError> {
        let range = self.score_range().ok_or(AnswerError::NotScored { purpose: self })?;
        if range.contains(&score) {
            Ok(score)
        } else {
            Err(AnswerError::OutOfRange { purpose: self, score, min: *range.start(), max: *range.end() })
        }
    }
}

/// A submitted answer that does not fit the link's purpose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Error)]
pub enum AnswerError {
    /// The score is outside the purpose's scale.
    #[error("a {purpose:?} score must be from {min} to {max}; got {score}")]
    OutOfRange {
        /// The link's purpose.
        purpose: Purpose,
        /// The score submitted.
        score: u8,
        /// The lowest score accepted.
        min: u8,
        /// The highest score accepted.
        max: u8,
    },
    /// A score was submitted to a link that takes none.
    #[error("a {purpose:?} link takes no score; the choice is in the link itself")]
    NotScored {
        /// The link's purpose.
        purpose: Purpose,
    },
}

/// What a link says, signed: who may answer what about which case, until when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkClaims {
    /// What the link asks for.
    pub purpose: Purpose,
    /// The case the answer belongs to.
    pub case_id: String,
    /// The person the link was sent to.
    pub recipient_id: String,
    /// For a remedy choice, the index of the remedy this link picks; `None` otherwise.
    pub choice: Option<u32>,
    /// When the link stops being valid, in Unix seconds: it verifies while `now < expires_at`.
    pub expires_at: i64,
}

impl LinkClaims {
    /// Whether only one answer may be recorded (a remedy is chosen once; scores may be revised).
    #[must_use]
    pub fn single_use(&self) -> bool {
        self.purpose == Purpose::RemedyChoice
    }

    /// A stable id for single-use enforcement: base64url of the first 16 bytes of SHA-256 over
    /// the purpose, case and recipient.
    ///
    /// The choice index and expiry are left out on purpose: a remedy offer sends one link per
    /// remedy, and once the customer has chosen through any of them the others must be refused
    /// too; a re-sent offer with a later expiry is still the same offer. The key id is not part
    /// of the claims, so rotation does not change it.
    #[must_use]
    pub fn nonce(&self) -> String {
        let mut hash = Sha256::new();
        for part in [purpose_key(self.purpose), self.case_id.as_str(), self.recipient_id.as_str()] {
            // Length-prefixed, so ("ab", "c") and ("a", "bc") differ.
            hash.update((part.len() as u64).to_be_bytes());
            hash.update(part.as_bytes());
        }
        URL_SAFE_NO_PAD.encode(&hash.finalize()[..16])
    }
}

fn purpose_key(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Csat => "csat",
        Purpose::Nps => "nps",
        Purpose::RemedyChoice => "remedy_choice",
    }
}

/// A signing key and its id. `Debug` shows the id only.
#[derive(Clone)]
pub struct Secret {
    id: String,
    key: Vec<u8>,
}

/// The shortest key accepted, in bytes: HMAC-SHA256's full strength needs 32.
pub const MIN_SECRET_BYTES: usize = 32;

impl Secret {
    /// A key with its id (the id is written into every token it signs, so keep it short).
    ///
    /// # Errors
    /// [`SecretError`] when the id is empty or the key shorter than [`MIN_SECRET_BYTES`].
    pub fn new(id: impl Into<String>, key: impl Into<Vec<u8>>) -> Result<Self, SecretError> {
        let (id, key) = (id.into(), key.into());
        if id.is_empty() {
            return Err(SecretError::EmptyId);
        }
        if key.len() < MIN_SECRET_BYTES {
            return Err(SecretError::TooShort { id, len: key.len() });
        }
        Ok(Self { id, key })
    }

    /// The key id.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.id
    }

    fn mac(&self) -> HmacSha256 {
        <HmacSha256 as Mac>::new_from_slice(&self.key).expect("HMAC accepts keys of any length")
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret").field("id", &self.id).field("key", &"<redacted>").finish()
    }
}

/// A key that cannot be used for signing.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SecretError {
    /// The key id is empty.
    #[error("a link-signing key needs a non-empty id")]
    EmptyId,
    /// The key is too short.
    #[error("link-signing key {id:?} is {len} bytes; use at least {MIN_SECRET_BYTES} random bytes")]
    TooShort {
        /// The key's id.
        id: String,
        /// Its length in bytes.
        len: usize,
    },
}

/// The current key, which signs, and previous keys, which only verify.
#[derive(Debug, Clone)]
pub struct Keyring {
    current: Secret,
    previous: Vec<Secret>,
}

impl Keyring {
    /// A keyring that signs with `current` and still accepts links signed with `previous`.
    #[must_use]
    pub fn new(current: Secret, previous: Vec<Secret>) -> Self {
        Self { current, previous }
    }

    /// The key new links are signed with.
    #[must_use]
    pub fn current(&self) -> &Secret {
        &self.current
    }

    fn find(&self, id: &str) -> Option<&Secret> {
        std::iter::once(&self.current).chain(&self.previous).find(|s| s.id == id)
    }
}

/// Why a token was refused. The public page says only that the link is not valid (or has
/// expired); the variant is for logs and counters.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum LinkError {
    /// Not a token this code produced: wrong shape, bad base64, or an unreadable payload.
    #[error("the link is malformed")]
    Malformed,
    /// Signed with a key id the keyring does not hold (retired, or never ours).
    #[error("the link was signed with unknown key {key_id:?}")]
    UnknownKey {
        /// The key id the token names.
        key_id: String,
    },
    /// The signature does not match the payload: forged or altered.
    #[error("the link's signature does not match")]
    BadSignature,
    /// The link's expiry has passed.
    #[error("the link expired at {expires_at} (Unix seconds)")]
    Expired {
        /// When it expired, in Unix seconds.
        expires_at: i64,
    },
}

/// The signed payload. Field names are short because they ride in every URL; the layout is a
/// stable contract with links already sent.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Payload {
    kid: String,
    p: Purpose,
    c: String,
    r: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    i: Option<u32>,
    exp: i64,
}

/// Signs `claims` with `secret` and returns the token.
#[must_use]
pub fn sign(claims: &LinkClaims, secret: &Secret) -> String {
    let payload = Payload {
        kid: secret.id.clone(),
        p: claims.purpose,
        c: claims.case_id.clone(),
        r: claims.recipient_id.clone(),
        i: claims.choice,
        exp: claims.expires_at,
    };
    // Serializing a struct of strings and integers cannot fail.
    let payload = serde_json::to_vec(&payload).unwrap_or_default();
    let mut mac = secret.mac();
    mac.update(&payload);
    let tag = mac.finalize().into_bytes();
    format!("{}.{}", URL_SAFE_NO_PAD.encode(&payload), URL_SAFE_NO_PAD.encode(tag))
}

/// Checks a token against the keyring at `now` (Unix seconds) and returns its claims.
///
/// # Errors
/// A [`LinkError`]; see the module docs for the order of checks.
pub fn verify(token: &str, keyring: &Keyring, now: i64) -> Result<LinkClaims, LinkError> {
    let (payload, tag) = token.split_once('.').ok_or(LinkError::Malformed)?;
    let payload = URL_SAFE_NO_PAD.decode(payload).map_err(|_| LinkError::Malformed)?;
    let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| LinkError::Malformed)?;
    let parsed: Payload = serde_json::from_slice(&payload).map_err(|_| LinkError::Malformed)?;
    let secret = keyring.find(&parsed.kid).ok_or_else(|| LinkError::UnknownKey { key_id: parsed.kid.clone() })?;
    let mut mac = secret.mac();
    mac.update(&payload);
    mac.verify_slice(&tag).map_err(|_| LinkError::BadSignature)?;
    if now >= parsed.exp {
        return Err(LinkError::Expired { expires_at: parsed.exp });
    }
    Ok(LinkClaims {
        purpose: parsed.p,
        case_id: parsed.c,
        recipient_id: parsed.r,
        choice: parsed.i,
        expires_at: parsed.exp,
    })
}

#[cfg(test)]
mod tests;
