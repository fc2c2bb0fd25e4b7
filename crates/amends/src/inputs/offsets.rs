//! A map from offsets in extracted text back to offsets in the file it came from.

use std::ops::Range;

/// One stretch of extracted text and the source bytes it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    /// Bytes of the extracted text.
    text: Range<usize>,
    /// Bytes of the source.
    source: Range<usize>,
    /// Whether the text is a byte-for-byte copy of the source (so offsets inside map
    /// one-to-one); otherwise it stands for the whole source range (an entity, a tag
    /// turned into a line break, collapsed white space).
    copied: bool,
}

/// Maps byte offsets of extracted text to byte offsets of the source it was extracted
/// from. Offsets on character boundaries of the text map to character boundaries of the
/// source, and the map is monotonic: a later text offset never maps to an earlier source
/// offset.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct OffsetMap {
    pieces: Vec<Piece>,
}

impl OffsetMap {
    /// Records that `text` was copied verbatim from `source`.
    pub(crate) fn copied(&mut self, text: Range<usize>, source: Range<usize>) {
        debug_assert_eq!(text.len(), source.len());
        if let Some(last) = self.pieces.last_mut()
            && last.copied
            && last.text.end == text.start
            && last.source.end == source.start
        {
            last.text.end = text.end;
            last.source.end = source.end;
            return;
        }
        self.push(Piece { text, source, copied: true });
    }

    /// Records that `text` stands for all of `source` (an entity, a tag, white space).
    pub(crate) fn replaced(&mut self, text: Range<usize>, source: Range<usize>) {
        self.push(Piece { text, source, copied: false });
    }

    fn push(&mut self, piece: Piece) {
        if piece.text.is_empty() {
            return;
        }
        debug_assert!(self.pieces.last().is_none_or(|last| last.text.end == piece.text.start));
        debug_assert!(self.pieces.last().is_none_or(|last| last.source.end <= piece.source.start));
        self.pieces.push(piece);
    }

    /// The source offset where text starting at `offset` starts.
    pub(crate) fn start(&self, offset: usize) -> usize {
        let index = self.pieces.partition_point(|piece| piece.text.end <= offset);
        match self.pieces.get(index) {
            Some(piece) if piece.copied => piece.source.start + offset.saturating_sub(piece.text.start),
            Some(piece) => piece.source.start,
            None => self.pieces.last().map_or(0, |piece| piece.source.end),
        }
    }

    /// The source offset where text ending (exclusively) at `offset` ends.
    pub(crate) fn end(&self, offset: usize) -> usize {
        if offset == 0 {
            return self.pieces.first().map_or(0, |piece| piece.source.start);
        }
        let index = self.pieces.partition_point(|piece| piece.text.end < offset);
        match self.pieces.get(index) {
            Some(piece) if piece.copied => piece.source.start + (offset - piece.text.start),
            Some(piece) => piece.source.end,
            None => self.pieces.last().map_or(0, |piece| piece.source.end),
        }
    }

    /// The source range a text range came from. An empty range stays empty.
    pub(crate) fn span(&self, span: Range<usize>) -> Range<usize> {
        let start = self.start(span.start);
        if span.is_empty() {
            return start..start;
        }
        start..self.end(span.end).max(start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_map_one_to_one_and_replacements_map_whole() {
        // Source `ab&amp;cd` → text `ab&cd`.
        let mut map = OffsetMap::default();
        map.copied(0..2, 0..2);
        map.replaced(2..3, 2..7);
        map.copied(3..5, 7..9);
        assert_eq!(map.span(0..2), 0..2);
        assert_eq!(map.span(2..3), 2..7);
        assert_eq!(map.span(1..4), 1..8);
        assert_eq!(map.span(5..5), 9..9);
        assert_eq!(map.start(3), 7);
        assert_eq!(map.end(3), 7);
    }

    #[test]
    fn adjacent_copies_merge() {
        let mut map = OffsetMap::default();
        map.copied(0..3, 10..13);
        map.copied(3..5, 13..15);
        assert_eq!(map.pieces.len(), 1);
        assert_eq!(map.span(1..4), 11..14);
    }
}
