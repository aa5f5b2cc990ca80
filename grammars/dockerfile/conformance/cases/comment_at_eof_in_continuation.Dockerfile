RUN echo a \
# trailing comment