// Checks for .ci/suites/50-review.sh (node >= 18, ESM). Subcommands:
//   mutate SRC_LIST REPO      make the "pull request" edits on a base repo
//   schema OPENAPI REVIEW     validate a github-review body against the
//                             request schema of "create a review for a pull
//                             request" in GitHub's OpenAPI description
//   hunks REPO MERGE_BASE REVIEW   every comment and suggestion inside the
//                             diff's hunks (git diff -U3, as the PR page shows)
//   sarif-log LOG             count the multitool's results by level
//   shape FORMAT FILE         basic shape of rdjson / gitlab output
//   action-step ACTION_YML ID print the `run` script of a step of action.yml
//   precommit HOOKS_YML CHECKED_LIST OTHER_LIST  the hooks' file patterns
//                             match every file dfix checks and none of the others
// Each prints its counts and exits non-zero on any failure.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(process.env.DFIX_NPM_DIR + "/package.json");
const [cmd, ...args] = process.argv.slice(2);
const fail = (msg) => {
  console.error(`FAIL: ${msg}`);
  process.exitCode = 1;
};

function git(repo, ...a) {
  return execFileSync("git", ["-C", repo, ...a], { encoding: "utf8", maxBuffer: 1 << 28 });
}

if (cmd === "mutate") {
  // Deterministic edits, by position in the list:
  //  0: append new RUNs;  1: insert after the first FROM;  2: rename + append;
  //  3: new CRLF copy without final newline;  4: delete a plain line;  5: untouched.
  const [list, repo] = args;
  const files = fs.readFileSync(list, "utf8").split("\n").filter(Boolean);
  const counts = { append: 0, insert: 0, rename: 0, crlf_new: 0, delete: 0, untouched: 0 };
  files.forEach((rel, i) => {
    const p = path.join(repo, rel);
    const text = fs.readFileSync(p, "utf8");
    const lines = text.split("\n");
    switch (i % 6) {
      case 0:
        fs.writeFileSync(p, text + (text.endsWith("\n") ? "" : "\n") +
          "RUN apt-get update\nRUN apt-get install curl\nRUN pip install flask\n");
        counts.append++;
        break;
      case 1: {
        const k = lines.findIndex((l) => /^\s*FROM\s/i.test(l) && !l.trimEnd().endsWith("\\"));
        if (k < 0) { counts.untouched++; break; }
        lines.splice(k + 1, 0, "RUN apk add jq");
        fs.writeFileSync(p, lines.join("\n"));
        counts.insert++;
        break;
      }
      case 2:
        git(repo, "mv", rel, rel + ".renamed.Dockerfile");
        fs.appendFileSync(p + ".renamed.Dockerfile", (text.endsWith("\n") ? "" : "\n") + "CMD node server.js\n");
        counts.rename++;
        break;
      case 3:
        fs.writeFileSync(p + ".crlf.Dockerfile",
          text.replace(/\r?\n/g, "\r\n").replace(/\r\n$/, "") + "\r\nRUN apk add git");
        counts.crlf_new++;
        break;
      case 4: {
        // A line that is neither continued nor a continuation, nor in a heredoc-looking file.
        const ok = (j) => j > 0 && j < lines.length - 1 && !/\\\s*$/.test(lines[j]) &&
          !/\\\s*$/.test(lines[j - 1]) && /^\s*(RUN|ENV|LABEL|COPY|ADD|EXPOSE|WORKDIR)\s/i.test(lines[j]);
        const j = text.includes("<<") ? -1 : lines.findIndex((_, j) => ok(j));
        if (j < 0) { counts.untouched++; break; }
        lines.splice(j, 1);
        fs.writeFileSync(p, lines.join("\n"));
        counts.delete++;
        break;
      }
      default:
        counts.untouched++;
    }
  });
  console.log("mutations:", JSON.stringify(counts));
} else if (cmd === "schema") {
  const [openapi, reviewFile] = args;
  const spec = JSON.parse(fs.readFileSync(openapi, "utf8"));
  const op = spec.paths["/repos/{owner}/{repo}/pulls/{pull_number}/reviews"]?.post;
  if (!op) { fail("the OpenAPI description has no POST /repos/{owner}/{repo}/pulls/{pull_number}/reviews"); process.exit(1); }
  const schema = structuredClone(op.requestBody.content["application/json"].schema);
  // Stricter than GitHub's schema: no unknown keys anywhere (a typo would
  // otherwise pass and be ignored by the API), and `side` values as documented.
  const strict = (s) => {
    if (s && typeof s === "object") {
      if (s.type === "object" && s.properties) s.additionalProperties = false;
      Object.values(s).forEach(strict);
    }
  };
  strict(schema);
  const item = schema.properties.comments.items;
  item.properties.side.enum = ["LEFT", "RIGHT"];
  item.properties.start_side.enum = ["LEFT", "RIGHT"];
  item.properties.line.minimum = 1;
  item.properties.start_line.minimum = 1;
  const Ajv = require("ajv");
  const ajv = new Ajv({ strict: false, allErrors: true });
  const validate = ajv.compile(schema);
  const review = JSON.parse(fs.readFileSync(reviewFile, "utf8"));
  if (!validate(review)) {
    fail(`${reviewFile}: ${ajv.errorsText(validate.errors, { separator: "\n  " })}`);
  }
  let bad = 0;
  for (const c of review.comments) {
    if (c.start_line !== undefined && !(c.start_line < c.line)) bad++;
    if (c.position !== undefined) bad++;
  }
  if (bad) fail(`${bad} comments with start_line >= line or a legacy position`);
  console.log(`schema (${op.operationId}): ${review.comments.length} comments validated, ${bad} inconsistent`);
} else if (cmd === "hunks") {
  const [repo, mb, reviewFile] = args;
  const review = JSON.parse(fs.readFileSync(reviewFile, "utf8"));
  const cache = new Map();
  const hunksOf = (p) => {
    if (!cache.has(p)) {
      const out = git(repo, "diff", "-U3", "-M", "--diff-algorithm=myers", "--no-color", mb, "--", p);
      let hunks = [...out.matchAll(/^@@ -\S+ \+(\d+)(?:,(\d+))? @@/gm)].map((m) => {
        const s = +m[1], n = m[2] === undefined ? 1 : +m[2];
        return [s, s + Math.max(n, 1) - 1];
      });
      if (!out) {
        // Untracked new file: the whole file is the hunk.
        const t = fs.readFileSync(path.join(repo, p), "utf8");
        const n = t.split("\n").length - (t.endsWith("\n") ? 1 : 0);
        hunks = [[1, n]];
      }
      cache.set(p, hunks);
    }
    return cache.get(p);
  };
  let comments = 0, suggestions = 0, outside = 0, suggOutside = 0;
  for (const c of review.comments) {
    comments++;
    const start = c.start_line ?? c.line;
    const inside = hunksOf(c.path).some(([s, e]) => s <= start && c.line <= e);
    const hasSugg = /```+suggestion\n/.test(c.body);
    if (hasSugg) suggestions++;
    if (!inside) {
      outside++;
      if (hasSugg) suggOutside++;
      console.error(`outside the diff: ${c.path}:${start}-${c.line} hunks ${JSON.stringify(hunksOf(c.path))}`);
    }
  }
  console.log(`hunks: ${comments} comments, ${suggestions} suggestions; outside the diff: ${outside} comments, ${suggOutside} suggestions`);
  if (outside) fail(`${outside} comments outside the PR diff's hunks`);
} else if (cmd === "sarif-log") {
  const log = JSON.parse(fs.readFileSync(args[0], "utf8"));
  const by = {};
  for (const r of log.runs[0].results ?? []) by[r.level ?? "warning"] = (by[r.level ?? "warning"] ?? 0) + 1;
  console.log(`multitool results by level: ${JSON.stringify(by)}`);
  if (by.error) fail(`${by.error} SARIF validation errors`);
} else if (cmd === "shape") {
  const [format, file] = args;
  const v = JSON.parse(fs.readFileSync(file, "utf8"));
  let n = 0;
  if (format === "rdjson") {
    for (const d of v.diagnostics) {
      n++;
      const r = d.location?.range;
      if (typeof d.message !== "string" || !d.location?.path || !r || r.start.line < 1 || r.start.column < 1) fail(`bad rdjson diagnostic ${JSON.stringify(d)}`);
      for (const s of d.suggestions ?? []) if (!s.range || typeof s.text !== "string") fail("bad rdjson suggestion");
    }
  } else if (format === "gitlab") {
    const fps = new Set();
    for (const i of v) {
      n++;
      if (!i.description || !i.check_name || !i.fingerprint || !["info", "minor", "major", "critical", "blocker"].includes(i.severity) || !i.location?.path || !(i.location.lines?.begin >= 1)) fail(`bad gitlab issue ${JSON.stringify(i)}`);
      fps.add(i.fingerprint);
    }
    if (fps.size !== n) fail("duplicate gitlab fingerprints");
  }
  console.log(`${format}: ${n} entries checked`);
} else if (cmd === "action-step") {
  const YAML = require("yaml");
  const [file, id] = args;
  const action = YAML.parse(fs.readFileSync(file, "utf8"));
  if (action.runs?.using !== "composite") fail("action.yml is not a composite action");
  const step = action.runs.steps.find((s) => s.id === id || s.name === id);
  if (!step) { fail(`action.yml has no step ${id}`); process.exit(1); }
  if (/\$\{\{/.test(step.run)) fail(`step ${id} uses an expression inside run:, pass it through env:`);
  process.stdout.write(step.run);
} else if (cmd === "precommit") {
  const YAML = require("yaml");
  const [file, checked, others] = args;
  const hooks = YAML.parse(fs.readFileSync(file, "utf8"));
  const names = (f) => fs.readFileSync(f, "utf8").split("\n").filter(Boolean);
  // pre-commit uses Python's re.search; `(?i)` becomes JS's `i` flag.
  const re = (p) => p && new RegExp(p.replace(/^\(\?i\)/, ""), p.startsWith("(?i)") ? "i" : "");
  for (const h of hooks) {
    for (const k of ["id", "name", "entry", "language", "files"]) if (!h[k]) fail(`hook ${h.id}: no ${k}`);
    if (!/^dfix( |$)/.test(h.entry)) fail(`hook ${h.id}: entry does not run dfix`);
    const inc = re(h.files), exc = re(h.exclude);
    const picked = (n) => inc.test(n) && !(exc && exc.test(n));
    const missed = names(checked).filter((n) => !picked(n));
    const extra = names(others).filter(picked);
    if (missed.length) fail(`hook ${h.id} misses ${missed.length} files dfix checks, e.g. ${missed.slice(0, 3)}`);
    if (extra.length) fail(`hook ${h.id} picks ${extra.length} files dfix skips, e.g. ${extra.slice(0, 3)}`);
    console.log(`pre-commit hook ${h.id}: ${names(checked).length} checked files matched, ${names(others).length} other files left out`);
  }
} else {
  fail(`unknown subcommand ${cmd}`);
}
