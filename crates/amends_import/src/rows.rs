//! Reading import files row by row: CSV with a header line, or JSON Lines.

use std::fmt;
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

use amends_store::StoreError;
use amends_store::model::{ContactKind, ContactPoint, CustomerFields};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::ImportError;

/// The format of an import file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Comma-separated values with a header line naming the columns.
    Csv,
    /// One JSON object per line, with the same keys as the CSV columns.
    JsonLines,
}

impl Format {
    /// The format a file name says: `.csv`, or `.jsonl` / `.ndjson`.
    pub fn from_path(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "csv" => Some(Format::Csv),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            _ => None,
        }
    }
}

/// A row that was not imported: where, which field, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowError {
    /// The 1-based line of the file the row starts on.
    pub line: u64,
    /// The column or key at fault, when one is.
    pub field: Option<String>,
    /// What is wrong, in words.
    pub reason: String,
}

impl fmt::Display for RowError {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.field {
            Some(field) => write!(formatter, "{}: {field}: {}", self.line, self.reason),
            None => write!(formatter, "{}: {}", self.line, self.reason),
        }
    }
}

impl RowError {
    /// The row error for a store's verdict on one row's fields.
    pub(crate) fn from_store(line: u64, error: StoreError) -> RowError {
        match error {
            StoreError::Invalid { field, reason } => RowError { line, field: Some(field), reason },
            other => RowError { line, field: None, reason: other.to_string() },
        }
    }
}

/// What a kind of row declares about its columns.
pub trait Columns: DeserializeOwned {
    /// Every column, in the order the docs list them.
    const COLUMNS: &'static [&'static str];
    /// The columns a CSV header must have.
    const REQUIRED: &'static [&'static str];
}

/// A customer, as one row of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomerRow {
    /// The customer's id in the source system: re-imports match on it.
    pub external_id: String,
    /// Full name.
    pub name: String,
    /// Email address.
    #[serde(default)]
    pub email: Option<String>,
    /// Phone number.
    #[serde(default)]
    pub phone: Option<String>,
    /// Chat or social handle.
    #[serde(default)]
    pub handle: Option<String>,
    /// Postal address.
    #[serde(default)]
    pub postal: Option<String>,
    /// IANA time zone, such as `Europe/Paris`.
    pub time_zone: String,
    /// Locale, such as `en-GB`.
    #[serde(default)]
    pub locale: Option<String>,
    /// Tier, such as `gold`.
    #[serde(default)]
    pub tier: Option<String>,
}

impl Columns for CustomerRow {
    const COLUMNS: &'static [&'static str] =
        &["external_id", "name", "email", "phone", "handle", "postal", "time_zone", "locale", "tier"];
    const REQUIRED: &'static [&'static str] = &["external_id", "name", "time_zone"];
}

impl CustomerRow {
    /// The store's fields for this row, checked.
    pub fn into_fields(self) -> Result<CustomerFields, StoreError> {
        let contacts = [
            (ContactKind::Email, self.email),
            (ContactKind::Phone, self.phone),
            (ContactKind::Handle, self.handle),
            (ContactKind::Postal, self.postal),
        ]
        .into_iter()
        .filter_map(|(kind, value)| present(value).map(|value| ContactPoint { kind, value }))
        .collect();
        CustomerFields {
            external_id: self.external_id.trim().to_owned(),
            name: self.name.trim().to_owned(),
            contacts,
            time_zone: self.time_zone.trim().to_owned(),
            locale: present(self.locale),
            tier: present(self.tier),
        }
        .normalized()
    }
}

/// An order, as one row of an import file.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrderRow {
    /// The order's id in the shop's system: re-imports match on it.
    pub external_id: String,
    /// The external id of the customer who placed it (imported before).
    pub customer_external_id: String,
    /// When it was placed, RFC 3339 (`2026-11-18T14:05:00Z`).
    pub placed_at: String,
    /// The total as a decimal amount (`49.99`); or give `total_minor`.
    #[serde(default)]
    pub total: Option<String>,
    /// The total in minor units (`4999`); or give `total`.
    #[serde(default)]
    pub total_minor: Option<String>,
    /// ISO 4217 currency code.
    pub currency: String,
    /// What was bought.
    #[serde(default)]
    pub summary: Option<String>,
}

