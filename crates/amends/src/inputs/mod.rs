//! What to lint: the paths given on the command line, the files found in folders, and
//! the text of each one (the body of an email, the readable text of an HTML message).

mod email;
mod html;
mod offsets;

use std::ffi::OsStr;
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use amends_core::text::SourceKind;
use anyhow::{Context as _, anyhow};

pub(crate) use offsets::OffsetMap;

/// Folders never searched: build output and installed packages.
const SKIPPED_FOLDERS: &[&str] = &["target", "node_modules"];

/// The name of standard input in reports.
pub(crate) const STDIN_NAME: &str = "<stdin>";

/// How a file is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FileKind {
    /// Text as written: plain text, Markdown or a template.
    Text(SourceKind),
    /// HTML, read as the text a person sees; a template when it ends in `.j2` or similar.
    Html(SourceKind),
    /// A MIME message, read as its body.
    Email,
}

impl FileKind {
    /// The kind a file's extension names, or `None` for files that are not messages.
    pub(crate) fn of(path: &Path) -> Option<Self> {
        let extension = |path: &Path| path.extension().and_then(OsStr::to_str).map(str::to_ascii_lowercase);
        match extension(path)?.as_str() {
            "txt" | "text" => Some(FileKind::Text(SourceKind::Plain)),
            "md" | "markdown" => Some(FileKind::Text(SourceKind::Markdown)),
            "html" | "htm" => Some(FileKind::Html(SourceKind::Plain)),
            "eml" => Some(FileKind::Email),
            "j2" | "jinja" | "jinja2" => {
                let inner = path.file_stem().map(Path::new).and_then(extension);
                match inner.as_deref() {
                    Some("html" | "htm") => Some(FileKind::Html(SourceKind::Template)),
                    _ => Some(FileKind::Text(SourceKind::Template)),
                }
            }
            _ => None,
        }
    }

    /// The kind of a file named explicitly: plain text when its extension says nothing.
    pub(crate) fn of_named(path: &Path) -> Self {
        Self::of(path).unwrap_or(FileKind::Text(SourceKind::Plain))
    }
}

/// One thing to lint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// Standard input, read as if it were a file named `name`.
    Stdin {
        /// The name to report it under (`--stdin-filename`).
        name: Option<PathBuf>,
    },
    /// A file.
    File {
        /// The path, as it will be shown.
        path: PathBuf,
        /// How to read it.
        kind: FileKind,
    },
}

/// Everything to lint, in order: files given by name, then the files of each folder
/// (recursively, sorted by name, hidden entries and build folders left out).
/// A path that cannot be read takes its place in the list as an error.
pub(crate) fn discover(paths: &[PathBuf], stdin_name: Option<&Path>) -> Vec<anyhow::Result<Target>> {
    let mut targets = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            targets.push(Ok(Target::Stdin { name: stdin_name.map(Path::to_owned) }));
            continue;
        }
        match fs::metadata(path) {
            Ok(metadata) if metadata.is_dir() => walk(path, &mut targets),
            Ok(_) => targets.push(Ok(Target::File { path: tidy(path), kind: FileKind::of_named(path) })),
            Err(error) => targets.push(Err(anyhow!(error).context(format!("cannot read {}", path.display())))),
        }
    }
    targets
}

fn walk(folder: &Path, targets: &mut Vec<anyhow::Result<Target>>) {
    let entries = fs::read_dir(folder).and_then(|entries| entries.collect::<io::Result<Vec<_>>>());
    let mut entries = match entries {
        Ok(entries) => entries,
        Err(error) => {
            targets.push(Err(anyhow!(error).context(format!("cannot read the folder {}", folder.display()))));
            return;
        }
    };
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name();
        if name.as_encoded_bytes().starts_with(b".") {
            continue;
        }
        let path = folder.join(&name);
        // Symbolic links to folders are not followed, so a link cycle cannot loop; links
        // to files are read like files.
        let Ok(file_type) = entry.file_type() else { continue };
        if file_type.is_dir() {
            if !SKIPPED_FOLDERS.iter().any(|skipped| name == *skipped) {
                walk(&path, targets);
            }
        } else if (file_type.is_file() || path.is_file())
            && let Some(kind) = FileKind::of(&path)
        {
            targets.push(Ok(Target::File { path: tidy(&path), kind }));
        }
    }
}

