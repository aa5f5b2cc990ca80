//! `.dockerignore` patterns with Docker's semantics.
//!
//! Lines starting with `#` are comments; each pattern is trimmed, cleaned
//! like a path (`./a//b/` → `a/b`), and a leading `/` is dropped: patterns
//! are anchored at the context root (unlike `.gitignore`, `node_modules`
//! does not match `app/node_modules`). `*` and `?` stay within one path
//! component, `**` spans any number of them, `[…]` is a character class,
//! `\` escapes. `!pattern` re-includes. A path is excluded when the last
//! pattern that matches it — or one of its parent directories — is not an
//! exception.

use regex::Regex;

/// One pattern line.
#[derive(Debug, Clone)]
pub struct Pattern {
    /// The cleaned pattern, without `!`.
    pub text: String,
    pub exception: bool,
    /// 1-based line in the file.
    pub line: usize,
    regex: Option<Regex>,
}

impl Pattern {
    pub fn matches(&self, path: &str) -> bool {
        self.regex.as_ref().is_some_and(|r| r.is_match(path))
    }
}

/// A parsed `.dockerignore`.
#[derive(Debug, Clone, Default)]
pub struct Dockerignore {
    pub patterns: Vec<Pattern>,
}

impl Dockerignore {
    pub fn parse(text: &str) -> Dockerignore {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut patterns = Vec::new();
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') {
                continue;
            }
            let mut p = line.trim();
            if p.is_empty() {
                continue;
            }
            let exception = p.starts_with('!');
            if exception {
                p = p[1..].trim();
            }
            if p.is_empty() {
                continue;
            }
            let cleaned = clean(p);
            let regex = Regex::new(&to_regex(&cleaned)).ok();
            patterns.push(Pattern {
                text: cleaned,
                exception,
                line: n + 1,
                regex,
            });
        }
        Dockerignore { patterns }
    }

    /// Is `path` (context-relative, `/`-separated) excluded from the
    /// context? Returns the deciding pattern when it is.
    pub fn excluded_by(&self, path: &str) -> Option<&Pattern> {
        let path = clean(path);
        let parents: Vec<&str> = match path.rfind('/') {
            Some(p) => path[..p].split('/').collect(),
            None => Vec::new(),
        };
        let mut decided: Option<&Pattern> = None;
        for pat in &self.patterns {
            let matched = decided.is_some();
            if pat.exception != matched {
                continue;
            }
            let mut hit = pat.matches(&path);
            if !hit {
                for i in 0..parents.len() {
                    if pat.matches(&parents[..=i].join("/")) {
                        hit = true;
                        break;
                    }
                }
            }
            if hit {
                decided = if pat.exception { None } else { Some(pat) };
            }
        }
        decided
    }

    pub fn is_excluded(&self, path: &str) -> bool {
        self.excluded_by(path).is_some()
    }
}

/// Clean a path the way Go's `filepath.Clean` does, then drop a leading `/`.
pub fn clean(p: &str) -> String {
    let rooted = p.starts_with('/');
    let mut out: Vec<&str> = Vec::new();
    for comp in p.split('/') {
        match comp {
            "" | "." => {}
            ".." => {
                if out.last().is_some_and(|l| *l != "..") {
                    out.pop();
                } else if !rooted {
                    out.push("..");
                }
            }
            c => out.push(c),
        }
    }
    if out.is_empty() {
        return ".".to_string();
    }
    out.join("/")
}

/// Docker's pattern → an anchored regex.
fn to_regex(p: &str) -> String {
    let mut re = String::from("^");
    let chars: Vec<char> = p.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '*' => {
                if chars.get(i + 1) == Some(&'*') {
                    i += 1;
                    if chars.get(i + 1) == Some(&'/') {
                        i += 1;
                    }
                    if i + 1 >= chars.len() {
                        re.push_str(".*");
                    } else {
                        re.push_str("(.*/)?");
                    }
                } else {
                    re.push_str("[^/]*");
                }
            }
            '?' => re.push_str("[^/]"),
            '[' => {
                // a character class up to the closing `]`
                match chars[i + 1..].iter().position(|&x| x == ']') {
                    Some(len) => {
                        let body: String = chars[i + 1..i + 1 + len].iter().collect();
                        let body = body
                            .strip_prefix('!')
                            .map(|b| format!("^{b}"))
                            .unwrap_or(body);
                        re.push('[');
                        re.push_str(&body.replace('\\', "\\\\"));
                        re.push(']');
                        i += len + 1;
                    }
                    None => re.push_str("\\["),
                }
            }
            '\\' => {
                if let Some(&n) = chars.get(i + 1) {
                    re.push_str(&regex::escape(&n.to_string()));
                    i += 1;
                }
            }
            c => re.push_str(&regex::escape(&c.to_string())),
        }
        i += 1;
    }
    re.push('$');
    re
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_semantics() {
        let di = Dockerignore::parse(
            "# comment\n/node_modules\n*.log\n**/__pycache__\n.env*\n!.env.example\nbuild/\n  docs/**/*.md \n",
        );
        assert!(di.is_excluded("node_modules"));
        assert!(di.is_excluded("node_modules/x/index.js"));
        // anchored at the root, unlike .gitignore
        assert!(!di.is_excluded("app/node_modules"));
        assert!(di.is_excluded("debug.log"));
        assert!(!di.is_excluded("logs/debug.log"));
        assert!(di.is_excluded("a/b/__pycache__/m.pyc"));
        assert!(di.is_excluded("__pycache__"));
        assert!(di.is_excluded(".env"));
        assert!(di.is_excluded(".env.production"));
        assert!(!di.is_excluded(".env.example"));
        assert!(di.is_excluded("build/out.bin"));
        assert!(di.is_excluded("docs/a.md"));
        assert!(di.is_excluded("docs/x/y/a.md"));
        assert!(!di.is_excluded("docs/a.txt"));
        assert!(!di.is_excluded("src/main.rs"));
        assert_eq!(di.excluded_by("debug.log").map(|p| p.line), Some(3));
    }

    #[test]
    fn exceptions_and_order() {
        let di = Dockerignore::parse("*\n!src\n!package.json\nsrc/secret\n");
        assert!(di.is_excluded("README.md"));
        assert!(!di.is_excluded("src/app.js"));
        assert!(!di.is_excluded("package.json"));
        assert!(di.is_excluded("src/secret"));
        assert!(di.is_excluded("src/secret/key"));
        let di = Dockerignore::parse("**\n!dist/**\n");
        assert!(!di.is_excluded("dist/a.js"));
        assert!(di.is_excluded("x"));
    }

    #[test]
    fn cleaning() {
        assert_eq!(clean("./a//b/"), "a/b");
        assert_eq!(clean("/a/../b"), "b");
        assert_eq!(clean("."), ".");
        let di = Dockerignore::parse("./target/\n[a-c]?.txt\nfo\\*\n");
        assert!(di.is_excluded("target/debug/x"));
        assert!(di.is_excluded("b1.txt"));
        assert!(!di.is_excluded("d1.txt"));
        assert!(di.is_excluded("fo*"));
        assert!(!di.is_excluded("foo"));
    }
}
