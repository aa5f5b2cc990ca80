RUN ["a", \
  "b"] 
RUN [ -d x ] || y
CMD ["x"] && y
CMD ["a",]
CMD [ "a\u0041" ]  
CMD []
ENTRYPOINT ["a", \
# c

 "b"]
