  #  Escape = `  
RUN a `
  b
