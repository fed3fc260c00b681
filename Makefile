# large-model-ecosystem: the tables of 常永波 et al. (2024) as an open dataset.
#   make all    install dependencies if needed, then build the dataset into out/
#   make test   build, then run the test suite
# `make help` lists every target. Rules name real files, so a second `make all` with nothing changed does nothing.

SHELL := bash
# --norc: bash reads ~/.bashrc and /etc/bash.bashrc even without a terminal when its input is a socket (as under sshd,
# or a Node parent's pipe) and SHLVL is unset: a recipe then ran the user's startup file (and Debian's failed under -u).
.SHELLFLAGS := --norc -eu -o pipefail -c
# No .DELETE_ON_ERROR: the build replaces out/ atomically, so a failed run must leave the previous outputs in place
# (Make would delete them).
MAKEFLAGS += --no-builtin-rules --no-print-directory

# Variables given on the command line are data. Each is taken unexpanded ($(value …)), so `$(…)` in it means
# nothing to Make, and reaches the scripts through the environment, quoted by the shell ("$$LME_VERSION"), so
# `VERSION='v1; touch x'` runs nothing.
export LME_VERSION := $(value VERSION)
export LME_BASE := $(value BASE)
export LME_SOURCE := $(value SOURCE)
export LME_DOWNLOAD_DIR := $(value DOWNLOAD_DIR)
export LME_N := $(value N)
export LME_RELEASE_BASE_URL := $(value RELEASE_BASE_URL)
export LME_MODULES := $(value MODULES)
export LME_RELEASES := $(value RELEASES)
# Make would expand a command-line variable again to put it in the recipes' environment, running any $(shell …).
unexport VERSION BASE SOURCE DOWNLOAD_DIR N RELEASE_BASE_URL MODULES RELEASES

# A larger young generation halves the time spent collecting garbage on large inputs. parquet-wasm's functions are
# optimised (by V8's TurboFan, on threads of their own) only after ten times V8's default amount of work: in the
# paper's build that compilation took the second core from DuckDB (1.51 s → 1.30 s, median of 11), while a large
# build's hot functions are still optimised within its first seconds. pipelines/bench/scale-run.ts reads this line.
NODE_FLAGS := --max-semi-space-size=64 --wasm-tiering-budget=18000000
NODE := node $(NODE_FLAGS) --import tsx
# npm ci writes node_modules afresh; these stamps record when, so a newer package-lock.json triggers a reinstall.
# make all installs only what the build and the SQL runner need (INSTALLED); the targets that need the tests' and
# the explorer's tools (NEEDS_ALL) install everything first (INSTALLED_ALL), and a later reinstall keeps that set.
INSTALLED := node_modules/.installed
INSTALLED_ALL := node_modules/.installed-all
NEEDS_ALL := $(filter test lint fmt typecheck site site-zip bench-site mutation install-all,$(MAKECMDGOALS))
# A partly deleted node_modules is installed again: npm ci records every package it put there in
# node_modules/.package-lock.json, and one that has lost its package.json forces the install. The record is read by
# Make itself (its lines `"node_modules/<name>": {`) and checked with a few stats: no process, a no-op make stays cheap.
NPM_RECORD := node_modules/.package-lock.json
RECORDED := $(patsubst "%":,%/package.json,$(filter "node_modules/%":,$(if $(wildcard $(NPM_RECORD)),$(file <$(NPM_RECORD)))))
MODULES_DAMAGED := $(if $(wildcard $(NPM_RECORD)),$(filter-out $(wildcard $(RECORDED)),$(RECORDED)),no-record)

