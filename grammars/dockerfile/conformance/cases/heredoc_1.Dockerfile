RUN <<EOF
hello
EOF
