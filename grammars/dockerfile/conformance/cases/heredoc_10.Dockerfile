RUN echo "<<EOF" && cat <<X
body
X
