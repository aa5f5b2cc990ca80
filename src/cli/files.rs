//! Finding, reading and writing files: directory walks that respect
//! `.gitignore`, stdin, input validation (binary, non-UTF-8, huge) with
//! `path:line:col` messages, atomic writes that keep permissions.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::syntax::{self, FileKind};

/// Files larger than this are refused.
pub const MAX_FILE_SIZE: u64 = 16 * 1024 * 1024;

/// A file to check: where it is and how to show it.
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub display: String,
    /// Known from the name, or decided after reading (YAML).
    pub kind: Option<FileKind>,
    /// The path was named on the command line (not found by a walk).
    pub explicit: bool,
}

impl Input {
    pub fn is_stdin(&self) -> bool {
        self.path.as_os_str() == "-"
    }
}

/// A file read and validated.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    pub display: String,
    pub kind: FileKind,
    pub text: String,
}

/// A file that could not be checked.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct InputError {
    pub path: String,
    pub message: String,
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

pub(crate) fn display(p: &Path) -> String {
    let s = p.to_string_lossy();
    s.strip_prefix("./").unwrap_or(&s).to_string()
}

/// Expand paths into inputs. Directories are walked (respecting
/// `.gitignore`, `.ignore` and hidden-file rules, but `.dockerignore` files
/// are always seen).
pub fn discover(paths: &[PathBuf], stdin_name: Option<&Path>) -> (Vec<Input>, Vec<InputError>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            let name = stdin_name
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("Dockerfile"));
            inputs.push(Input {
                path: p.clone(),
                display: display(&name),
                kind: syntax::kind_from_name(&name),
                explicit: true,
            });
            continue;
        }
        let meta = match fs::metadata(p) {
            Ok(m) => m,
            Err(e) => {
                errors.push(InputError {
                    path: display(p),
                    message: format!("cannot read: {e}"),
                });
                continue;
            }
        };
        if meta.is_file() {
            inputs.push(Input {
                path: p.clone(),
                display: display(p),
                kind: syntax::kind_from_name(p),
                explicit: true,
            });
            continue;
        }
        let walker = ignore::WalkBuilder::new(p)
            .hidden(false)
            .require_git(false)
            .filter_entry(|e| e.file_name() != ".git")
            .sort_by_file_path(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            match entry {
                Ok(e) => {
                    if !e.file_type().is_some_and(|t| t.is_file()) {
                        continue;
                    }
                    let path = e.path();
                    let by_name = syntax::kind_from_name(path);
                    let yaml = path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                        x.eq_ignore_ascii_case("yaml") || x.eq_ignore_ascii_case("yml")
                    });
                    if by_name.is_some() || yaml {
                        inputs.push(Input {
                            path: path.to_path_buf(),
                            display: display(path),
                            kind: by_name,
                            explicit: false,
                        });
                    }
                }
                Err(e) => errors.push(InputError {
                    path: display(p),
                    message: format!("cannot walk: {e}"),
                }),
            }
        }
    }
    (inputs, errors)
}

/// 1-based line and column of byte `offset` (columns in characters of the
/// valid prefix).
fn line_col_of(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = &bytes[..offset];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|p| p + 1)
        .unwrap_or(0);
    let col = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Check that bytes are a text file dfix can work on.
pub fn validate(display: &str, bytes: Vec<u8>) -> Result<String, InputError> {
    let err = |message: String| InputError {
        path: display.to_string(),
        message,
    };
    if bytes.len() as u64 > MAX_FILE_SIZE {
        return Err(err(format!(
            "1:1: file is {} bytes, over the {} MiB limit; skipped",
            bytes.len(),
            MAX_FILE_SIZE / 1024 / 1024
        )));
    }
    if let Some(p) = bytes.iter().position(|&b| b == 0) {
        let (l, c) = line_col_of(&bytes, p);
        return Err(err(format!("{l}:{c}: binary file (NUL byte); skipped")));
    }
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let p = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let (l, c) = line_col_of(&bytes, p);
            Err(err(format!(
                "{l}:{c}: not valid UTF-8 (byte 0x{:02x}); skipped",
                bytes[p]
            )))
        }
    }
}

/// Read, validate and classify one input.
pub fn read_source(input: &Input) -> Result<SourceFile, InputError> {
    let bytes = if input.is_stdin() {
        super::read_stdin()
    } else {
        fs::read(&input.path)
    }
    .map_err(|e| InputError {
        path: input.display.clone(),
        message: format!("cannot read: {e}"),
    })?;
    let text = validate(&input.display, bytes)?;
    let name = if input.is_stdin() {
        PathBuf::from(&input.display)
    } else {
        input.path.clone()
    };
    let kind = match input.kind {
        Some(k) => k,
        None => match syntax::detect_kind(&name, &text) {
            Some(k) => k,
            None if input.explicit => FileKind::Dockerfile,
            None => FileKind::Yaml,
        },
    };
    Ok(SourceFile {
        path: input.path.clone(),
        display: input.display.clone(),
        kind,
        text,
    })
}

/// Replace `path` with `content` atomically: a temp file in the same
/// directory, the original permissions, then a rename.
pub fn write_atomic(path: &Path, content: &str) -> Result<(), InputError> {
    let err = |e: std::io::Error| InputError {
        path: display(path),
        message: format!("cannot write: {e}"),
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let perms = fs::metadata(path).map_err(err)?.permissions();
    let mut tmp = tempfile::Builder::new()
        .prefix(".dfix-")
        .tempfile_in(dir)
        .map_err(err)?;
    tmp.write_all(content.as_bytes()).map_err(err)?;
    tmp.as_file().sync_all().map_err(err)?;
    fs::set_permissions(tmp.path(), perms).map_err(err)?;
    tmp.persist(path).map_err(|e| err(e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_messages() {
        assert!(validate("f", b"FROM x\n".to_vec()).is_ok());
        let e = validate("f", b"FROM x\nRUN \xff\n".to_vec()).unwrap_err();
        assert_eq!(e.message, "2:5: not valid UTF-8 (byte 0xff); skipped");
        let e = validate("f", b"ab\0".to_vec()).unwrap_err();
        assert!(e.message.starts_with("1:3: binary"));
    }
}
