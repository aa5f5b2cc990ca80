#!/usr/bin/env python3
"""Write a deterministic 1,800-line multi-stage Dockerfile for the LSP
latency benchmark (benches/lsp_latency.sh).

Usage: gen_multistage.py OUT [--pragmas]
  --pragmas  a `# hadolint ignore=DL3013` comment above the pip RUN of every
             tenth stage (the inline-ignore pass then has work to do)"""
import sys

pragmas = "--pragmas" in sys.argv[2:]

lines = ["# syntax=docker/dockerfile:1", "ARG BASE=debian:12", ""]
stage = 0
while len(lines) + 26 <= 1800:
    name = f"stage{stage}"
    base = "ubuntu" if stage % 3 == 0 else ("${BASE}" if stage % 3 == 1 else f"stage{max(stage - 1, 0)}")
    lines += [
        f"FROM {base} AS {name}",
        f"ARG VERSION_{stage}=1.{stage}.0",
        f"ENV APP_HOME=/opt/app{stage} \\",
        f"    PATH=/opt/app{stage}/bin:$PATH",
        "WORKDIR $APP_HOME",
        "RUN apt-get update \\",
        " && apt-get install -y \\",
        "      curl \\",
        "      ca-certificates \\",
        "      # build tools",
        "      build-essential \\",
        "      git",
        "RUN apt-get update && apt-get install --no-install-recommends -y jq && rm -rf /var/lib/apt/lists/*",
    ]
    if pragmas and stage % 10 == 0:
        lines.append("# hadolint ignore=DL3013")
    lines += [
        "RUN pip install requests==2.31.0",
        f"COPY --chown=app:app src/{stage} $APP_HOME/src",
        "RUN set -eux; \\",
        "    make -C src all; \\",
        "    make -C src install",
        "RUN apk add --no-cache bash",
        f"LABEL org.example.stage=\"{stage}\"",
        "EXPOSE 8080",
        "USER app",
        "",
    ]
    stage += 1
lines += ["FROM stage0", "COPY --from=stage1 /opt /opt", 'CMD ["/opt/app0/bin/run"]']
lines = lines[:1800] if len(lines) > 1800 else lines + ["# padding"] * (1800 - len(lines))
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
