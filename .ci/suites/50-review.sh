#!/usr/bin/env bash
# `dfix review` end to end on a real git repository built from the corpus:
# the github-review body validates against the request schema of GitHub's
# "create a review for a pull request" (npm @octokit/openapi, checked with
# ajv); every comment and suggestion lies inside the PR diff's hunks; the
# patch passes `git apply --check`, applying it leaves no fixable finding on
# the changed lines and a second patch is empty; SARIF (review and check)
# validates with the SARIF multitool (npm @microsoft/sarif-multitool);
# rdjson with npm @umbrelladocs/rdformat-validator.
source "$(dirname "$0")/../lib.sh"
cd "$ROOT"

die() { echo "FAIL(50-review): $*" >&2; exit 1; }
[ -x "$DFIX_BIN" ] || die "dfix binary missing at $DFIX_BIN"
command -v git >/dev/null || apt_install git
command -v node >/dev/null || apt_install nodejs npm
command -v node >/dev/null || die "node is missing and could not be installed"
command -v npm >/dev/null || apt_install npm
command -v npm >/dev/null || die "npm is missing and could not be installed"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || die "node $node_major is too old (need >= 18)"

# npm tools, pinned, installed once per checkout.
export DFIX_NPM_DIR=$ROOT/target/ci-npm-review
mkdir -p "$DFIX_NPM_DIR"
if [ ! -f "$DFIX_NPM_DIR/.installed-v3" ]; then
  (cd "$DFIX_NPM_DIR" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
   npm install --no-audit --no-fund --loglevel=error \
     @octokit/openapi@23.0.2 ajv@8.17.1 @microsoft/sarif-multitool@5.7.0 yaml@2.6.1 @umbrelladocs/rdformat-validator@1.0.1 >&2) \
    || die "npm install of @octokit/openapi, ajv, @microsoft/sarif-multitool failed"
  touch "$DFIX_NPM_DIR/.installed-v3"
fi
OPENAPI=$DFIX_NPM_DIR/node_modules/@octokit/openapi/generated/api.github.com.json
[ -f "$OPENAPI" ] || die "GitHub's OpenAPI description is missing ($OPENAPI)"
MULTITOOL=$DFIX_NPM_DIR/node_modules/.bin/sarif-multitool
[ -x "$MULTITOOL" ] || die "the SARIF multitool is missing ($MULTITOOL)"
CHECK="node $ROOT/.ci/review/check.mjs"

work=$(mktemp -d)
[ -z "${KEEP_WORK:-}" ] || echo "work dir kept: $work"
trap '[ -n "${KEEP_WORK:-}" ] || rm -rf "$work"' EXIT
repo=$work/repo
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=ci GIT_AUTHOR_EMAIL=ci@dfix.invalid GIT_COMMITTER_NAME=ci GIT_COMMITTER_EMAIL=ci@dfix.invalid

# Base: every 12th Dockerfile of the permissive corpus (never dockerfiles_gpl).
corpus=$DFIX_SHARED/corpus/dockerfiles
[ -d "$corpus" ] || die "corpus missing: $corpus"
mkdir -p "$repo"
git -C "$repo" init -q -b main
git -C "$repo" config core.autocrlf false
# Each file becomes `<corpus name>/Dockerfile`, a name dfix recognises.
(cd "$corpus" && find . -type f | LC_ALL=C sort | awk 'NR % 12 == 1' | sed 's|^\./||') > "$work/sources"
: > "$work/list"
while IFS= read -r f; do
  mkdir -p "$repo/$f"
  cp "$corpus/$f" "$repo/$f/Dockerfile"
  echo "$f/Dockerfile" >> "$work/list"
done < "$work/sources"
git -C "$repo" add -A && git -C "$repo" commit -q -m base
git -C "$repo" checkout -q -b pr
$CHECK mutate "$work/list" "$repo"
git -C "$repo" add -A && git -C "$repo" commit -q -m "the pull request"
echo "repository: $(wc -l < "$work/list") Dockerfiles, $(git -C "$repo" diff --name-only main | wc -l) changed in the PR"
mb=$(git -C "$repo" merge-base main HEAD)

review() { (cd "$repo" && "$DFIX_BIN" review --base main "$@"); }
rc_ok() { [ "$1" -eq 0 ] || [ "$1" -eq 1 ] || die "dfix review exited $1"; }

