/*
 * External scanner for dfix's Dockerfile grammar.
 *
 * BuildKit reads a Dockerfile line by line: a line ending in the escape
 * character (`\`, or the one chosen by `# escape=`) continues on the next
 * line, blank lines and comment lines inside a continuation are dropped, and
 * the bodies of heredocs follow the instruction's last line. None of that is
 * context-free, so every token whose extent depends on it is lexed here; the
 * grammar only arranges the tokens. Shell text is never parsed: a
 * `shell_fragment` is the text of one physical line of a shell-form command.
 *
 * State (serialized after every external token): the escape character,
 * whether parser directives are still allowed, a few "what came just before"
 * bits, and the queue of heredocs whose bodies are still to come.
 */

#include "tree_sitter/alloc.h"
#include "tree_sitter/parser.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

enum TokenType {
  EOL,
  NEWLINE,
  BLANK_LINES,
  LINE_CONTINUATION,
  COMMENT,
  COMMENT_NEWLINE,
  DIRECTIVE_HASH,
  DIRECTIVE_NAME,
  DIRECTIVE_VALUE,
  UNKNOWN_KEYWORD,
  FLAG_START,
  FLAG_NAME,
  FLAG_VALUE,
  SHELL_FRAGMENT,
  HEREDOC_START,
  HEREDOC_BODY,
  HEREDOC_END,
  JSON_OPEN,
  NOT_JSON,
  ARGUMENT,
  PAIR_KEY,
  LEGACY_KEY,
  PAIR_VALUE,
  FLAGS_END,
  AS_KEYWORD,
  FLAG_EQ,
  HEALTHCHECK_TYPE,
  ERROR_SENTINEL,
};

#define MAX_HEREDOCS 16
#define MAX_NAME 200
#define WORD_BUF 256

typedef struct {
  bool chomp;
  uint8_t len;
  char name[MAX_NAME];
} Heredoc;

typedef struct {
  int32_t escape;
  bool directives_done;
  bool after_directive;
  bool escape_directive;
  bool after_comment;
  bool heredoc_newline;
  uint8_t heredoc_count;
  Heredoc heredocs[MAX_HEREDOCS];
} Scanner;

/* A small UTF-8 buffer for the words the scanner has to look at. */
typedef struct {
  char bytes[WORD_BUF];
  size_t len;
  bool overflow;
} Word;

