library(arrow)
# In out/ (a build):
dirs <- c(parquet = "parquet/", arrow = "arrow/")
# At the top of a release download, with its Arrow zip unpacked where it is, use instead:
# dirs <- c(parquet = "", arrow = "large-model-ecosystem-0.1.0-arrow/")
models <- read_parquet(paste0(dirs[["parquet"]], "models.parquet"))   # closed sets as factors
cells <- read_ipc_file(paste0(dirs[["arrow"]], "cells.arrow"))
