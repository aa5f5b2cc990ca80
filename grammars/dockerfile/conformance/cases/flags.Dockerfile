FROM x
  RUN   a  
	# comment
RUN --mount=type=cache,target=/root/.cache \
    --mount=type=secret,id=x \
    pip install x
ADD --checksum=sha256:abc https://x/y /z
COPY --link --parents --exclude=*.md a/ b/
ADD --keep-git-dir=true git@x:y /z
RUN --network=none --security=insecure true
RUN --weird echo