# Every file below a folder (no folders, no dot files), found by Make's own wildcard: starting find and sort for each
# list cost a no-op make and every build about 15 ms. Only what exists is kept ($(realpath …)): a name with a space
# (which Make splits in two) or a dangling link would otherwise be a prerequisite with no rule.
files_below = $(foreach f,$(wildcard $(1:=/*)),$(if $(wildcard $f/.),$(call files_below,$f),$(if $(realpath $f),$f)))
SOURCE_FILES := $(sort $(call files_below,sources))
SCHEMA_FILES := $(sort $(filter-out schemas/vendor/%,$(call files_below,schemas)))
# The vendored schemas are for tests, but for ISO 3166-1's list, which the build checks curated country codes against.
BUILD_LISTS := schemas/vendor/iso-codes/iso_3166-1.json
# ajv's compiled validators are generated from the schemas (not kept in git: one 350 KB line) and bundled with the
# build; a test checks they are what the schemas generate. Remade when the schemas or the code that compiles them change.
VALIDATORS := pipelines/generated/validators.cjs
VALIDATOR_INPUTS := $(SCHEMA_FILES) pipelines/generate-validators.ts pipelines/lib/validators.ts pipelines/lib/schemas.ts
PIPELINE_FILES := pipelines/build.ts $(sort $(call files_below,pipelines/lib pipelines/stages)) $(VALIDATORS)
# The build runs as one bundled file: loading ~300 modules through the TypeScript loader costs more than the
# work on a paper this size. Like node_modules, the bundle is a tool, kept by `make clean` (`make distclean` removes it).
BUNDLE := .build/build.cjs
TABLES := $(sort $(basename $(basename $(notdir $(filter-out schemas/common.schema.json,$(wildcard schemas/*.schema.json))))))
OUTPUTS := out/datapackage.json out/large_model_ecosystem.duckdb \
	$(foreach t,$(TABLES),out/csv/$(t).csv out/parquet/$(t).parquet out/arrow/$(t).arrow)

.PHONY: all test lint fmt help clean distclean install install-all typecheck audit docs bench bench-scale release diff download accept-source validators mutation mutation-report site site-zip bench-site pages
.DEFAULT_GOAL := all

all: $(OUTPUTS) ## Build the dataset into out/ (installs dependencies first when needed)

install: $(INSTALLED) ## Install what the build and the SQL runner need (npm ci --omit=dev, no install scripts)

install-all: $(INSTALLED_ALL) ## Install every dependency, with the tools of the tests and the explorer (npm ci)

# With the whole set wanted, INSTALLED_ALL carries the checks and touches both stamps: one install, not two.
$(INSTALLED): package-lock.json package.json $(if $(NEEDS_ALL),$(INSTALLED_ALL),$(if $(MODULES_DAMAGED),FORCE))
	@bash pipelines/install.sh $(if $(wildcard $(INSTALLED_ALL)),all,runtime)

$(INSTALLED_ALL): package-lock.json package.json $(if $(MODULES_DAMAGED),FORCE)
	@bash pipelines/install.sh all

# How a command is bundled: one CommonJS file for Node 20, run by pipelines/cached.cjs with V8's code cache (a CommonJS
# file also spares Node's ES module loader, about 20 ms a run); the packages with native or WebAssembly parts stay
# requires, and import.meta.url is the bundle's own address.
ESBUILD := node_modules/.bin/esbuild --bundle --platform=node --format=cjs --target=node20 \
	--external:@duckdb/node-api --external:parquet-wasm --log-level=warning \
	--define:import.meta.url=__bundle_url --banner:js="const __bundle_url = require('node:url').pathToFileURL(__filename).href;"
RUN_BUNDLE := pipelines/cached.cjs
$(BUNDLE): $(PIPELINE_FILES) $(INSTALLED)
	@mkdir -p $(dir $@)
	$(ESBUILD) pipelines/build.ts --outfile=$@.tmp
	@mv $@.tmp $@

# The commands the tests run most (some 150 times), each as one bundled file: through the TypeScript loader each run
# spends about 0.4 s of CPU loading modules (tests/helpers/commands.ts runs these where the run made them). Order-only
# on the install stamp, so that a run's install alone does not remake them; but a bundle holds its pure-JavaScript
# packages, so a changed package-lock.json does (else the tests ran the old packages' code after an upgrade).
TEST_BUNDLES := $(foreach c,sql diff release download,.build/$(c).cjs)
$(TEST_BUNDLES): .build/%.cjs: pipelines/%.ts $(PIPELINE_FILES) package-lock.json | $(INSTALLED)
	@mkdir -p $(dir $@)
	$(ESBUILD) $< --outfile=$@.tmp
	@mv $@.tmp $@

# One process runs every stage and replaces out/ as a whole, so all outputs are one grouped target. They are
# precious: Make deletes a target it was remaking when interrupted (Ctrl-C, SIGTERM) or when its recipe is killed,
# but the build leaves out/ as it was in every such case. A staging or moved-aside folder left by a killed build
# forces a run, which clears it.
.PRECIOUS: $(OUTPUTS)
$(OUTPUTS) &: $(SOURCE_FILES) $(SCHEMA_FILES) $(BUILD_LISTS) $(BUNDLE) package.json $(if $(wildcard out.staging-* out.previous-*),FORCE)
	node $(NODE_FLAGS) $(RUN_BUNDLE) $(BUNDLE)

.PHONY: FORCE
FORCE:

test: $(INSTALLED_ALL) all site $(TEST_BUNDLES) ## Build, then run the tests (lint, type check, unit, property, golden, end-to-end)
	npx biome check
	npx tsc --noEmit -p tsconfig.json
	npx tsc --noEmit -p site/tsconfig.json
	npx vitest run

# The explorer is built from a built out/ into out/site/ and swapped in whole. `make all` replaces out/ as a whole,
# which takes the site with it; out/site/index.html is then missing and the next `make site` rebuilds it. A release
# built from this out/ (dist/SHA256SUMS) gives the site the complete list of release files: when `release` is asked
# for too (`make -j4 all site release`, in any order), the site is built after it, so that it lists every file.
SITE_FILES := $(wildcard site/*.html site/*.css site/*.json site/src/*.ts)
SITE := out/site/index.html

site: $(SITE) ## Build the data explorer into out/site/ (serve that folder; it works from any sub-path)

$(SITE): $(SITE_FILES) pipelines/site.ts $(PIPELINE_FILES) $(OUTPUTS) $(wildcard queries/*.sql) $(wildcard dist/SHA256SUMS) $(INSTALLED_ALL) \
	$(filter release,$(MAKECMDGOALS))
	$(NODE) pipelines/site.ts

site-zip: $(SITE) ## Zip the explorer into dist/site.zip for the release (after make release)
	$(NODE) pipelines/site-zip.ts

pages: $(SITE) ## What GitHub Pages serves, in pages/: the explorer and the static API of dist/ and of RELEASES=<folder of earlier release downloads>
	$(NODE) pipelines/pages.ts $${LME_RELEASES:+--releases "$$LME_RELEASES"}

bench-site: $(SITE) ## Measure the explorer: size without and with the wasm, time to the first table and to a first query
	$(NODE) pipelines/bench/site.ts

lint: $(INSTALLED_ALL) ## Lint and check the formatting of pipelines/, site/ and tests/ with Biome (biome.jsonc)
	npx biome check

fmt: $(INSTALLED_ALL) ## Format pipelines/, site/ and tests/ with Biome, and apply its safe lint fixes
	npx biome check --write

typecheck: $(INSTALLED_ALL) ## Type-check the TypeScript
	npx tsc --noEmit -p tsconfig.json
	npx tsc --noEmit -p site/tsconfig.json

audit: $(INSTALLED) ## npm audit of the runtime dependencies (fails on high or critical findings)
	$(NODE) pipelines/audit.ts

docs: all ## Regenerate docs/data-dictionary.md and the generated sections of README.md and docs/
	$(NODE) pipelines/docs.ts --write

release: all ## Build dist/: each table as CSV and Parquet, archives, database, metadata, notes, SHA256SUMS (BASE=<previous release> adds a diff to the notes; VERSION=vX.Y.Z must be package.json's)
	$(NODE) pipelines/release.ts $${LME_BASE:+--base "$$LME_BASE"} $${LME_VERSION:+--version "$$LME_VERSION"}

diff: all ## Compare this build with an earlier one: make diff BASE=<folder of an earlier build or release download> (writes diff/)
	$(NODE) pipelines/diff.ts --base "$$LME_BASE"

download: $(INSTALLED) ## Fetch and verify a release: make download VERSION=vX.Y.Z [DOWNLOAD_DIR=…] [RELEASE_BASE_URL=…]
	$(NODE) pipelines/download.ts --version "$$LME_VERSION" $${LME_DOWNLOAD_DIR:+--dir "$$LME_DOWNLOAD_DIR"}

bench: $(BUNDLE) ## Measure: make all against the floor, a no-op make, and the scale benchmark (N=1000000 for one size)
	$(NODE) pipelines/bench/run.ts $${LME_N:+--n "$$LME_N"}

mutation: $(INSTALLED_ALL) $(VALIDATORS) ## Mutation testing (Stryker) of the modules behind docs/guarantees.md; scores into docs/maintainers/mutation.md (slow; MODULES="extraction …" for some)
	$(NODE) pipelines/mutation/run.ts

mutation-report: $(INSTALLED) ## docs/maintainers/mutation.md's scores from the committed reports/mutation/*.scores.json, running no mutant
	$(NODE) pipelines/mutation/run.ts --report-only

bench-scale: $(BUNDLE) ## One size of the scale benchmark alone, with its anchor and guard: N rows (default 1000000: minutes, over 2 GB); last line one JSON object
	$(NODE) pipelines/bench/scale-run.ts --n "$${LME_N:-1000000}"

validators: $(VALIDATORS) ## Generate pipelines/generated/validators.cjs (ajv's compiled validators; make all does it when needed)

$(VALIDATORS): $(VALIDATOR_INPUTS) $(INSTALLED)
	$(NODE) pipelines/generate-validators.ts

# Not while a build or `make site` runs (pipelines/clean.sh says why and how it tells).
clean: ## Remove what the build made (out/, dist/, temporary folders); keeps node_modules and the compiled pipeline
	bash pipelines/clean.sh

distclean: clean ## Also remove the compiled pipeline (.build/) and validators
	rm -rf .build $(VALIDATORS)

accept-source: $(INSTALLED) ## Accept a changed source text: make accept-source SOURCE=<id> (records its new SHA-256)
	$(NODE) pipelines/accept-source.ts "$$LME_SOURCE"

help: ## List the targets
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/^([a-z-]+):.*## (.*)/  \1\t\2/' | expand -t 18
