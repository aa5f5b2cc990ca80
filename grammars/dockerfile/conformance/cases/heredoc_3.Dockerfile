RUN cat<<EOF
x
EOF
