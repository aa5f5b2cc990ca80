RUN a \\\
  x
RUN b
\
RUN c
RUN d \
\
  e
RUN f \  	
 g
