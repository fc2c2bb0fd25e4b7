//! The channels a message travels on, and what each expects.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Where a message is read.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Email: a complete apology with every element.
    #[default]
    Email,
    /// A printed letter: complete and formal.
    Letter,
    /// Live chat: short turns, the essentials first.
    Chat,
    /// A text message: at most two segments.
    Sms,
    /// A public social media reply: acknowledge, apologize, move to a private channel.
    Social,
}

/// The length a channel allows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LengthLimit {
    /// Above this many characters the message is refused or split by the channel.
    pub hard_chars: Option<usize>,
    /// Above this many words readers stop reading carefully.
    pub soft_words: usize,
}

impl Channel {
    /// Every channel, in display order.
    pub const ALL: [Channel; 5] = [Channel::Email, Channel::Letter, Channel::Chat, Channel::Sms, Channel::Social];

    /// The lowercase name used in configuration and output.
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Email => "email",
            Channel::Letter => "letter",
            Channel::Chat => "chat",
            Channel::Sms => "sms",
            Channel::Social => "social",
        }
    }

    /// How long a message on this channel may be.
    ///
    /// SMS: two concatenated GSM-7 segments are 306 characters. Social: a public reply of
    /// 280 characters. Email, letter and chat have no hard limit but a reading limit.
    pub fn length_limit(self) -> LengthLimit {
        match self {
            Channel::Email => LengthLimit { hard_chars: None, soft_words: 400 },
            Channel::Letter => LengthLimit { hard_chars: None, soft_words: 550 },
            Channel::Chat => LengthLimit { hard_chars: None, soft_words: 120 },
            Channel::Sms => LengthLimit { hard_chars: Some(306), soft_words: 60 },
            Channel::Social => LengthLimit { hard_chars: Some(280), soft_words: 55 },
        }
    }

    /// Whether a message on this channel opens with a greeting that names the customer.
    pub fn expects_salutation(self) -> bool {
        matches!(self, Channel::Email | Channel::Letter)
    }
}

impl fmt::Display for Channel {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str(self.as_str())
    }
}

/// A channel name that is not one of ours.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown channel `{0}`: expected one of email, letter, chat, sms, social")]
pub struct UnknownChannel(pub String);

impl FromStr for Channel {
    type Err = UnknownChannel;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Channel::ALL
            .into_iter()
            .find(|channel| channel.as_str().eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| UnknownChannel(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_names_case_insensitively() {
        assert_eq!("SMS".parse::<Channel>(), Ok(Channel::Sms));
        assert_eq!(" letter ".parse::<Channel>(), Ok(Channel::Letter));
        let error = "fax".parse::<Channel>().unwrap_err();
        assert_eq!(error.to_string(), "unknown channel `fax`: expected one of email, letter, chat, sms, social");
    }
}
