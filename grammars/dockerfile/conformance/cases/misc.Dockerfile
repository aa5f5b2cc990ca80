FROM a
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    --mount=type=cache,target=/root/.npm \
    npm ci
ARG A="x y" B=\$HOME
LABEL "com.example.vendor"="ACME" version="1.0" \
      description="multi \
 word"
ENV  A=1\
  B=2
EXPOSE 80/tcp 53/udp
VOLUME ["/a", "/b"]
SHELL ["pwsh", "-c"]
STOPSIGNAL SIGKILL
USER 1000:1000
