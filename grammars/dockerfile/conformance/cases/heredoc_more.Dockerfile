RUN cat <<EOF; echo "x
  y"
EOF
RUN <<A cat && <<-B cat
body a
A
	body b
	B
COPY --chmod=755 <<-"END" /bin/x
	#!/bin/sh
	echo hi
	END
