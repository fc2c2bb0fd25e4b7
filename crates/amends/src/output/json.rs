//! `--format json`: a JSON array with one report per document, each exactly the
//! serialization of [`amends_core::lint::Report`] with its `path` set.

use std::io::{self, Write};

use super::Linted;

/// Writes the reports as a pretty-printed JSON array and a final newline.
pub(crate) fn write(out: &mut dyn Write, results: &[Linted]) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, results)?;
    writeln!(out)
}
