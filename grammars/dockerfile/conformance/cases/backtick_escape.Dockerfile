# escape=`
RUN a ``
  x
RUN b `
 c
RUN d\
RUN e