impl Columns for OrderRow {
    const COLUMNS: &'static [&'static str] =
        &["external_id", "customer_external_id", "placed_at", "total", "total_minor", "currency", "summary"];
    const REQUIRED: &'static [&'static str] = &["external_id", "customer_external_id", "placed_at", "currency"];
}

/// A customer an incident affected, named by the external id it was imported with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffectedRow {
    /// The customer's external id.
    pub external_id: String,
}

impl Columns for AffectedRow {
    const COLUMNS: &'static [&'static str] = &["external_id"];
    const REQUIRED: &'static [&'static str] = &["external_id"];
}

/// An empty cell is no value.
fn present(value: Option<String>) -> Option<String> {
    value.map(|value| value.trim().to_owned()).filter(|value| !value.is_empty())
}

/// One row read: its line, and the row or why it could not be read.
pub type Row<T> = (u64, Result<T, RowError>);

/// The rows of an import file, read one at a time.
pub struct Rows<R: Read, T> {
    source: Source<R>,
    _row: std::marker::PhantomData<T>,
}

enum Source<R: Read> {
    Csv { reader: csv::Reader<R>, headers: csv::StringRecord, record: csv::StringRecord },
    JsonLines { reader: BufReader<R>, line: u64, buffer: String },
}

impl<R: Read, T: Columns> Rows<R, T> {
    /// Starts reading `input`; for CSV, reads and checks the header line.
    pub fn new(input: R, format: Format) -> Result<Self, ImportError> {
        let source = match format {
            Format::Csv => {
                let mut reader = csv::ReaderBuilder::new().flexible(false).trim(csv::Trim::Headers).from_reader(input);
                let headers = reader.headers().map_err(csv_error)?.clone();
                check_header::<T>(&headers)?;
                Source::Csv { reader, headers, record: csv::StringRecord::new() }
            }
            Format::JsonLines => Source::JsonLines { reader: BufReader::new(input), line: 0, buffer: String::new() },
        };
        Ok(Self { source, _row: std::marker::PhantomData })
    }

    /// The next row and its line: the row, or why it cannot be read. `None` at the end;
    /// an error only when the file itself cannot be read any further.
    pub fn read(&mut self) -> Result<Option<Row<T>>, ImportError> {
        match &mut self.source {
            Source::Csv { reader, headers, record } => match reader.read_record(record) {
                Ok(false) => Ok(None),
                Ok(true) => {
                    let line = record.position().map_or(0, csv::Position::line);
                    let row = record.deserialize::<T>(Some(headers)).map_err(|error| RowError {
                        line,
                        field: None,
                        reason: csv_reason(&error),
                    });
                    Ok(Some((line, row)))
                }
                Err(error) => match error.kind() {
                    csv::ErrorKind::Io(_) => Err(csv_error(error)),
                    _ => {
                        let line = error.position().map_or(0, csv::Position::line);
                        Ok(Some((line, Err(RowError { line, field: None, reason: csv_reason(&error) }))))
                    }
                },
            },
            Source::JsonLines { reader, line, buffer } => loop {
                buffer.clear();
                if reader.read_line(buffer)? == 0 {
                    return Ok(None);
                }
                *line += 1;
                let text = buffer.trim();
                if text.is_empty() {
                    continue;
                }
                let row = serde_json::from_str::<T>(text).map_err(|error| RowError {
                    line: *line,
                    field: None,
                    reason: format!("not a valid row: {error}"),
                });
                return Ok(Some((*line, row)));
            },
        }
    }
}

fn check_header<T: Columns>(headers: &csv::StringRecord) -> Result<(), ImportError> {
    if let Some(unknown) = headers.iter().find(|column| !T::COLUMNS.contains(column)) {
        return Err(ImportError::Columns {
            column: unknown.to_owned(),
            reason: format!("unknown column `{unknown}`; the columns are {}", T::COLUMNS.join(", ")),
        });
    }
    let missing: Vec<&str> =
        T::REQUIRED.iter().copied().filter(|column| !headers.iter().any(|h| h == *column)).collect();
    if let Some(first) = missing.first() {
        return Err(ImportError::Columns {
            column: (*first).to_owned(),
            reason: format!(
                "the header lacks the required column(s) {}; the first line must name the columns",
                missing.join(", ")
            ),
        });
    }
    Ok(())
}