set +e
t0=$(date +%s%N)
review --format json > "$work/review.json"; rc_ok $?
t1=$(date +%s%N)
review --format github-review > "$work/gh.json"; rc_ok $?
review --format sarif > "$work/review.sarif"; rc_ok $?
review --format rdjson > "$work/review.rdjson"; rc_ok $?
review --format gitlab > "$work/review.gitlab.json"; rc_ok $?
review --format checkstyle > "$work/review.checkstyle.xml"; rc_ok $?
review --format github > "$work/review.annotations"; rc_ok $?
review --format patch > "$work/review.patch" 2> "$work/patch.err"; rc_ok $?
set -e
findings=$(node -p "require('$work/review.json').diagnostics.length")
echo "review: $findings findings on changed lines; $(grep -c '^dfix bug' "$work/patch.err" || true) fixes rolled back; review --format json took $(( (t1 - t0) / 1000000 )) ms wall (a figure, not a limit)"
[ "$findings" -gt 0 ] || die "the PR's edits must produce findings"

$CHECK schema "$OPENAPI" "$work/gh.json" || die "github-review body does not validate"
$CHECK hunks "$repo" "$mb" "$work/gh.json" || die "comments outside the diff"
$CHECK shape rdjson "$work/review.rdjson" || die "rdjson"
RDVALIDATOR=$DFIX_NPM_DIR/node_modules/.bin/rdformat-validator
[ -x "$RDVALIDATOR" ] || die "the rdjson validator is missing ($RDVALIDATOR)"
"$RDVALIDATOR" --strict --no-extra-fields "$work/review.rdjson" > "$work/rd.log" 2>&1 \
  || { cat "$work/rd.log" >&2; die "rdjson does not validate (npm @umbrelladocs/rdformat-validator --strict --no-extra-fields)"; }
echo "rdjson: valid RDFormat (@umbrelladocs/rdformat-validator --strict --no-extra-fields)"
$CHECK shape gitlab "$work/review.gitlab.json" || die "gitlab"
command -v python3 >/dev/null || apt_install python3
n_xml=$(python3 -c "import sys, xml.etree.ElementTree as ET; print(len(list(ET.parse(sys.argv[1]).getroot().iter('error'))))" "$work/review.checkstyle.xml") \
  || die "checkstyle output is not well-formed XML"
[ "$n_xml" -eq "$findings" ] || die "checkstyle has $n_xml errors for $findings findings"
n_ann=$(grep -c '^::\(warning\|notice\|error\) file=[^,]*,line=[0-9]*,endLine=[0-9]*,col=[0-9]*,endColumn=[0-9]*,title=' "$work/review.annotations" || true)
[ "$n_ann" -eq "$findings" ] || die "github annotations: $n_ann well-formed lines for $findings findings"
echo "checkstyle: well-formed XML, $n_xml errors; github: $n_ann annotations"

# The patch.
files_in_patch=$(grep -c '^diff --git ' "$work/review.patch" || true)
git -C "$repo" apply --check "$work/review.patch" || die "git apply --check refused the patch"
git -C "$repo" apply "$work/review.patch" || die "git apply failed"
set +e
review --format json > "$work/after.json"; rc_ok $?
review --format patch > "$work/again.patch" 2>/dev/null; rc_ok $?
set -e
left=$(node -p "require('$work/after.json').diagnostics.filter(d => d.fix && d.fix.applicability === 'safe').map(d => d.path + ':' + d.range.start.line + ' ' + d.code).join('\n')")
echo "patch: $files_in_patch files, accepted by git apply --check; safe-fixable findings left after applying: $(printf '%s' "$left" | grep -c . || true)"
[ -z "$left" ] || die "findings with safe fixes remain after applying the patch:
$left"
[ ! -s "$work/again.patch" ] || die "a second review still patches: $(head -20 "$work/again.patch")"
git -C "$repo" checkout -q -- .

# SARIF: the review's and a whole `check` of the sample.
set +e
(cd "$repo" && "$DFIX_BIN" check --format sarif . > "$work/check.sarif"); crc=$?
set -e
[ "$crc" -le 1 ] || echo "note: dfix check exited $crc on the sample (input errors are in the SARIF notifications)"
for s in review check; do
  rm -f "$work/$s.validation.sarif"
  DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 "$MULTITOOL" validate "$work/$s.sarif" \
    -o "$work/$s.validation.sarif" > "$work/$s.multitool.log" 2>&1 \
    || { cat "$work/$s.multitool.log" >&2; die "the SARIF multitool failed to run on $s.sarif"; }
  [ -s "$work/$s.validation.sarif" ] || { cat "$work/$s.multitool.log" >&2; die "the SARIF multitool wrote no log for $s.sarif"; }
  results=$(node -p "JSON.parse(require('fs').readFileSync('$work/$s.sarif','utf8')).runs[0].results.length")
  echo "sarif ($s): $results results"
  grep -E ': (error|warning) ' "$work/$s.multitool.log" | sed -E 's/^[^:]*\([0-9,]+\): //' | cut -c1-140 | sort | uniq -c | sort -rn | head -5 || true
  $CHECK sarif-log "$work/$s.validation.sarif" || die "SARIF from $s does not validate"