static void word_push(Word *w, int32_t c) {
  char tmp[4];
  size_t n;
  if (c < 0x80) {
    tmp[0] = (char)c;
    n = 1;
  } else if (c < 0x800) {
    tmp[0] = (char)(0xC0 | (c >> 6));
    tmp[1] = (char)(0x80 | (c & 0x3F));
    n = 2;
  } else if (c < 0x10000) {
    tmp[0] = (char)(0xE0 | (c >> 12));
    tmp[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    tmp[2] = (char)(0x80 | (c & 0x3F));
    n = 3;
  } else {
    tmp[0] = (char)(0xF0 | (c >> 18));
    tmp[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    tmp[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    tmp[3] = (char)(0x80 | (c & 0x3F));
    n = 4;
  }
  if (w->len + n > WORD_BUF) {
    w->overflow = true;
    return;
  }
  memcpy(w->bytes + w->len, tmp, n);
  w->len += n;
}

static inline void advance(TSLexer *lexer) { lexer->advance(lexer, false); }
static inline void skip(TSLexer *lexer) { lexer->advance(lexer, true); }

/* Horizontal blanks. A `\r` is a blank too: before `\n` it is part of a CRLF
 * line end, which BuildKit strips. */
static inline bool is_blank(int32_t c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static inline bool at_line_end(TSLexer *lexer) {
  return lexer->lookahead == '\n' || (lexer->lookahead == 0 && lexer->eof(lexer));
}

static inline int32_t ascii_lower(int32_t c) { return (c >= 'A' && c <= 'Z') ? c + 32 : c; }
static inline bool is_digit(int32_t c) { return c >= '0' && c <= '9'; }
static inline bool is_alpha(int32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static bool word_equals_caseless(const Word *w, const char *lower) {
  size_t n = strlen(lower);
  if (w->overflow || w->len != n) return false;
  for (size_t i = 0; i < n; i++) {
    if (ascii_lower((unsigned char)w->bytes[i]) != lower[i]) return false;
  }
  return true;
}

static const char *const KEYWORDS[] = {
    "add",     "arg",        "cmd",   "copy",  "entrypoint", "env",        "expose",
    "from",    "healthcheck", "label", "maintainer", "onbuild", "run", "shell",
    "stopsignal", "user",     "volume", "workdir",
};

static bool is_keyword(const Word *w) {
  for (size_t i = 0; i < sizeof(KEYWORDS) / sizeof(KEYWORDS[0]); i++) {
    if (word_equals_caseless(w, KEYWORDS[i])) return true;
  }
  return false;
}

/* --- state ------------------------------------------------------------- */

void *tree_sitter_dockerfile_external_scanner_create(void) {
  Scanner *s = ts_calloc(1, sizeof(Scanner));
  s->escape = '\\';
  return s;
}

void tree_sitter_dockerfile_external_scanner_destroy(void *payload) { ts_free(payload); }

unsigned tree_sitter_dockerfile_external_scanner_serialize(void *payload, char *buffer) {
  Scanner *s = payload;
  unsigned n = 0;
  buffer[n++] = (char)s->escape;
  buffer[n++] = (char)((s->directives_done ? 1 : 0) | (s->after_directive ? 2 : 0) |
                       (s->escape_directive ? 4 : 0) | (s->after_comment ? 8 : 0) |
                       (s->heredoc_newline ? 16 : 0));
  unsigned count_at = n++;
  uint8_t count = 0;
  for (uint8_t i = 0; i < s->heredoc_count; i++) {
    const Heredoc *h = &s->heredocs[i];
    if (n + 2 + h->len > TREE_SITTER_SERIALIZATION_BUFFER_SIZE) break;
    buffer[n++] = (char)h->chomp;
    buffer[n++] = (char)h->len;
    memcpy(buffer + n, h->name, h->len);
    n += h->len;
    count++;
  }
  buffer[count_at] = (char)count;
  return n;
}

void tree_sitter_dockerfile_external_scanner_deserialize(void *payload, const char *buffer,
                                                         unsigned length) {
  Scanner *s = payload;
  s->escape = '\\';
  s->directives_done = false;
  s->after_directive = false;
  s->escape_directive = false;
  s->after_comment = false;
  s->heredoc_newline = false;
  s->heredoc_count = 0;
  if (length < 3) return;
  unsigned n = 0;
  s->escape = (unsigned char)buffer[n++];
  uint8_t flags = (uint8_t)buffer[n++];
  s->directives_done = flags & 1;
  s->after_directive = flags & 2;
  s->escape_directive = flags & 4;
  s->after_comment = flags & 8;
  s->heredoc_newline = flags & 16;
  uint8_t count = (uint8_t)buffer[n++];
  for (uint8_t i = 0; i < count && i < MAX_HEREDOCS && n + 2 <= length; i++) {
    Heredoc *h = &s->heredocs[i];
    h->chomp = buffer[n++];
    h->len = (uint8_t)buffer[n++];
    if (n + h->len > length) break;
    memcpy(h->name, buffer + n, h->len);
    n += h->len;
    s->heredoc_count = i + 1;
  }
}

/* --- line structure ------------------------------------------------------ */

/* After the escape character and trailing blanks, at the line end: consume
 * the newline and any blank lines after it, as BuildKit drops them. */
static void finish_continuation(TSLexer *lexer) {
  if (lexer->lookahead == '\n') advance(lexer);
  lexer->mark_end(lexer);
  for (;;) {
    while (is_blank(lexer->lookahead)) advance(lexer);
    if (lexer->lookahead != '\n') break;
    advance(lexer);
    lexer->mark_end(lexer);
  }
}

/* The rest of a comment line, without its line end. */
static void comment_rest(TSLexer *lexer) {
  bool unmarked = false;
  while (!at_line_end(lexer)) {
    if (lexer->lookahead == '\r') {
      if (unmarked) lexer->mark_end(lexer);
      unmarked = false;
    } else {
      unmarked = true;
    }
    advance(lexer);
  }
  if (unmarked) lexer->mark_end(lexer);
}

/* At `#` (not consumed), on a line that may be a parser directive. Returns
 * true and leaves the token as just `#` when the line is `#name=value` with a
 * directive name BuildKit knows; otherwise lexes a comment. */
static bool directive_or_comment(Scanner *s, TSLexer *lexer, bool directive_allowed) {
  advance(lexer);
  lexer->mark_end(lexer);
  if (directive_allowed) {
    Word name = {0};
    while (lexer->lookahead == ' ' || lexer->lookahead == '\t') advance(lexer);
    if (is_alpha(lexer->lookahead)) {
      while (is_alpha(lexer->lookahead) || is_digit(lexer->lookahead)) {
        word_push(&name, ascii_lower(lexer->lookahead));
        advance(lexer);
      }
      while (lexer->lookahead == ' ' || lexer->lookahead == '\t') advance(lexer);
      if (lexer->lookahead == '=') {
        advance(lexer);
        while (lexer->lookahead == ' ' || lexer->lookahead == '\t') advance(lexer);
        bool has_value = !at_line_end(lexer) && !is_blank(lexer->lookahead);
        if (has_value && (word_equals_caseless(&name, "syntax") ||
                          word_equals_caseless(&name, "escape") ||
                          word_equals_caseless(&name, "check"))) {
          lexer->result_symbol = DIRECTIVE_HASH;
          return true;
        }
      }
    }
    /* Not a directive: everything read so far is comment text. */
    lexer->mark_end(lexer);
  }
  comment_rest(lexer);
  s->after_comment = true;
  lexer->result_symbol = COMMENT;
  return true;
}

/* --- heredocs ------------------------------------------------------------ */

/* Reads one word (up to an unquoted blank or the line end) without marking.
 * Returns 1 and fills *out when it is a heredoc marker as BuildKit reads it
 * (`^[0-9]*<<-?[^<]+$`, quotes removed from the name), 0 for another word,
 * -1 when it stopped at the escape character (the caller takes over there). */
static int read_heredoc_word(Scanner *s, TSLexer *lexer, Word *raw, int32_t *last) {
  int32_t quote = 0;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (at_line_end(lexer)) break;
    if (!quote && is_blank(c)) break;
    if (c == s->escape) return -1;
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    }
    word_push(raw, c);
    *last = c;
    advance(lexer);
  }
  return 0;
}

static bool heredoc_from_word(const Word *raw, Heredoc *out) {
  if (raw->overflow) return false;
  size_t i = 0, n = raw->len;
  const char *b = raw->bytes;
  while (i < n && is_digit((unsigned char)b[i])) i++;
  if (i + 1 >= n || b[i] != '<' || b[i + 1] != '<') return false;
  i += 2;
  bool chomp = false;
  if (i < n && b[i] == '-') {
    chomp = true;
    i++;
  }
  if (i >= n) return false;
  for (size_t j = i; j < n; j++) {
    if (b[j] == '<') return false;
  }
  /* The delimiter word with its quoting removed. */
  char quote = 0;
  size_t len = 0;
  for (size_t j = i; j < n; j++) {
    char c = b[j];
    if (!quote && (c == '"' || c == '\'')) {
      quote = c;
      continue;
    }
    if (quote && c == quote) {
      quote = 0;
      continue;
    }
    if (c == '\\' && quote != '\'' && j + 1 < n) {
      c = b[++j];
    }
    if (len >= MAX_NAME) return false;
    out->name[len++] = c;
  }
  out->len = (uint8_t)len;
  out->chomp = chomp;
  return true;
}

static void push_heredoc(Scanner *s, const Heredoc *h) {
  if (s->heredoc_count < MAX_HEREDOCS) s->heredocs[s->heredoc_count++] = *h;
}

/* After a heredoc marker: does the rest of the logical line (continuations
 * followed) leave every quote closed? BuildKit splits the whole instruction
 * line into shell words to find heredocs; an unterminated quote makes that
 * fail, and then the line has no heredocs at all. Only looks ahead. */
static bool rest_of_line_quotes_closed(Scanner *s, TSLexer *lexer) {
  int32_t quote = 0;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (c == '\n' || (c == 0 && lexer->eof(lexer))) return quote == 0;
    if (c == s->escape) {
      advance(lexer);
      while (is_blank(lexer->lookahead)) advance(lexer);
      if (lexer->lookahead == '\n') {
        /* A continuation: skip the blank and comment lines after it. */
        advance(lexer);
        for (;;) {
          while (is_blank(lexer->lookahead)) advance(lexer);
          if (lexer->lookahead == '\n') {
            advance(lexer);
          } else if (lexer->lookahead == '#') {
            while (!at_line_end(lexer)) advance(lexer);
            if (lexer->lookahead == '\n') advance(lexer);
          } else {
            break;
          }
        }
        continue;
      }
      if (s->escape == '\\' && quote != '\'' && !at_line_end(lexer)) advance(lexer);
      continue;
    }
    if (c == '\\' && quote != '\'') {
      advance(lexer);
      if (!at_line_end(lexer)) advance(lexer);
      continue;
    }
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    }
    advance(lexer);
  }
}

/* Bodies of pending heredocs: a `heredoc_body` (every line up to the
 * delimiter line, line ends included) then a `heredoc_end` (the delimiter). */
static bool scan_heredoc(Scanner *s, TSLexer *lexer) {
  const Heredoc *h = &s->heredocs[0];
  if (s->heredoc_newline) {
    while (lexer->lookahead == '\r') skip(lexer);
    if (lexer->lookahead != '\n') return false;
    skip(lexer);
  }
  bool has_body = false;
  for (;;) {
    if (lexer->eof(lexer)) {
      if (!has_body) return false;
      break;
    }
    if (h->chomp) {
      while (lexer->lookahead == '\t') advance(lexer);
    }
    /* Compare the line with the delimiter, byte by byte. */
    size_t matched = 0;
    bool equal = true;
    while (!at_line_end(lexer) && equal && matched < h->len) {
      Word one = {0};
      word_push(&one, lexer->lookahead);
      if (matched + one.len > h->len || memcmp(h->name + matched, one.bytes, one.len) != 0) {
        equal = false;
        break;
      }
      matched += one.len;
      advance(lexer);
    }
    if (equal && matched == h->len) {
      if (!has_body) lexer->mark_end(lexer);
      while (lexer->lookahead == '\r') advance(lexer);
      if (at_line_end(lexer)) {
        if (has_body) break;
        s->heredoc_count--;
        memmove(&s->heredocs[0], &s->heredocs[1], s->heredoc_count * sizeof(Heredoc));
        s->heredoc_newline = true;
        lexer->result_symbol = HEREDOC_END;
        return true;
      }
    }
    while (!at_line_end(lexer)) advance(lexer);
    if (lexer->lookahead == '\n') advance(lexer);
    lexer->mark_end(lexer);
    has_body = true;
  }
  s->heredoc_newline = false;
  lexer->result_symbol = HEREDOC_BODY;
  return true;
}

/* --- words --------------------------------------------------------------- */

/* What an escape character met inside a token turns out to be. */
typedef enum {
  ESC_ENDS_TOKEN,   /* a line continuation follows: the token ended before it */
  ESC_THEN_BLANKS,  /* escape, blanks, then more text on the line (consumed, marked) */
  ESC_ESCAPES_NEXT, /* escape followed by a character (escape consumed, not marked) */
} EscapeKind;

static EscapeKind consume_escape(TSLexer *lexer) {
  advance(lexer);
  if (!is_blank(lexer->lookahead) && !at_line_end(lexer)) return ESC_ESCAPES_NEXT;
  while (is_blank(lexer->lookahead)) advance(lexer);
  if (at_line_end(lexer)) return ESC_ENDS_TOKEN;
  lexer->mark_end(lexer);
  return ESC_THEN_BLANKS;
}

/* A blank-delimited word, as BuildKit splits FROM/COPY/EXPOSE… arguments.
 * Stops before a line continuation. Returns whether it read anything. */
static bool plain_word(Scanner *s, TSLexer *lexer, Word *w, bool stop_at_equals, bool has,
                       int32_t prev) {
  for (;;) {
    int32_t c = lexer->lookahead;
    if (at_line_end(lexer) || is_blank(c)) break;
    if (stop_at_equals && c == '=') break;
    if (c == s->escape && prev != s->escape) {
      EscapeKind k = consume_escape(lexer);
      if (k == ESC_ENDS_TOKEN) break;
      word_push(w, c);
      has = true;
      if (k == ESC_THEN_BLANKS) break;
      lexer->mark_end(lexer);
      prev = c;
      continue;
    }
    word_push(w, c);
    advance(lexer);
    lexer->mark_end(lexer);
    has = true;
    prev = c;
  }
  return has;
}

/* A word as BuildKit's parseWords reads ENV/LABEL/ARG: blanks inside quotes
 * do not end it, the escape character keeps the next character in the word,
 * and a line continuation inside quotes is part of it. With stop_at_equals it
 * stops at the first `=` (BuildKit splits `key=value` there, quotes or not). */
static bool quoted_word(Scanner *s, TSLexer *lexer, bool stop_at_equals, bool has, int32_t prev,
                        bool *stopped_at_equals) {
  int32_t quote = 0;
  if (stopped_at_equals) *stopped_at_equals = false;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (at_line_end(lexer)) break;
    if (!quote && is_blank(c)) break;
    if (stop_at_equals && c == '=') {
      if (stopped_at_equals) *stopped_at_equals = true;
      break;
    }
    if (c == s->escape && prev != s->escape && quote != '\'') {
      advance(lexer);
      if (is_blank(lexer->lookahead) || at_line_end(lexer)) {
        if (!at_line_end(lexer) && lexer->lookahead != '\r') {
          /* The escaped blank belongs to the word; a second blank ends it. */
          advance(lexer);
          if (!is_blank(lexer->lookahead) && !at_line_end(lexer)) {
            lexer->mark_end(lexer);
            has = true;
            prev = ' ';
            continue;
          }
        }
        while (is_blank(lexer->lookahead)) advance(lexer);
        if (at_line_end(lexer)) {
          if (!quote) break;
          /* A continuation inside quotes: BuildKit joins the lines first. */
          finish_continuation(lexer);
          has = true;
          prev = '\n';
          continue;
        }
        lexer->mark_end(lexer);
        has = true;
        if (!quote) break;
        prev = ' ';
        continue;
      }
      /* The escaped character belongs to the word, whatever it is. */
      prev = lexer->lookahead;
      advance(lexer);
      lexer->mark_end(lexer);
      has = true;
      continue;
    }
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    }
    advance(lexer);
    lexer->mark_end(lexer);
    has = true;
    prev = c;
  }
  return has;
}

