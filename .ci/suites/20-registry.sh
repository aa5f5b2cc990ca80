#!/usr/bin/env bash
# Issue 6: digests through real OCI registries, and .dockerignore.
#
# Starts Debian's docker-registry twice on 127.0.0.1 — anonymous over plain
# HTTP, and htpasswd (basic auth) over TLS with a CA generated here — pushes
# a multi-arch OCI index and a single-arch image with skopeo from OCI
# layouts written by hand (no network), then checks that
# `dfix --write --pin-digests` pins a Dockerfile, a Deployment and a compose
# file to exactly the digests skopeo reports; that a second run is a no-op;
# that a moved tag is reported stale (and updated with --unsafe); auth, TLS,
# credential-helper and allow-list behaviour; the bearer-token flow against
# a third registry with `auth: token` and a token server; that with the registries
# stopped the run exits non-zero, says why and changes no file; and that
# --offline then answers from the cache. Also runs the registry-backed Rust
# tests (`--features registry-tests`) against the same registries.
source "$(dirname "$0")/../lib.sh"

fail() { echo "FAIL: $*" >&2; exit 1; }
checks=0
ok() { checks=$((checks + 1)); echo "  ok: $*"; }

apt_install docker-registry skopeo apache2-utils openssl python3 ca-certificates
for tool in docker-registry skopeo htpasswd openssl python3; do
  command -v "$tool" >/dev/null || fail "required tool $tool is missing after install"
done
[ -x "$DFIX_BIN" ] || fail "DFIX_BIN=$DFIX_BIN is not built"