/// `./letters/a.txt` → `letters/a.txt`.
fn tidy(path: &Path) -> PathBuf {
    match path.strip_prefix(".") {
        Ok(rest) if !rest.as_os_str().is_empty() => rest.to_owned(),
        _ => path.to_owned(),
    }
}

/// One message, read and ready to lint.
#[derive(Debug, Clone)]
pub(crate) struct Document {
    /// Where it came from, as shown in reports.
    pub(crate) path: String,
    /// For an email, which part was read (`text body`, `HTML body`); positions are
    /// relative to that part.
    pub(crate) part: Option<&'static str>,
    /// The text that diagnostics point into: the file, or the part of an email.
    pub(crate) source: String,
    /// How the linter reads the text.
    pub(crate) kind: SourceKind,
    /// The text the linter reads, when it differs from `source` (HTML), and the map back.
    extracted: Option<(String, OffsetMap)>,
}

impl Document {
    /// A document whose text is read as written.
    fn verbatim(path: String, source: String, kind: SourceKind) -> Self {
        match source.strip_prefix('\u{FEFF}') {
            // A byte order mark is not part of the message; positions still count it.
            Some(rest) => {
                let mut map = OffsetMap::default();
                let start = source.len() - rest.len();
                map.copied(0..rest.len(), start..source.len());
                let text = rest.to_owned();
                Self { path, part: None, source, kind, extracted: Some((text, map)) }
            }
            None => Self { path, part: None, source, kind, extracted: None },
        }
    }

    /// A document read as the text a person sees in the HTML `source`.
    fn html(path: String, source: String, kind: SourceKind) -> Self {
        let extracted = html::extract(&source);
        Self { path, part: None, source, kind, extracted: Some((extracted.text, extracted.map)) }
    }

    /// A plain-text document with an optional map, for tests of what uses documents.
    #[cfg(test)]
    pub(crate) fn for_tests(text: &str, map: Option<OffsetMap>) -> Self {
        let extracted = map.map(|map| (text.to_owned(), map));
        Self { path: "test.txt".into(), part: None, source: text.to_owned(), kind: SourceKind::Plain, extracted }
    }

    /// The text the linter reads.
    pub(crate) fn text(&self) -> &str {
        self.extracted.as_ref().map_or(&self.source, |(text, _)| text)
    }

    /// The map from the linter's text back to `source`, when they differ.
    pub(crate) fn map(&self) -> Option<&OffsetMap> {
        self.extracted.as_ref().map(|(_, map)| map)
    }
}

/// Reads a target.
pub(crate) fn load(target: &Target) -> anyhow::Result<Document> {
    let (display, kind, bytes) = match target {
        Target::Stdin { name } => {
            let mut bytes = Vec::new();
            io::stdin().lock().read_to_end(&mut bytes).context("cannot read standard input")?;
            let display = name.as_ref().map_or_else(|| STDIN_NAME.to_owned(), |name| name.display().to_string());
            let kind = name.as_deref().map_or(FileKind::Text(SourceKind::Plain), FileKind::of_named);
            (display, kind, bytes)
        }
        Target::File { path, kind } => {
            let bytes = fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
            (path.display().to_string(), *kind, bytes)
        }
    };
    match kind {
        FileKind::Text(source_kind) => Ok(Document::verbatim(display.clone(), utf8(bytes, &display)?, source_kind)),
        FileKind::Html(source_kind) => Ok(Document::html(display.clone(), utf8(bytes, &display)?, source_kind)),
        FileKind::Email => {
            let body = email::body(&bytes).with_context(|| format!("cannot lint {display}"))?;
            let (mut document, part) = match body {
                email::Body::Text(text) => (Document::verbatim(display, text, SourceKind::Plain), "text body"),
                email::Body::Html(html) => (Document::html(display, html, SourceKind::Plain), "HTML body"),
            };
            document.part = Some(part);
            Ok(document)
        }
    }
}

