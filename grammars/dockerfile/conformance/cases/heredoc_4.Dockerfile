RUN 2<<EOF>/x
x
EOF>/x
