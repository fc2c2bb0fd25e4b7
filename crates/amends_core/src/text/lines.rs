//! Byte offset → line and column, the way editors count them.

/// Maps byte offsets of a text to 1-based lines and columns.
///
/// Columns count Unicode scalar values, not bytes, so a caret under `é` or `’` lands
/// where an editor shows it.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset of the first byte of every line.
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes the line starts of `text`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|at| at + 1));
        Self { starts }
    }

    /// The 1-based line and column of byte `offset` in `text` (the text this index was built from).
    pub fn line_col(&self, text: &str, offset: usize) -> (usize, usize) {
        let offset = offset.min(text.len());
        let line = self.starts.partition_point(|&start| start <= offset) - 1;
        let start = self.starts[line];
        let column = text.get(start..offset).map_or(offset - start, |prefix| prefix.chars().count());
        (line + 1, column + 1)
    }

    /// A cursor that turns offsets into line and column in one pass when the offsets
    /// come in increasing order (diagnostics sorted by position), instead of counting the
    /// characters of a long line again for every offset.
    pub fn cursor<'t>(&'t self, text: &'t str) -> LineCursor<'t> {
        LineCursor { index: self, text, offset: 0, line: 0, column: 0 }
    }

    /// The byte range of 1-based `line`, without its line ending.
    pub fn line_span(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.starts[line - 1];
        let mut end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The 1-based line that holds byte `offset`.
    pub fn line_of(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset)
    }

    /// How many lines the text has.
    pub fn len(&self) -> usize {
        self.starts.len()
    }

    /// Whether the text is empty of lines (never: an empty text has one empty line).
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// Converts increasing offsets to line and column incrementally; see [`LineIndex::cursor`].
#[derive(Debug)]
pub struct LineCursor<'t> {
    index: &'t LineIndex,
    text: &'t str,
    offset: usize,
    line: usize,
    column: usize,
}

impl LineCursor<'_> {
    /// Places the cursor at `offset`, already known to be at 1-based `line` and `column`.
    pub fn seek(&mut self, offset: usize, line: usize, column: usize) {
        self.offset = offset;
        self.line = line - 1;
        self.column = column - 1;
    }

    /// The 1-based line and column of `offset`. Offsets at or after the previous one are
    /// answered incrementally; an earlier offset falls back to counting from its line start.
    pub fn line_col(&mut self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        if offset < self.offset {
            return self.index.line_col(self.text, offset);
        }
        let line = self.index.starts.partition_point(|&start| start <= offset) - 1;
        if line != self.line {
            self.line = line;
            self.offset = self.index.starts[line];
            self.column = 0;
        }
        let counted = self.text.get(self.offset..offset).map_or(offset - self.offset, |part| part.chars().count());
        self.column += counted;
        self.offset = offset;
        (self.line + 1, self.column + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "Dear Zoë,\nwe’re sorry\r\nend";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 0), (1, 1));
        let sorry = text.find("sorry").unwrap();
        assert_eq!(index.line_col(text, sorry), (2, 7));
        assert_eq!(&text[index.line_span(text, 2)], "we’re sorry");
        assert_eq!(index.line_col(text, text.len()), (3, 4));
        assert_eq!(index.line_of(sorry), 2);
        let mut cursor = index.cursor(text);
        for offset in [0, 3, sorry, sorry + 2, text.len()] {
            assert_eq!(cursor.line_col(offset), index.line_col(text, offset), "offset {offset}");
        }
        assert_eq!(cursor.line_col(2), index.line_col(text, 2));
    }
}