fn csv_error(error: csv::Error) -> ImportError {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => ImportError::Io(error),
        other => {
            ImportError::Columns { column: String::new(), reason: format!("the header cannot be read: {other:?}") }
        }
    }
}

/// A CSV error in words, without the position (the row error carries the line).
fn csv_reason(error: &csv::Error) -> String {
    match error.kind() {
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("has {len} fields where the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8".to_owned(),
        csv::ErrorKind::Deserialize { err, .. } => match err.field() {
            Some(index) => format!("column {}: {}", index + 1, err.kind()),
            None => err.kind().to_string(),
        },
        _ => error.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_all<T: Columns>(text: &str, format: Format) -> Vec<Row<T>> {
        let mut rows = Rows::<_, T>::new(text.as_bytes(), format).expect("header is valid");
        let mut all = Vec::new();
        while let Some(row) = rows.read().expect("readable") {
            all.push(row);
        }
        all
    }

    #[test]
    fn csv_rows_carry_their_line_even_across_quoted_newlines() {
        let text = "external_id,name,email,time_zone\nC1,\"Okafor, Sam\",sam@example.com,Europe/London\nC2,\"Dana\nWhitfield\",,America/Chicago\nC3,Priya,,Asia/Kolkata\n";
        let rows = read_all::<CustomerRow>(text, Format::Csv);
        let lines: Vec<u64> = rows.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 3, 5]);
        let first = rows[0].1.clone().expect("valid").into_fields().expect("valid fields");
        assert_eq!(first.name, "Okafor, Sam");
        assert_eq!(first.contacts, [ContactPoint { kind: ContactKind::Email, value: "sam@example.com".into() }]);
        assert!(rows[1].1.clone().expect("valid").into_fields().expect("valid").contacts.is_empty());
    }

    #[test]
    fn a_short_csv_row_is_rejected_with_its_line() {
        let text = "external_id,name,time_zone\nC1,Sam,Europe/London\nC2,Dana\n";
        let rows = read_all::<CustomerRow>(text, Format::Csv);
        let error = rows[1].1.clone().unwrap_err();
        assert_eq!(error.line, 3);
        assert_eq!(error.reason, "has 2 fields where the header has 3");
    }

    #[test]
    fn unknown_and_missing_columns_are_named() {
        let unknown = Rows::<_, CustomerRow>::new("external_id,name,emial,time_zone\n".as_bytes(), Format::Csv);
        assert!(unknown.err().expect("refused").to_string().contains("unknown column `emial`"));
        let missing = Rows::<_, CustomerRow>::new("external_id,name\n".as_bytes(), Format::Csv);
        assert!(missing.err().expect("refused").to_string().contains("required column(s) time_zone"));
    }

    #[test]
    fn json_lines_skip_blank_lines_and_name_bad_keys() {
        let text = "{\"external_id\":\"C1\",\"name\":\"Sam\",\"time_zone\":\"UTC\"}\n\n{\"external_id\":\"C2\",\"nmae\":\"Dana\",\"time_zone\":\"UTC\"}\nnot json\n";
        let rows = read_all::<CustomerRow>(text, Format::JsonLines);
        assert_eq!(rows.len(), 3);
        assert!(rows[0].1.is_ok());
        let error = rows[1].1.clone().unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.reason.contains("unknown field `nmae`"), "{}", error.reason);
        assert_eq!(rows[2].1.clone().unwrap_err().line, 4);
    }

    #[test]
    fn a_bad_time_zone_names_the_field() {
        let row = CustomerRow {
            external_id: "C1".into(),
            name: "Sam".into(),
            email: None,
            phone: None,
            handle: None,
            postal: None,
            time_zone: "Mars/Olympus".into(),
            locale: None,
            tier: None,
        };
        let error = RowError::from_store(7, row.into_fields().unwrap_err());
        assert_eq!(error.field.as_deref(), Some("time_zone"));
        assert!(error.to_string().starts_with("7: time_zone: `Mars/Olympus` is not an IANA time zone"), "{error}");
    }

    #[test]
    fn formats_from_file_names() {
        assert_eq!(Format::from_path(Path::new("customers.CSV")), Some(Format::Csv));
        assert_eq!(Format::from_path(Path::new("orders.ndjson")), Some(Format::JsonLines));
        assert_eq!(Format::from_path(Path::new("orders.xlsx")), None);
    }
}