/* Shell text up to the end of the physical line (before a continuation and
 * trailing blanks). With heredocs enabled it stops before a heredoc marker,
 * or returns the marker itself as HEREDOC_START when it starts the token. */
static bool shell_fragment(Scanner *s, TSLexer *lexer, bool heredocs, bool has, int32_t prev,
                           bool word_start) {
  int32_t quote = 0;
  /* mark_end is called lazily: `unmarked` says the text read since the last
   * mark ends with content that belongs to the token. */
  bool unmarked = false;
  for (;;) {
    int32_t c = lexer->lookahead;
    if (c == '\n' || (c == 0 && lexer->eof(lexer))) break;
    if (is_blank(c)) {
      if (unmarked) lexer->mark_end(lexer);
      unmarked = false;
      advance(lexer);
      prev = c;
      if (!quote) word_start = true;
      continue;
    }
    if (c == s->escape && prev != s->escape) {
      if (unmarked) lexer->mark_end(lexer);
      unmarked = false;
      EscapeKind k = consume_escape(lexer);
      if (k == ESC_ENDS_TOKEN) break;
      has = true;
      if (k == ESC_THEN_BLANKS) {
        prev = ' ';
        word_start = !quote;
        continue;
      }
      prev = lexer->lookahead;
      advance(lexer);
      unmarked = true;
      word_start = false;
      continue;
    }
    if (heredocs && !quote && word_start && (c == '<' || is_digit(c))) {
      Word raw = {0};
      int32_t last = prev;
      int r = read_heredoc_word(s, lexer, &raw, &last);
      Heredoc h;
      if (r == 0 && heredoc_from_word(&raw, &h)) {
        if (has) break; /* the marker (or plain word) starts the next token */
        lexer->mark_end(lexer);
        if (rest_of_line_quotes_closed(s, lexer)) {
          push_heredoc(s, &h);
          lexer->result_symbol = HEREDOC_START;
          return true;
        }
        /* Not a heredoc after all: this word is a fragment of its own
         * (the text after it has been looked at already). */
        lexer->result_symbol = SHELL_FRAGMENT;
        return true;
      }
      unmarked = true;
      has = true;
      word_start = false;
      prev = last;
      continue;
    }
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    }
    advance(lexer);
    unmarked = true;
    has = true;
    prev = c;
    word_start = false;
  }
  if (unmarked) lexer->mark_end(lexer);
  if (!has) return false;
  lexer->result_symbol = SHELL_FRAGMENT;
  return true;
}

