# check=skip=all
# escape=`
RUN a `
  b
