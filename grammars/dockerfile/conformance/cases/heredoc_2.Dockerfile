RUN cat <<-EOF <<"B" \
  x
	foo
	EOF
bar
B
