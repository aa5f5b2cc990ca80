
# escape=`
RUN a `
  b
