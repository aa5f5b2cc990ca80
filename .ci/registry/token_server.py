#!/usr/bin/env python3
"""A small OAuth2-style token server for docker-registry's `auth: token`.

usage: token_server.py PORT CERT KEY SIGNING_CERT SIGNING_KEY ISSUER USER PASSWORD

Serves GET /token?service=…&scope=repository:NAME:ACTIONS over HTTPS (CERT,
KEY) the way Docker Hub's auth service does: anonymous callers get `pull`
on repositories under `public/`, callers with the right basic credentials
get what they ask for. Tokens are RS256 JWTs signed with SIGNING_KEY (via
the openssl CLI), carrying SIGNING_CERT in `x5c` so the registry can check
them against its `rootcertbundle`. Used by .ci/suites/20-registry.sh only.
"""
import base64
import http.server
import json
import ssl
import subprocess
import sys
import time
import urllib.parse


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main():
    port, cert, key, sign_cert, sign_key, issuer, user, password = sys.argv[1:9]
    with open(sign_cert) as f:
        pem = f.read()
    der_b64 = "".join(
        l for l in pem.splitlines() if l and not l.startswith("-----")
    )
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()

    def token(service, access):
        header = {"typ": "JWT", "alg": "RS256", "x5c": [der_b64]}
        now = int(time.time())
        claims = {
            "iss": issuer,
            "sub": user,
            "aud": service,
            "exp": now + 300,
            "nbf": now - 10,
            "iat": now,
            "jti": str(now) + str(id(access)),
            "access": access,
        }
        signing_input = (
            b64url(json.dumps(header).encode()) + "." + b64url(json.dumps(claims).encode())
        )
        sig = subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", sign_key],
            input=signing_input.encode(),
            capture_output=True,
            check=True,
        ).stdout
        return signing_input + "." + b64url(sig)

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            url = urllib.parse.urlparse(self.path)
            if url.path != "/token":
                self.send_response(404)
                self.end_headers()
                return
            q = urllib.parse.parse_qs(url.query)
            service = q.get("service", [""])[0]
            authed = self.headers.get("Authorization") == expected
            if self.headers.get("Authorization") and not authed:
                self.send_response(401)
                self.end_headers()
                return
            access = []
            for scope in q.get("scope", []):
                parts = scope.split(":")
                if len(parts) != 3 or parts[0] != "repository":
                    continue
                name, actions = parts[1], parts[2].split(",")
                if not authed:
                    actions = [a for a in actions if a == "pull"] if name.startswith("public/") else []
                access.append({"type": "repository", "name": name, "actions": actions})
            body = json.dumps({"token": token(service, access)}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.HTTPServer(("127.0.0.1", int(port)), Handler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