/* --- JSON (exec form) ---------------------------------------------------- */

/* Skips JSON whitespace, line continuations and the comment and blank lines
 * inside them. Returns false at the end of the instruction. */
static bool json_space(Scanner *s, TSLexer *lexer) {
  for (;;) {
    int32_t c = lexer->lookahead;
    if (c == ' ' || c == '\t' || c == '\r') {
      advance(lexer);
      continue;
    }
    if (c == s->escape) {
      advance(lexer);
      while (is_blank(lexer->lookahead)) advance(lexer);
      if (lexer->lookahead != '\n') return false;
      advance(lexer);
      for (;;) {
        while (is_blank(lexer->lookahead)) advance(lexer);
        if (lexer->lookahead == '\n') {
          advance(lexer);
        } else if (lexer->lookahead == '#') {
          while (!at_line_end(lexer)) advance(lexer);
          if (lexer->lookahead == '\n') advance(lexer);
        } else {
          break;
        }
      }
      continue;
    }
    return !at_line_end(lexer);
  }
}

static bool json_string(Scanner *s, TSLexer *lexer) {
  advance(lexer); /* " */
  for (;;) {
    int32_t c = lexer->lookahead;
    if (at_line_end(lexer) || c < 0x20) return false;
    if (c == '"') {
      advance(lexer);
      return true;
    }
    if (c == '\\') {
      advance(lexer);
      c = lexer->lookahead;
      if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' ||
          c == 't') {
        advance(lexer);
      } else if (c == 'u') {
        advance(lexer);
        for (int i = 0; i < 4; i++) {
          int32_t h = lexer->lookahead;
          bool hex = is_digit(h) || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F');
          if (!hex) return false;
          advance(lexer);
        }
      } else {
        return false;
      }
      continue;
    }
    if (c == s->escape) {
      /* A continuation inside a JSON string: see README (deliberate difference). */
      advance(lexer);
      while (is_blank(lexer->lookahead)) advance(lexer);
      if (at_line_end(lexer)) return false;
      continue;
    }
    advance(lexer);
  }
}