/// The bytes as text, or an error that says where the first byte that is not UTF-8 is.
fn utf8(bytes: Vec<u8>, display: &str) -> anyhow::Result<String> {
    String::from_utf8(bytes).map_err(|error| {
        let valid = error.utf8_error().valid_up_to();
        let bytes = error.as_bytes();
        let line = bytes[..valid].iter().filter(|&&byte| byte == b'\n').count() + 1;
        anyhow!(
            "{display}:{line}: not UTF-8 text (byte 0x{:02X} at offset {valid}); save the file as UTF-8 and lint it again",
            bytes[valid]
        )
    })
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case("a.txt", Some(FileKind::Text(SourceKind::Plain)))]
    #[case("a.TXT", Some(FileKind::Text(SourceKind::Plain)))]
    #[case("a.md", Some(FileKind::Text(SourceKind::Markdown)))]
    #[case("a.j2", Some(FileKind::Text(SourceKind::Template)))]
    #[case("a.txt.jinja", Some(FileKind::Text(SourceKind::Template)))]
    #[case("a.jinja2", Some(FileKind::Text(SourceKind::Template)))]
    #[case("a.html", Some(FileKind::Html(SourceKind::Plain)))]
    #[case("a.htm", Some(FileKind::Html(SourceKind::Plain)))]
    #[case("a.html.j2", Some(FileKind::Html(SourceKind::Template)))]
    #[case("a.eml", Some(FileKind::Email))]
    #[case("a.rs", None)]
    #[case("README", None)]
    fn kinds_by_extension(#[case] name: &str, #[case] expected: Option<FileKind>) {
        assert_eq!(FileKind::of(Path::new(name)), expected);
    }

    #[test]
    fn walks_folders_in_order_and_skips_hidden_and_build_folders() {
        let root = tempfile::tempdir().unwrap();
        for file in
            ["b.txt", "a.md", "notes.rs", ".hidden.txt", "sub/c.html", "sub/d.eml", ".git/e.txt", "target/f.txt"]
        {
            let path = root.path().join(file);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, "Sorry.").unwrap();
        }
        let explicit = root.path().join("notes.rs");
        let found: Vec<PathBuf> = discover(&[root.path().to_owned(), explicit.clone()], None)
            .into_iter()
            .map(|target| match target.unwrap() {
                Target::File { path, .. } => path.strip_prefix(root.path()).unwrap().to_owned(),
                Target::Stdin { .. } => unreachable!("no stdin given"),
            })
            .collect();
        let expected: Vec<PathBuf> =
            ["a.md", "b.txt", "sub/c.html", "sub/d.eml", "notes.rs"].iter().map(PathBuf::from).collect();
        assert_eq!(found, expected);
    }

    #[test]
    fn a_missing_path_is_an_error_in_its_place() {
        let targets = discover(&[PathBuf::from("no/such/file.txt"), PathBuf::from("-")], None);
        assert_eq!(targets[0].as_ref().unwrap_err().to_string(), "cannot read no/such/file.txt");
        assert_eq!(targets[1].as_ref().unwrap(), &Target::Stdin { name: None });
    }

    #[test]
    fn non_utf8_text_names_the_line() {
        let error = utf8(b"Dear Zo\xEB,\nsorry".to_vec(), "letter.txt").unwrap_err();
        assert_eq!(
            error.to_string(),
            "letter.txt:1: not UTF-8 text (byte 0xEB at offset 7); save the file as UTF-8 and lint it again"
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped_but_counted() {
        let document = Document::verbatim("a.txt".into(), "\u{FEFF}Sorry.".into(), SourceKind::Plain);
        assert_eq!(document.text(), "Sorry.");
        assert_eq!(document.map().unwrap().span(0..5), 3..8);
    }
}
