# large-model-ecosystem: the tables of 常永波 et al. (2024) as an open dataset.
#   make all    install dependencies if needed, then build the dataset into out/
#   make test   build, then run the test suite
# `make help` lists every target. Rules name real files, so a second `make all` with nothing changed does nothing.

SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
MAKEFLAGS += --no-builtin-rules --no-print-directory

NODE := node --import tsx
# npm ci writes node_modules afresh; this stamp records when, so a newer package-lock.json triggers a reinstall.
INSTALLED := node_modules/.installed

SOURCE_FILES := $(shell find sources -type f | sort)
SCHEMA_FILES := $(shell find schemas -type f -not -path 'schemas/vendor/*' | sort)
PIPELINE_FILES := pipelines/build.ts $(shell find pipelines/lib pipelines/stages -type f | sort)
TABLES := $(sort $(basename $(basename $(notdir $(filter-out schemas/common.schema.json,$(wildcard schemas/*.schema.json))))))
OUTPUTS := out/datapackage.json out/large_model_ecosystem.duckdb \
	$(foreach t,$(TABLES),out/csv/$(t).csv out/parquet/$(t).parquet out/arrow/$(t).arrow)

.PHONY: all test help clean install typecheck audit docs bench release diff download accept-source sql
.DEFAULT_GOAL := all

all: $(OUTPUTS) ## Build the dataset into out/ (installs dependencies first when needed)

install: $(INSTALLED) ## Install the pinned dependencies (npm ci, no install scripts)

$(INSTALLED): package-lock.json package.json
	npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

# One process runs every stage and replaces out/ as a whole, so all outputs are one grouped target.
$(OUTPUTS) &: $(SOURCE_FILES) $(SCHEMA_FILES) $(PIPELINE_FILES) package.json $(INSTALLED)
	$(NODE) pipelines/build.ts

test: all ## Build, then run the tests (type check, unit, property, golden, end-to-end)
	npx tsc --noEmit -p tsconfig.json
	npx vitest run

typecheck: $(INSTALLED) ## Type-check the TypeScript
	npx tsc --noEmit -p tsconfig.json

audit: $(INSTALLED) ## npm audit of the runtime dependencies (fails on high or critical findings)
	$(NODE) pipelines/audit.ts

docs: all ## Regenerate docs/data-dictionary.md and the generated README sections
	$(NODE) pipelines/docs.ts --write

release: all ## Build dist/: archives, Parquet files, database, datapackage.json, notes, SHA256SUMS (BASE=<previous release> adds a diff to the notes)
	$(NODE) pipelines/release.ts $(if $(BASE),--base $(BASE))

diff: all ## Compare this build with an earlier one: make diff BASE=<folder of an earlier build or release download>
	$(NODE) pipelines/diff.ts --base $(BASE)

download: $(INSTALLED) ## Fetch and verify a release: make download VERSION=vX.Y.Z [DOWNLOAD_DIR=…] [RELEASE_BASE_URL=…]
	$(NODE) pipelines/download.ts --version $(VERSION) $(if $(DOWNLOAD_DIR),--dir $(DOWNLOAD_DIR))

clean: ## Remove what the build made (out/, dist/, temporary folders); keeps node_modules
	rm -rf out out.staging-* out.previous-* dist dist.staging-* .bench

accept-source: $(INSTALLED) ## Accept a changed source text: make accept-source SOURCE=<id> (records its new SHA-256)
	$(NODE) pipelines/accept-source.ts $(SOURCE)

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 18
