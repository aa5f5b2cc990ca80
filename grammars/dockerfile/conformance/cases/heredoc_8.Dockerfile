COPY <<EOF /x
x
EOF