done
# action.yml: run its review and post steps as a runner would, with a `gh`
# on PATH that validates and records what would be posted.
command -v jq >/dev/null || apt_install jq
command -v jq >/dev/null || die "jq is missing (action.yml needs it)"
act=$work/action
mkdir -p "$act/bin" "$act/tmp"
$CHECK action-step action.yml review > "$act/review.sh" || die "action.yml review step"
$CHECK action-step action.yml post > "$act/post.sh" || die "action.yml post step"
cat > "$act/bin/gh" <<GH
#!/usr/bin/env bash
# A stand-in for the GitHub CLI: lists the comments in seen.jsonl, records posts.
echo "\$*" >> "$act/gh.calls"
case "\$*" in *"/comments"*) cat "$act/seen.jsonl" 2>/dev/null; exit 0 ;; esac
[ -n "\${GH_FAIL:-}" ] && { echo "HTTP 403: Resource not accessible by integration" >&2; exit 1; }
while [ \$# -gt 0 ]; do [ "\$1" = --input ] && cp "\$2" "$act/posted.json"; shift; done
GH
chmod +x "$act/bin/gh"
ln -sf "$DFIX_BIN" "$act/bin/dfix"
run_step() { (cd "$repo" && env PATH="$act/bin:$PATH" RUNNER_TEMP="$act/tmp" GITHUB_OUTPUT="$act/out" \
  DFIX_BASE=main DFIX_PATHS= DFIX_ARGS= GH_TOKEN=x PR=7 REPO=o/r REVIEW="$act/tmp/dfix-review.json" "$@"); }
: > "$act/out"
run_step bash -e "$act/review.sh" > "$act/review.log" || die "the action's review step failed: $(cat "$act/review.log")"
grep -q "^findings=$findings\$" "$act/out" || die "the action's findings output is not $findings: $(cat "$act/out")"
run_step bash -e "$act/post.sh" || die "the action's post step failed"
grep -q "^api --method POST repos/o/r/pulls/7/reviews --input " "$act/gh.calls" || die "the action did not call gh api: $(cat "$act/gh.calls")"
$CHECK schema "$OPENAPI" "$act/posted.json" > /dev/null || die "the action posted an invalid review"
comments=$(jq '.comments | length' "$work/gh.json")
[ "$(jq '.comments | length' "$act/posted.json")" -eq "$comments" ] || die "the first post must hold every comment"
grep -q "^comments=$comments\$" "$act/out" || die "the action's comments output is not $comments: $(cat "$act/out")"
# Pushed again: the comments are on the PR already, nothing new is posted;
# with one of them gone, exactly that one is posted again.
jq -c '.comments[] | {path, line, body}' "$act/posted.json" > "$act/seen.jsonl"
posts() { grep -c -- '--method POST' "$act/gh.calls" || true; }
before=$(posts)
run_step bash -e "$act/post.sh" > /dev/null || die "the action's post step failed on a second run"
[ "$(posts)" -eq "$before" ] || die "a second run posted comments that were there already"
sed -i 1d "$act/seen.jsonl"
run_step bash -e "$act/post.sh" > /dev/null || die "the action's post step failed on a third run"
[ "$(jq '.comments | length' "$act/posted.json")" -eq 1 ] || die "only the missing comment must be posted again"
: > "$act/seen.jsonl"
run_step env GH_FAIL=1 bash -e "$act/post.sh" > "$act/fork.log" || die "the action's post step failed when gh failed"
annotations=$(grep -c '^::\(warning\|notice\|error\) file=' "$act/fork.log" || true)
[ "$annotations" -eq "$findings" ] || die "a read-only token must fall back to $findings annotations, got $annotations"
echo "action.yml: review step found $findings, post step sent a valid review to gh, a re-run posts only what is new; read-only token: $annotations annotations"
# .pre-commit-hooks.yaml: its patterns pick exactly what `dfix check` walks
# in this repository (plus a few names that must stay out).
node -e "for (const r of JSON.parse(require('fs').readFileSync('$work/check.sarif','utf8')).runs[0].results) console.log(decodeURIComponent(r.locations[0].physicalLocation.artifactLocation.uri))" | sort -u > "$work/checked"
printf '%s\n' README.md src/main.rs Dockerfile.md docs/Dockerfile.json package.json > "$work/others"
$CHECK precommit .pre-commit-hooks.yaml "$work/checked" "$work/others" || die ".pre-commit-hooks.yaml"
echo "50-review: PASS"
