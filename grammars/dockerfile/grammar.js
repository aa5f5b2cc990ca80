/**
 * @file dfix's Dockerfile grammar: the instruction structure that BuildKit's
 *       parser sees, with shell text kept opaque.
 * @license MIT OR Apache-2.0
 *
 * Everything that depends on context — the line structure (continuations,
 * comment lines inside them), the escape character chosen by `# escape=`,
 * heredocs, JSON-versus-shell form, flags, ENV/LABEL/ARG words — is lexed by
 * the external scanner in src/scanner.c. This file only arranges those tokens
 * into instructions. See README.md for the node list.
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

/** A case-insensitive regular expression for an ASCII word. */
function caseless(word) {
  return new RegExp(
    word
      .split('')
      .map((ch) => `[${ch.toLowerCase()}${ch.toUpperCase()}]`)
      .join(''),
  );
}

/** The instruction keyword, exposed as the `keyword` field. */
function keyword(word) {
  return field('keyword', alias(token(prec(2, caseless(word))), word.toUpperCase()));
}

module.exports = grammar({
  name: 'dockerfile',

  externals: ($) => [
    $._eol, // zero-width: end of an instruction's logical line
    $._newline, // a newline between instructions
    $._blank_lines, // a newline followed by blank lines: a paragraph break
    $.line_continuation,
    $.comment,
    $._comment_newline,
    $._directive_hash,
    $.directive_name,
    $.directive_value,
    $._unknown_keyword,
    $._flag_start,
    $.flag_name,
    $.flag_value,
    $.shell_fragment,
    $.heredoc_start,
    $.heredoc_body,
    $.heredoc_end,
    $._json_open, // zero-width: a JSON array of strings follows
    $._not_json, // zero-width: a `[` that BuildKit reads as plain text
    $.argument,
    $._pair_key,
    $._legacy_key,
    $._pair_value,
    $._flags_end,
    $._as_keyword,
    $._flag_eq,
    $.healthcheck_type,
    $._error_sentinel,
  ],

  extras: ($) => [/[ \t\r\f\v\uFEFF]/, $.line_continuation, $.comment, $._comment_newline],

  rules: {
    // The statement list is shaped for incremental parsing. A plain `repeat`
    // makes every list node fragile (its reduction shares a parse-table entry
    // with a shift), so after an edit tree-sitter would re-shift every
    // following instruction one by one. Instead, blank lines split the file
    // into paragraphs: the paragraph list is right-recursive (the tail after
    // an edit is reused whole) and each paragraph is left-recursive (its head
    // before an edit is reused whole). All of these nodes are hidden.
    source_file: ($) => seq(optional($._blank_lines), optional($._paragraphs)),
    _paragraphs: ($) => seq($._paragraph, optional(seq($._blank_lines, optional($._paragraphs)))),
    _paragraph: ($) => choice($._statement, seq($._paragraph, $._statement)),
    _statement: ($) => choice($.directive, $._instruction, $._newline),

    directive: ($) =>
      seq(
        alias($._directive_hash, '#'),
        field('name', $.directive_name),
        '=',
        field('value', $.directive_value),
      ),

    _instruction: ($) =>
      choice(
        $.from_instruction,
        $.run_instruction,
        $.cmd_instruction,
        $.entrypoint_instruction,
        $.shell_instruction,
        $.copy_instruction,
        $.add_instruction,
        $.env_instruction,
        $.label_instruction,
        $.arg_instruction,
        $.expose_instruction,
        $.user_instruction,
        $.workdir_instruction,
        $.volume_instruction,
        $.stopsignal_instruction,
        $.maintainer_instruction,
        $.healthcheck_instruction,
        $.onbuild_instruction,
        $.unknown_instruction,
      ),

    _flags: ($) => choice(seq(repeat1($.flag), optional($._end_of_flags)), $._end_of_flags),
    _end_of_flags: ($) => alias($._flags_end, '--'),

    flag: ($) =>
      seq(
        alias($._flag_start, '--'),
        field('name', $.flag_name),
        optional(seq(alias($._flag_eq, '='), optional(field('value', $.flag_value)))),
      ),

    from_instruction: ($) =>
      seq(
        keyword('from'),
        optional($._flags),
        optional(
          seq(
            field('image', alias($.argument, $.image)),
            optional(
              choice(
                seq(
                  alias($._as_keyword, 'AS'),
                  optional(field('stage_name', alias($.argument, $.stage_name))),
                ),
                $.arguments,
              ),
            ),
          ),
        ),
        $._eol,
      ),

    run_instruction: ($) =>
      seq(
        keyword('run'),
        optional($._flags),
        optional(choice($._exec_form, seq(optional($._not_json), alias($._shell_with_heredocs, $.shell_command)))),
        $._eol,
        repeat($.heredoc),
      ),

    cmd_instruction: ($) => seq(keyword('cmd'), optional($._flags), optional($._command), $._eol),
    entrypoint_instruction: ($) =>
      seq(keyword('entrypoint'), optional($._flags), optional($._command), $._eol),
    shell_instruction: ($) => seq(keyword('shell'), optional($._flags), optional($._command), $._eol),

    copy_instruction: ($) =>
      seq(
        keyword('copy'),
        optional($._flags),
        optional(choice($._exec_form, seq(optional($._not_json), alias($._paths_with_heredocs, $.arguments)))),
        $._eol,
        repeat($.heredoc),
      ),
    add_instruction: ($) =>
      seq(
        keyword('add'),
        optional($._flags),
        optional(choice($._exec_form, seq(optional($._not_json), alias($._paths_with_heredocs, $.arguments)))),
        $._eol,
        repeat($.heredoc),
      ),

    env_instruction: ($) => seq(keyword('env'), optional($._flags), optional($._pairs), $._eol),
    label_instruction: ($) => seq(keyword('label'), optional($._flags), optional($._pairs), $._eol),
    arg_instruction: ($) =>
      seq(keyword('arg'), optional($._flags), repeat(alias($._arg_pair, $.pair)), $._eol),

    expose_instruction: ($) => seq(keyword('expose'), optional($._flags), optional($.arguments), $._eol),
    user_instruction: ($) => seq(keyword('user'), optional($._flags), optional($.arguments), $._eol),
    workdir_instruction: ($) => seq(keyword('workdir'), optional($._flags), optional($.arguments), $._eol),
    stopsignal_instruction: ($) =>
      seq(keyword('stopsignal'), optional($._flags), optional($.arguments), $._eol),
    maintainer_instruction: ($) =>
      seq(keyword('maintainer'), optional($._flags), optional($.arguments), $._eol),
    volume_instruction: ($) =>
      seq(keyword('volume'), optional($._flags), optional(choice($._exec_form, seq(optional($._not_json), $.arguments))), $._eol),

    healthcheck_instruction: ($) =>
      seq(
        keyword('healthcheck'),
        optional($._flags),
        optional(seq(field('type', $.healthcheck_type), optional($._command))),
        $._eol,
      ),

    onbuild_instruction: ($) =>
      seq(keyword('onbuild'), optional($._flags), choice($._eol, field('instruction', $._instruction))),

    unknown_instruction: ($) =>
      seq(
        field('keyword', alias($._unknown_keyword, $.unknown_keyword)),
        optional($.shell_command),
        $._eol,
      ),

    // Exec (JSON) form or shell form, as BuildKit's parseMaybeJSON decides.
    _command: ($) => choice($._exec_form, seq(optional($._not_json), $.shell_command)),
    _exec_form: ($) => seq($._json_open, $.json_array, optional(field('trailing', alias($._trailing, $.ignored_text)))),
    _trailing: ($) => repeat1($.shell_fragment),

    json_array: ($) =>
      seq(
        '[',
        optional(seq($.json_string, repeat(seq(',', $.json_string)))),
        ']',
      ),
    json_string: (_) =>
      token(seq('"', repeat(choice(/[^"\\\n]+/, /\\(["\\/bfnrt]|u[0-9a-fA-F]{4})/)), '"')),

    shell_command: ($) => repeat1($.shell_fragment),
    _shell_with_heredocs: ($) => repeat1(choice($.shell_fragment, $.heredoc_start)),

    arguments: ($) => repeat1($.argument),
    _paths_with_heredocs: ($) => repeat1(choice($.argument, $.heredoc_start)),

    heredoc: ($) => seq(optional($.heredoc_body), $.heredoc_end),

    // ENV and LABEL: `k=v …`, or the legacy `k v` whose value is the rest.
    _pairs: ($) => choice(repeat1($.pair), alias($._legacy_pair, $.pair)),
    // `=` is optional so that a word without it (BuildKit rejects it) stays
    // a `pair` on its line instead of an ERROR spreading to the next lines.
    pair: ($) =>
      seq(
        field('key', alias($._pair_key, $.key)),
        optional(seq('=', optional(field('value', alias($._pair_value, $.value))))),
      ),
    _legacy_pair: ($) =>
      seq(field('key', alias($._legacy_key, $.key)), optional(field('value', alias($._legacy_value, $.value)))),
    _legacy_value: ($) => repeat1($.shell_fragment),
    _arg_pair: ($) =>
      seq(
        field('key', alias($._pair_key, $.key)),
        optional(seq('=', optional(field('value', alias($._pair_value, $.value))))),
      ),
  },
});
