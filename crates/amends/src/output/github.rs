//! `--format github`: workflow commands that GitHub Actions shows as annotations on the
//! pull request's diff (`::error file=…,line=…::message`).

use std::io::{self, Write};

use super::{Linted, level};

/// Writes one annotation per finding.
pub(crate) fn write(out: &mut dyn Write, results: &[Linted]) -> io::Result<()> {
    for linted in results {
        for diagnostic in &linted.report.diagnostics {
            let mut message = diagnostic.message.clone();
            if let Some(suggestion) = &diagnostic.suggestion {
                message.push_str("\nsuggestion: ");
                message.push_str(suggestion);
            }
            if let Some(part) = linted.document.part {
                message.push_str(&format!("\n(line and column are in the message's {part})"));
            }
            writeln!(
                out,
                "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
                level(diagnostic.severity, "notice"),
                escape_property(&linted.document.path),
                diagnostic.line,
                diagnostic.column,
                diagnostic.end_line,
                diagnostic.end_column,
                escape_property(&format!("{} {}", diagnostic.code, diagnostic.name)),
                escape_data(&message),
            )?;
        }
    }
    Ok(())
}

/// Escapes a command's message.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a command's property value, where `:` and `,` are separators too.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("100% sure\r\nnext: a, b"), "100%25 sure%0D%0Anext: a, b");
        assert_eq!(escape_property("C:\\mail, old/a%.txt"), "C%3A\\mail%2C old/a%25.txt");
    }
}
