//! Byte spans serialized as `[start, end]`, the shape the JSON contract uses.

use std::ops::Range;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub(crate) fn serialize<S: Serializer>(span: &Range<usize>, serializer: S) -> Result<S::Ok, S::Error> {
    [span.start, span.end].serialize(serializer)
}

pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Range<usize>, D::Error> {
    let [start, end] = <[usize; 2]>::deserialize(deserializer)?;
    if start > end {
        return Err(serde::de::Error::custom(format!("span [{start}, {end}] ends before it starts")));
    }
    Ok(start..end)
}