WORK=$(mktemp -d /tmp/dfix-registry-suite.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
PLAIN_PORT=$(free_port)
TLS_PORT=$(free_port)
TOKEN_REG_PORT=$(free_port)
TOKEN_SRV_PORT=$(free_port)
TOKEN_REG=127.0.0.1:$TOKEN_REG_PORT
PLAIN=127.0.0.1:$PLAIN_PORT
SECURE=127.0.0.1:$TLS_PORT
USER_NAME=dfix-ci
PASSWORD="s3cret-$(od -An -tx8 -N8 /dev/urandom | tr -d ' ')"

# --- certificates: a CA and a server certificate for 127.0.0.1 ----------
mkdir -p "$WORK/certs" "$WORK/skopeo-certs"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=dfix CI CA" \
  -keyout "$WORK/certs/ca.key" -out "$WORK/certs/ca.pem" 2>/dev/null
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$WORK/certs/server.key" -out "$WORK/certs/server.csr" 2>/dev/null
printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$WORK/certs/ext.cnf"
openssl x509 -req -in "$WORK/certs/server.csr" -CA "$WORK/certs/ca.pem" -CAkey "$WORK/certs/ca.key" \
  -CAcreateserial -days 2 -extfile "$WORK/certs/ext.cnf" -out "$WORK/certs/server.pem" 2>/dev/null
cp "$WORK/certs/ca.pem" "$WORK/skopeo-certs/ca.crt"
htpasswd -Bbn "$USER_NAME" "$PASSWORD" > "$WORK/htpasswd"
# the token server's signing key; its certificate is the registry's rootcertbundle
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=dfix CI token signer" \
  -keyout "$WORK/certs/sign.key" -out "$WORK/certs/sign.pem" 2>/dev/null

# --- registries -----------------------------------------------------------
cat > "$WORK/plain.yml" <<YML
version: 0.1
log: {level: error}
storage:
  filesystem: {rootdirectory: $WORK/data-plain}
  delete: {enabled: true}
http:
  addr: $PLAIN
YML
cat > "$WORK/secure.yml" <<YML
version: 0.1
log: {level: error}
storage:
  filesystem: {rootdirectory: $WORK/data-secure}
http:
  addr: $SECURE
  tls:
    certificate: $WORK/certs/server.pem
    key: $WORK/certs/server.key
auth:
  htpasswd:
    realm: dfix-ci
    path: $WORK/htpasswd
YML
cat > "$WORK/token.yml" <<YML
version: 0.1
log: {level: error}
storage:
  filesystem: {rootdirectory: $WORK/data-token}
http:
  addr: $TOKEN_REG
  tls:
    certificate: $WORK/certs/server.pem
    key: $WORK/certs/server.key
auth:
  token:
    realm: https://127.0.0.1:$TOKEN_SRV_PORT/token
    service: dfix-ci-registry
    issuer: dfix-ci-issuer
    rootcertbundle: $WORK/certs/sign.pem
YML
docker-registry serve "$WORK/token.yml" >"$WORK/token-registry.log" 2>&1 &
PIDS+=("$!")
python3 "$ROOT/.ci/registry/token_server.py" "$TOKEN_SRV_PORT" "$WORK/certs/server.pem" "$WORK/certs/server.key" \
  "$WORK/certs/sign.pem" "$WORK/certs/sign.key" dfix-ci-issuer "$USER_NAME" "$PASSWORD" >"$WORK/token-server.log" 2>&1 &
PIDS+=("$!")
docker-registry serve "$WORK/plain.yml" >"$WORK/plain.log" 2>&1 &
PLAIN_PID=$!
PIDS+=("$PLAIN_PID")
docker-registry serve "$WORK/secure.yml" >"$WORK/secure.log" 2>&1 &
SECURE_PID=$!
PIDS+=("$SECURE_PID")
up=0
for _ in $(seq 1 50); do
  if python3 -c 'import socket,sys
for p in sys.argv[1:]: socket.create_connection(("127.0.0.1", int(p)), timeout=0.2).close()' "$PLAIN_PORT" "$TLS_PORT" "$TOKEN_REG_PORT" "$TOKEN_SRV_PORT" 2>/dev/null; then
    up=1; break
  fi
  sleep 0.2
done
[ "$up" = 1 ] || { cat "$WORK"/*.log >&2; fail "the registries did not start"; }
ok "docker-registry anonymous on $PLAIN, htpasswd+TLS on $SECURE, bearer-token+TLS on $TOKEN_REG"

# --- images ---------------------------------------------------------------
MAKE=$ROOT/.ci/registry/make_oci_layout.py
python3 "$MAKE" "$WORK/oci-multi" 1.0 multi one >/dev/null
python3 "$MAKE" "$WORK/oci-single" 1.0 single one >/dev/null
python3 "$MAKE" "$WORK/oci-multi2" 1.0 multi two >/dev/null
skopeo copy -q --all --dest-tls-verify=false oci:"$WORK/oci-multi":1.0 "docker://$PLAIN/team/multi:1.0"
skopeo copy -q --dest-tls-verify=false oci:"$WORK/oci-single":1.0 "docker://$PLAIN/team/single:1.0"
skopeo copy -q --all --dest-cert-dir "$WORK/skopeo-certs" --dest-creds "$USER_NAME:$PASSWORD" \
  oci:"$WORK/oci-single":1.0 "docker://$SECURE/private/app:1.0"
raw_digest() { # the sha256 of the manifest or index the registry serves
  skopeo inspect --raw "$@" | python3 -c 'import hashlib,sys; print("sha256:"+hashlib.sha256(sys.stdin.buffer.read()).hexdigest())'
}
MULTI=$(raw_digest --tls-verify=false "docker://$PLAIN/team/multi:1.0")
SINGLE=$(raw_digest --tls-verify=false "docker://$PLAIN/team/single:1.0")
PRIVATE=$(raw_digest --cert-dir "$WORK/skopeo-certs" --creds "$USER_NAME:$PASSWORD" "docker://$SECURE/private/app:1.0")
SINGLE_INSPECT=$(skopeo inspect --tls-verify=false --format '{{.Digest}}' "docker://$PLAIN/team/single:1.0")
[ "$SINGLE" = "$SINGLE_INSPECT" ] || fail "skopeo inspect digest $SINGLE_INSPECT != raw digest $SINGLE"
skopeo inspect --raw --tls-verify=false "docker://$PLAIN/team/multi:1.0" | grep -q 'image.index.v1+json' \
  || fail "the multi-arch image is not stored as an OCI index"
ok "pushed multi-arch index $MULTI, single $SINGLE, private $PRIVATE"

# --- credentials and TLS for dfix -------------------------------------------
mkdir -p "$WORK/docker-config" "$WORK/empty-config"
AUTH=$(printf '%s:%s' "$USER_NAME" "$PASSWORD" | base64 -w0)
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$SECURE" "$AUTH" > "$WORK/docker-config/config.json"
export DOCKER_CONFIG=$WORK/docker-config
export SSL_CERT_FILE=$WORK/certs/ca.pem
export DFIX_CACHE_DIR=$WORK/cache

# --- the project ------------------------------------------------------------
make_project() {
  rm -rf "$1"; mkdir -p "$1"
  printf '# syntax=docker/dockerfile:1\nARG BASE=%s/team/multi:1.0\nFROM ${BASE} AS build\nRUN echo build\n\nFROM %s/private/app:1.0\nCOPY --from=build /hello.txt /x\n' "$PLAIN" "$SECURE" > "$1/Dockerfile"
  cat > "$1/deployment.yaml" <<YML
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: "$PLAIN/team/single:1.0" # pinned by CI
        - name: side
          image: $PLAIN/team/multi:1.0
YML
  printf 'services:\n  web:\n    image: %s/team/multi:1.0\n  db:\n    image: %s/private/app:1.0\r\n' "$PLAIN" "$SECURE" > "$1/compose.yaml"
}
P=$WORK/project
make_project "$P"
cp -r "$P" "$WORK/pristine"
hash_project() { cat "$1/Dockerfile" "$1/deployment.yaml" "$1/compose.yaml" | sha256sum; }

run_dfix() { "$DFIX_BIN" "$@" >"$WORK/out.txt" 2>&1; echo $?; }

code=$(run_dfix --write --pin-digests --select DF060,KS060,DC060 --insecure-registry "$PLAIN" "$P")
cat "$WORK/out.txt"
[ "$code" = 0 ] || fail "dfix --write --pin-digests exited $code"
grep -qF "ARG BASE=$PLAIN/team/multi:1.0@$MULTI" "$P/Dockerfile" || fail "Dockerfile ARG not pinned to $MULTI"
grep -qF "FROM $SECURE/private/app:1.0@$PRIVATE" "$P/Dockerfile" || fail "Dockerfile FROM not pinned to $PRIVATE"
grep -qF "image: \"$PLAIN/team/single:1.0@$SINGLE\" # pinned by CI" "$P/deployment.yaml" || fail "Deployment single image not pinned"
grep -qF "image: $PLAIN/team/multi:1.0@$MULTI" "$P/deployment.yaml" || fail "Deployment multi image not pinned"
grep -qF "image: $PLAIN/team/multi:1.0@$MULTI" "$P/compose.yaml" || fail "compose multi image not pinned"
printf -v want_crlf '    image: %s/private/app:1.0@%s\r\n' "$SECURE" "$PRIVATE"
tail -c ${#want_crlf} "$P/compose.yaml" | cmp -s - <(printf '%s' "$want_crlf") || fail "compose CRLF line not pinned byte-exactly"
for f in Dockerfile deployment.yaml compose.yaml; do
  cmp -s <(sed -E 's/@sha256:[0-9a-f]{64}//' "$P/$f") "$WORK/pristine/$f" || fail "$f changed outside the digest insertions"
done
ok "pinned Dockerfile (ARG + FROM), Deployment and compose file to exactly skopeo's digests"
if grep -qF "$PASSWORD" "$WORK/out.txt"; then fail "the password appeared in dfix output"; fi
ok "no credential in the output"

before=$(hash_project "$P")
code=$(run_dfix --write --pin-digests --select DF060,KS060,DC060 --insecure-registry "$PLAIN" "$P")
[ "$code" = 0 ] || { cat "$WORK/out.txt"; fail "second run exited $code"; }
[ "$(hash_project "$P")" = "$before" ] || fail "second run changed files"
ok "second run is a no-op"

# --- a moved tag: stale digest ------------------------------------------------
skopeo copy -q --all --dest-tls-verify=false oci:"$WORK/oci-multi2":1.0 "docker://$PLAIN/team/multi:1.0"
MULTI2=$(raw_digest --tls-verify=false "docker://$PLAIN/team/multi:1.0")
[ "$MULTI2" != "$MULTI" ] || fail "the re-pushed tag did not move"
cp -r "$WORK/cache" "$WORK/cache-before-stale"
code=$(run_dfix check --pin-digests --digest-ttl 0 --select DF061,KS061,DC061 --insecure-registry "$PLAIN" "$P")
[ "$code" = 1 ] || { cat "$WORK/out.txt"; fail "stale check exited $code, want 1"; }
{ grep -q "DF061" "$WORK/out.txt" && grep -q "KS061" "$WORK/out.txt" && grep -q "DC061" "$WORK/out.txt"; } \
  || { cat "$WORK/out.txt"; fail "stale digests not reported in all three kinds"; }
ok "a moved tag is reported stale (DF061, KS061, DC061)"
cp -r "$P" "$WORK/stale-copy"
code=$(run_dfix --write --unsafe --pin-digests --digest-ttl 0 --select DF061,KS061,DC061 --insecure-registry "$PLAIN" "$WORK/stale-copy")
grep -qF "$PLAIN/team/multi:1.0@$MULTI2" "$WORK/stale-copy/compose.yaml" || { cat "$WORK/out.txt"; fail "--unsafe did not update the stale digest"; }
ok "--write --unsafe updates a stale digest"
# move the tag back (skopeo copies the same layout byte for byte), and the
# cache too: the offline test below expects the digests of the first run
skopeo copy -q --all --dest-tls-verify=false oci:"$WORK/oci-multi":1.0 "docker://$PLAIN/team/multi:1.0"
[ "$(raw_digest --tls-verify=false "docker://$PLAIN/team/multi:1.0")" = "$MULTI" ] || fail "could not move the tag back"
rm -rf "$WORK/cache"; mv "$WORK/cache-before-stale" "$WORK/cache"

# --- auth, TLS and policy errors ------------------------------------------------
echo "FROM $SECURE/private/app:1.0" > "$WORK/auth.Dockerfile"
code=$(DOCKER_CONFIG=$WORK/empty-config DFIX_CACHE_DIR=$WORK/cache-none run_dfix check --pin-digests "$WORK/auth.Dockerfile")
{ [ "$code" = 2 ] && grep -q "authentication required (401)" "$WORK/out.txt"; } || { cat "$WORK/out.txt"; fail "no clear 401 message"; }
ok "missing credentials: exit 2, clear 401 message"
code=$(SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt DFIX_CACHE_DIR=$WORK/cache-none run_dfix check --pin-digests "$WORK/auth.Dockerfile")
{ [ "$code" = 2 ] && grep -qi "certificate\|tls\|unreachable" "$WORK/out.txt"; } || { cat "$WORK/out.txt"; fail "a certificate from an unknown CA was not refused"; }
ok "TLS verified by default: a certificate from an unknown CA is refused"
mkdir -p "$WORK/bin" "$WORK/helper-config"
cat > "$WORK/bin/docker-credential-dfixci" <<SH
#!/bin/sh
[ "\$1" = get ] || exit 1
read server
[ "\$server" = "$SECURE" ] || { echo "credentials not found in native keychain"; exit 1; }
printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}' "\$server" "$USER_NAME" "$PASSWORD"
SH
chmod +x "$WORK/bin/docker-credential-dfixci"
printf '{"credHelpers":{"%s":"dfixci"}}\n' "$SECURE" > "$WORK/helper-config/config.json"
code=$(PATH=$WORK/bin:$PATH DOCKER_CONFIG=$WORK/helper-config DFIX_CACHE_DIR=$WORK/cache-helper run_dfix check --pin-digests "$WORK/auth.Dockerfile")
{ [ "$code" = 1 ] && grep -q "DF060" "$WORK/out.txt"; } || { cat "$WORK/out.txt"; fail "credential helper flow failed (exit $code)"; }
if grep -qF "$PASSWORD" "$WORK/out.txt"; then fail "the password appeared in dfix output"; fi
ok "credentials through a docker-credential helper (credHelpers)"
code=$(DFIX_CACHE_DIR=$WORK/cache-none run_dfix check --pin-digests --registry-allow docker.io "$WORK/auth.Dockerfile")
{ [ "$code" = 2 ] && grep -q "not on the allow-list" "$WORK/out.txt"; } || { cat "$WORK/out.txt"; fail "allow-list not enforced"; }
code=$(DFIX_CACHE_DIR=$WORK/cache-none run_dfix check --pin-digests --registry-allow "*.example.com,$SECURE" "$WORK/auth.Dockerfile")
[ "$code" = 1 ] || { cat "$WORK/out.txt"; fail "an exactly listed internal registry should be allowed (exit $code)"; }
ok "allow-list: an unlisted registry is refused, an exactly listed one allowed"

# --- the bearer-token flow (Docker Hub, GHCR and Quay work this way) ------------
for repo in public/app private/app; do
  skopeo copy -q --dest-cert-dir "$WORK/skopeo-certs" --dest-creds "$USER_NAME:$PASSWORD" \
    oci:"$WORK/oci-multi":1.0 "docker://$TOKEN_REG/$repo:1.0" --all \
    || { cat "$WORK/token-registry.log" "$WORK/token-server.log" >&2; fail "skopeo push to the token registry"; }
done
TOKEN_PUBLIC=$(raw_digest --cert-dir "$WORK/skopeo-certs" "docker://$TOKEN_REG/public/app:1.0")
[ "$TOKEN_PUBLIC" = "$MULTI" ] || fail "the token registry serves $TOKEN_PUBLIC, not $MULTI"
echo "FROM $TOKEN_REG/public/app:1.0" > "$WORK/token-public.Dockerfile"
code=$(DOCKER_CONFIG=$WORK/empty-config DFIX_CACHE_DIR=$WORK/cache-token run_dfix --write --pin-digests --select DF06 "$WORK/token-public.Dockerfile")
{ [ "$code" = 0 ] && grep -qF "FROM $TOKEN_REG/public/app:1.0@$TOKEN_PUBLIC" "$WORK/token-public.Dockerfile"; } \
  || { cat "$WORK/out.txt" "$WORK/token-public.Dockerfile"; fail "anonymous bearer-token flow (exit $code)"; }
ok "anonymous bearer token: pinned to $TOKEN_PUBLIC"
echo "FROM $TOKEN_REG/private/app:1.0" > "$WORK/token-private.Dockerfile"
code=$(DOCKER_CONFIG=$WORK/empty-config DFIX_CACHE_DIR=$WORK/cache-none run_dfix check --pin-digests "$WORK/token-private.Dockerfile")
{ [ "$code" = 2 ] && grep -q "authentication required (401)" "$WORK/out.txt"; } || { cat "$WORK/out.txt"; fail "anonymous token for a private repository: no clear 401"; }
mkdir -p "$WORK/token-config"
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$TOKEN_REG" "$AUTH" > "$WORK/token-config/config.json"
code=$(DOCKER_CONFIG=$WORK/token-config DFIX_CACHE_DIR=$WORK/cache-token2 run_dfix --write --pin-digests --select DF06 "$WORK/token-private.Dockerfile")
{ [ "$code" = 0 ] && grep -qF "FROM $TOKEN_REG/private/app:1.0@$MULTI" "$WORK/token-private.Dockerfile"; } \
  || { cat "$WORK/out.txt"; fail "credentialed bearer-token flow (exit $code)"; }
if grep -qF "$PASSWORD" "$WORK/out.txt"; then fail "the password appeared in dfix output"; fi
ok "bearer token with credentials from config.json for a private repository; 401 without"

# --- the Rust tests that need a registry ------------------------------------------
export DFIX_TEST_REGISTRY=$PLAIN DFIX_TEST_REGISTRY_TLS=$SECURE DFIX_TEST_REGISTRY_CA=$WORK/certs/ca.pem
export DFIX_TEST_REGISTRY_USER=$USER_NAME DFIX_TEST_REGISTRY_PASSWORD=$PASSWORD
export DFIX_TEST_MULTI_DIGEST=$MULTI DFIX_TEST_SINGLE_DIGEST=$SINGLE DFIX_TEST_PRIVATE_DIGEST=$PRIVATE
(cd "$ROOT" && cargo test -q --features registry-tests --test registry_live) > "$WORK/cargo.txt" 2>&1 \
  || { cat "$WORK/cargo.txt"; fail "cargo test --features registry-tests --test registry_live"; }
grep "test result" "$WORK/cargo.txt"
ok "registry-backed Rust tests"

# --- registries stopped -------------------------------------------------------------
kill "$PLAIN_PID" "$SECURE_PID"
wait "$PLAIN_PID" "$SECURE_PID" 2>/dev/null || true
rm -rf "$P"; cp -r "$WORK/pristine" "$P"
before=$(hash_project "$P")
code=$(DFIX_CACHE_DIR=$WORK/cache-empty run_dfix --write --pin-digests --insecure-registry "$PLAIN" "$P")
cat "$WORK/out.txt"
[ "$code" = 2 ] || fail "with the registries stopped dfix exited $code, want 2"
{ grep -q "unreachable" "$WORK/out.txt" && grep -q "no file was changed" "$WORK/out.txt"; } || fail "no clear message with the registries stopped"
[ "$(hash_project "$P")" = "$before" ] || fail "files changed although resolution failed"
ok "registries stopped: exit 2, clear message, every file unchanged"

code=$(run_dfix --write --pin-digests --offline --select DF060,KS060,DC060 "$P")
cat "$WORK/out.txt"
[ "$code" = 0 ] || fail "--offline run exited $code"
grep -q "from the cache, offline" "$WORK/out.txt" || fail "--offline did not report the cache"
{ grep -qF "FROM $SECURE/private/app:1.0@$PRIVATE" "$P/Dockerfile" && grep -qF "$PLAIN/team/multi:1.0@$MULTI" "$P/compose.yaml"; } \
  || fail "--offline did not pin from the cache"
ok "--offline pins from the cache with the registries stopped"
code=$(DFIX_CACHE_DIR=$WORK/cache-empty run_dfix check --pin-digests --offline "$WORK/pristine")
{ [ "$code" = 2 ] && grep -q "not in the digest cache" "$WORK/out.txt"; } || { cat "$WORK/out.txt"; fail "--offline with an empty cache is not a clear error"; }
ok "--offline with an empty cache: exit 2, clear message"

echo "20-registry: $checks checks passed"
