ENV A= B=c
ENV X y  z \
  w
ARG A B=1 "C=2"
LABEL a="x \
 y" b=c
ENV --foo=1 Q=1
CMD --help
FROM a b c d
USER  a  b 
EXPOSE 80 #x
RUN -- echo
HEALTHCHECK --interval=5s CMD ["a"]
HEALTHCHECK NONE
ONBUILD COPY --from=x a b
STOPSIGNAL
RUN echo \\
  x
COPY --chown="a b" x y
env a=b
from x as y
MAINTAINER John Doe <j@d.e>
ENV A=hello\ world B="x y"