/* At `[`: would BuildKit's JSON decoder read an array of strings here? It
 * reads one JSON value and ignores what follows it. */
static bool json_ahead(Scanner *s, TSLexer *lexer) {
  advance(lexer); /* [ */
  enum { VALUE_OR_CLOSE, VALUE, COMMA_OR_CLOSE } expect = VALUE_OR_CLOSE;
  for (;;) {
    if (!json_space(s, lexer)) return false;
    int32_t c = lexer->lookahead;
    if (c == ']' && expect != VALUE) return true;
    if (c == ',' && expect == COMMA_OR_CLOSE) {
      advance(lexer);
      expect = VALUE;
      continue;
    }
    if (c == '"' && expect != COMMA_OR_CLOSE) {
      if (!json_string(s, lexer)) return false;
      expect = COMMA_OR_CLOSE;
      continue;
    }
    return false;
  }
}

/* --- entry point --------------------------------------------------------- */

static bool scan(Scanner *s, TSLexer *lexer, const bool *valid) {
  if (valid[ERROR_SENTINEL]) {
    /* Error recovery: only help it resynchronise at line ends. */
    while (is_blank(lexer->lookahead)) skip(lexer);
    if (lexer->lookahead == '\n') {
      advance(lexer);
      lexer->mark_end(lexer);
      s->heredoc_count = 0;
      s->after_comment = false;
      lexer->result_symbol = NEWLINE;
      return true;
    }
    return false;
  }

  bool after_comment = s->after_comment;
  bool after_directive = s->after_directive;
  s->after_comment = false;
  s->after_directive = false;

  if ((valid[HEREDOC_BODY] || valid[HEREDOC_END]) && s->heredoc_count > 0) {
    return scan_heredoc(s, lexer);
  }
  s->heredoc_newline = false;

  uint32_t blanks = 0;
  while (is_blank(lexer->lookahead) || lexer->lookahead == 0xFEFF) {
    skip(lexer);
    blanks++;
  }

  /* Line ends. */
  if (at_line_end(lexer)) {
    if (after_comment && lexer->lookahead == '\n' && !valid[NEWLINE]) {
      /* The newline of a comment line: inside a continuation it must not end
       * the instruction; between instructions it is just a newline. */
      finish_continuation(lexer);
      lexer->result_symbol = COMMENT_NEWLINE;
      s->directives_done = true;
      return true;
    }
    if (valid[EOL]) {
      lexer->mark_end(lexer);
      s->heredoc_newline = true;
      s->directives_done = true;
      lexer->result_symbol = EOL;
      return true;
    }
    if (valid[NEWLINE] && lexer->lookahead == '\n') {
      advance(lexer);
      lexer->mark_end(lexer);
      bool blank_lines = false;
      if (valid[BLANK_LINES]) {
        for (;;) {
          while (is_blank(lexer->lookahead)) advance(lexer);
          if (lexer->lookahead != '\n') break;
          advance(lexer);
          lexer->mark_end(lexer);
          blank_lines = true;
        }
      }
      if (blank_lines || !after_directive) s->directives_done = true;
      lexer->result_symbol = blank_lines ? BLANK_LINES : NEWLINE;
      return true;
    }
    if (valid[BLANK_LINES] && lexer->lookahead == '\n') {
      /* A blank line at the very start of the file. */
      advance(lexer);
      lexer->mark_end(lexer);
      for (;;) {
        while (is_blank(lexer->lookahead)) advance(lexer);
        if (lexer->lookahead != '\n') break;
        advance(lexer);
        lexer->mark_end(lexer);
      }
      s->directives_done = true;
      lexer->result_symbol = BLANK_LINES;
      return true;
    }
    return false;
  }

  /* Comments: a `#` with only blanks before it on its line. */
  if (lexer->lookahead == '#' && lexer->get_column(lexer) == blanks) {
    bool allowed = valid[DIRECTIVE_HASH] && !s->directives_done;
    bool ok = directive_or_comment(s, lexer, allowed);
    if (lexer->result_symbol == COMMENT) s->directives_done = true;
    return ok;
  }

  /* Parser directive pieces. */
  if (valid[DIRECTIVE_NAME]) {
    Word name = {0};
    while (is_alpha(lexer->lookahead) || is_digit(lexer->lookahead)) {
      word_push(&name, lexer->lookahead);
      advance(lexer);
    }
    if (name.len == 0) return false;
    lexer->mark_end(lexer);
    s->escape_directive = word_equals_caseless(&name, "escape");
    lexer->result_symbol = DIRECTIVE_NAME;
    return true;
  }
  if (valid[DIRECTIVE_VALUE]) {
    Word value = {0};
    while (!at_line_end(lexer)) {
      int32_t c = lexer->lookahead;
      advance(lexer);
      if (!is_blank(c)) {
        word_push(&value, c);
        lexer->mark_end(lexer);
      }
    }
    if (value.len == 0) return false;
    if (s->escape_directive && value.len == 1 && (value.bytes[0] == '`' || value.bytes[0] == '\\')) {
      s->escape = value.bytes[0];
    }
    s->escape_directive = false;
    s->after_directive = true;
    lexer->result_symbol = DIRECTIVE_VALUE;
    return true;
  }

  s->directives_done = true;

  /* An escape character at the start of a token: a line continuation, or the
   * first character of the token. */
  bool has = false;
  int32_t prev = 0;
  bool blank_after_escape = false;
  if (lexer->lookahead == s->escape) {
    advance(lexer);
    lexer->mark_end(lexer);
    while (is_blank(lexer->lookahead)) {
      advance(lexer);
      blank_after_escape = true;
    }
    if (at_line_end(lexer)) {
      finish_continuation(lexer);
      lexer->result_symbol = LINE_CONTINUATION;
      return true;
    }
    has = true;
    prev = s->escape;
    if (!blank_after_escape) {
      prev = lexer->lookahead;
      advance(lexer);
      lexer->mark_end(lexer);
    }
  }

  /* Values glued to the `=` or `--` before them. */
  if (blanks == 0 && valid[FLAG_VALUE] && !(has && blank_after_escape)) {
    if (quoted_word(s, lexer, false, has, prev, NULL)) {
      lexer->result_symbol = FLAG_VALUE;
      return true;
    }
  }
  if (blanks == 0 && valid[PAIR_VALUE] && !(has && blank_after_escape)) {
    if (quoted_word(s, lexer, false, has, prev, NULL)) {
      lexer->result_symbol = PAIR_VALUE;
      return true;
    }
  }
  if (blanks == 0 && valid[FLAG_EQ] && !has && lexer->lookahead == '=') {
    advance(lexer);
    lexer->mark_end(lexer);
    lexer->result_symbol = FLAG_EQ;
    return true;
  }
  if (blanks == 0 && valid[FLAG_NAME]) {
    Word w = {0};
    if (plain_word(s, lexer, &w, true, has, has ? prev : '-')) {
      lexer->result_symbol = FLAG_NAME;
      return true;
    }
    return false;
  }

  /* Flags: `--name[=value]`, and a bare `--` that ends them. */
  if (!has && valid[FLAG_START] && lexer->lookahead == '-') {
    advance(lexer);
    lexer->mark_end(lexer);
    has = true;
    prev = '-';
    if (lexer->lookahead == '-') {
      advance(lexer);
      lexer->mark_end(lexer);
      prev = '-';
      if (is_blank(lexer->lookahead) || at_line_end(lexer)) {
        if (valid[FLAGS_END]) {
          lexer->result_symbol = FLAGS_END;
          return true;
        }
      } else {
        lexer->result_symbol = FLAG_START;
        return true;
      }
    }
  }

  /* Exec form: decide with a zero-width token whether the `[` starts a JSON
   * array of strings (BuildKit's test) or is plain text. */
  if (!has && valid[JSON_OPEN] && lexer->lookahead == '[') {
    lexer->mark_end(lexer);
    lexer->result_symbol = json_ahead(s, lexer) ? JSON_OPEN : NOT_JSON;
    return true;
  }

  if (valid[SHELL_FRAGMENT]) {
    return shell_fragment(s, lexer, valid[HEREDOC_START], has, prev, !has || blank_after_escape);
  }

  if (valid[PAIR_KEY] || valid[LEGACY_KEY]) {
    if (has && blank_after_escape) {
      lexer->result_symbol = valid[LEGACY_KEY] ? LEGACY_KEY : PAIR_KEY;
      return true;
    }
    bool at_equals = false;
    if (!quoted_word(s, lexer, true, has, prev, &at_equals)) return false;
    if (at_equals || !valid[LEGACY_KEY]) {
      if (!valid[PAIR_KEY]) return false;
      lexer->result_symbol = PAIR_KEY;
      return true;
    }
    lexer->result_symbol = LEGACY_KEY;
    return true;
  }

  if (valid[ARGUMENT] || valid[UNKNOWN_KEYWORD] || valid[AS_KEYWORD] || valid[HEREDOC_START] ||
      valid[HEALTHCHECK_TYPE]) {
    Word w = {0};
    if (has) word_push(&w, s->escape);
    if (!(has && blank_after_escape)) {
      if (!plain_word(s, lexer, &w, false, has, prev)) return false;
    }
    if (valid[UNKNOWN_KEYWORD]) {
      if (is_keyword(&w)) return false; /* the grammar's own keyword tokens take it */
      lexer->result_symbol = UNKNOWN_KEYWORD;
      return true;
    }
    if (valid[HEALTHCHECK_TYPE]) {
      lexer->result_symbol = HEALTHCHECK_TYPE;
      return true;
    }
    if (valid[AS_KEYWORD] && word_equals_caseless(&w, "as")) {
      lexer->result_symbol = AS_KEYWORD;
      return true;
    }
    Heredoc h;
    if (valid[HEREDOC_START] && !has && heredoc_from_word(&w, &h) &&
        rest_of_line_quotes_closed(s, lexer)) {
      push_heredoc(s, &h);
      lexer->result_symbol = HEREDOC_START;
      return true;
    }
    if (!valid[ARGUMENT]) return false;
    lexer->result_symbol = ARGUMENT;
    return true;
  }

  return false;
}

bool tree_sitter_dockerfile_external_scanner_scan(void *payload, TSLexer *lexer,
                                                  const bool *valid_symbols) {
  return scan((Scanner *)payload, lexer, valid_symbols);
}
