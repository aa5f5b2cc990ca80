RUN <<'EOT' bash
  set -e

  echo $x
EOT
RUN python3 <<EOF
print(1)
EOF
