library(arrow)
models <- read_parquet("parquet/models.parquet")   # closed sets as factors
cells <- read_ipc_file("arrow/cells.arrow")
