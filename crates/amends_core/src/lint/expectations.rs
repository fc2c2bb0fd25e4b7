//! What each channel expects of an apology, and how much each element weighs in the score.
//!
//! The weights of a channel add up to 100. An element with a weight of 5 or more is
//! required on that channel: its AP1xx rule fires when it is missing. Choices count
//! toward the remedy's weight when there is no single remedy.

use super::elements::Element;
use crate::channel::Channel;

/// The weight of `element` in the score of a message on `channel`.
pub fn weight(channel: Channel, element: Element) -> u32 {
    use Element::*;
    match channel {
        Channel::Email | Channel::Letter => match element {
            Apology => 16,
            WhatHappened => 10,
            Impact => 8,
            Ownership => 10,
            Cause => 8,
            Fix => 14,
            Timeline => 8,
            Prevention => 8,
            Remedy => 6,
            FollowUp => 10,
            Gratitude => 2,
            Choices => 0,
        },
        Channel::Chat => match element {
            Apology => 20,
            WhatHappened => 14,
            Impact => 8,
            Ownership => 10,
            Cause => 8,
            Fix => 20,
            Timeline => 12,
            Prevention | Remedy | FollowUp | Gratitude => 2,
            Choices => 0,
        },
        Channel::Sms => match element {
            Apology => 25,
            WhatHappened => 20,
            Ownership => 10,
            Fix => 25,
            Timeline => 15,
            Remedy => 5,
            _ => 0,
        },
        Channel::Social => match element {
            Apology => 35,
            Impact => 20,
            Ownership => 10,
            WhatHappened => 4,
            Fix => 11,
            FollowUp => 20,
            _ => 0,
        },
    }
}

/// Whether `channel` requires `element` (its missing-element rule applies).
pub fn required(channel: Channel, element: Element) -> bool {
    weight(channel, element) >= 5
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_add_up_to_one_hundred() {
        for channel in Channel::ALL {
            let total: u32 = Element::ALL.iter().map(|element| weight(channel, *element)).sum();
            assert_eq!(total, 100, "{channel}");
        }
    }

    #[test]
    fn short_channels_require_less() {
        assert!(required(Channel::Email, Element::Prevention));
        assert!(!required(Channel::Sms, Element::Prevention));
        assert!(required(Channel::Social, Element::FollowUp));
        assert!(!required(Channel::Chat, Element::FollowUp));
    }
}
