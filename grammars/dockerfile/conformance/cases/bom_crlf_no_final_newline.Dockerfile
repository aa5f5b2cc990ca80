FROM x
RUN a \
  b
CMD ["c"]