RUN echo \
