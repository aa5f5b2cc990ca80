RUN a \

  # c \

 b
