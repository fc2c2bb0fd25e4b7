//! Cursor pagination: stable pages over lists ordered newest first.

use chrono::{DateTime, Utc};

use crate::error::StoreError;

/// The most records one page holds.
pub const MAX_PAGE_SIZE: u32 = 500;
/// The page size when the caller names none.
pub const DEFAULT_PAGE_SIZE: u32 = 50;

/// A position in a list ordered by `(instant, id)` descending: the last record of a page.
///
/// The id breaks ties between records with the same instant, so no record is skipped or
/// repeated across pages even when many share a timestamp.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cursor {
    /// The ordering instant of the last record seen (such as `updated_at`).
    pub at: DateTime<Utc>,
    /// The id of the last record seen.
    pub id: i64,
}

const CURSOR_PREFIX: &str = "c1";

impl Cursor {
    /// The opaque string handed to clients.
    ///
    /// Clients must treat it as opaque; it is hex so it is safe in a URL without escaping.
    pub fn encode(&self) -> String {
        let plain = format!("{}:{}", self.at.timestamp_micros(), self.id);
        let hex: String = plain.bytes().map(|byte| format!("{byte:02x}")).collect();
        format!("{CURSOR_PREFIX}{hex}")
    }

    /// Reads a cursor made by [`Cursor::encode`].
    pub fn decode(text: &str) -> Result<Cursor, StoreError> {
        let malformed = || StoreError::invalid("cursor", "not a cursor returned by a previous page");
        let hex = text.strip_prefix(CURSOR_PREFIX).ok_or_else(malformed)?;
        if hex.len() % 2 != 0 || !hex.is_ascii() {
            return Err(malformed());
        }
        let bytes = (0..hex.len())
            .step_by(2)
            .map(|start| u8::from_str_radix(&hex[start..start + 2], 16))
            .collect::<Result<Vec<u8>, _>>()
            .map_err(|_| malformed())?;
        let plain = String::from_utf8(bytes).map_err(|_| malformed())?;
        let (micros, id) = plain.split_once(':').ok_or_else(malformed)?;
        let micros: i64 = micros.parse().map_err(|_| malformed())?;
        let id: i64 = id.parse().map_err(|_| malformed())?;
        let at = DateTime::from_timestamp_micros(micros).ok_or_else(malformed)?;
        Ok(Cursor { at, id })
    }
}

/// Which page to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PageRequest {
    /// How many records at most (1 to [`MAX_PAGE_SIZE`]).
    pub limit: u32,
    /// Start after this record; `None` for the first page.
    pub after: Option<Cursor>,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest { limit: DEFAULT_PAGE_SIZE, after: None }
    }
}

impl PageRequest {
    /// The first page of `limit` records.
    pub fn first(limit: u32) -> Self {
        PageRequest { limit, after: None }
    }

    /// The page after `cursor`.
    pub fn after(limit: u32, cursor: Cursor) -> Self {
        PageRequest { limit, after: Some(cursor) }
    }

    /// Checks the limit; backends call this before querying.
    pub fn validate(&self) -> Result<(), StoreError> {
        if self.limit == 0 || self.limit > MAX_PAGE_SIZE {
            return Err(StoreError::invalid("limit", format!("must be between 1 and {MAX_PAGE_SIZE}")));
        }
        Ok(())
    }
}

/// One page of a list, and where the next one starts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Page<T> {
    /// The records, newest first.
    pub items: Vec<T>,
    /// The cursor of the next page; `None` on the last page.
    pub next: Option<Cursor>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows fetched in list order: the extra row only
    /// tells that another page exists. `key` gives a record's `(instant, id)`.
    pub fn from_rows(mut rows: Vec<T>, limit: u32, key: impl Fn(&T) -> Cursor) -> Self {
        let limit = limit as usize;
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next = if more { rows.last().map(key) } else { None };
        Page { items: rows, next }
    }
}

impl serde::Serialize for Cursor {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.encode())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        let cursor = Cursor { at: DateTime::from_timestamp_micros(1_733_480_000_123_456).unwrap(), id: 42 };
        assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
    }

    #[test]
    fn tampered_cursors_are_invalid_input() {
        for text in ["", "c1", "c1zz", "c1313a", "x13a", "c13132"] {
            let error = Cursor::decode(text).unwrap_err();
            assert!(matches!(error, StoreError::Invalid { ref field, .. } if field == "cursor"), "{text}: {error}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_cursor_round_trips(micros in -62_135_596_800_000_000i64..253_402_300_799_999_999, id in proptest::num::i64::ANY) {
            let cursor = Cursor { at: DateTime::from_timestamp_micros(micros).unwrap(), id };
            proptest::prop_assert_eq!(Cursor::decode(&cursor.encode()).unwrap(), cursor);
        }

        #[test]
        fn decoding_arbitrary_text_never_panics(text in "\\PC{0,64}", hex in "c1[0-9a-f]{0,48}") {
            let _ = Cursor::decode(&text);
            let _ = Cursor::decode(&hex);
        }
    }

    #[test]
    fn page_limits_are_checked() {
        assert!(PageRequest::first(0).validate().is_err());
        assert!(PageRequest::first(MAX_PAGE_SIZE + 1).validate().is_err());
        assert!(PageRequest::first(MAX_PAGE_SIZE).validate().is_ok());
    }

    #[test]
    fn the_extra_row_becomes_the_next_cursor() {
        let key = |id: &i64| Cursor { at: DateTime::UNIX_EPOCH, id: *id };
        let page = Page::from_rows(vec![5, 4, 3], 2, key);
        assert_eq!(page.items, vec![5, 4]);
        assert_eq!(page.next.map(|cursor| cursor.id), Some(4));
        assert_eq!(Page::from_rows(vec![5, 4], 2, key).next, None);
    }
}
