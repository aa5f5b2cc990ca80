CMD ["a\
 b"]
