// A stand-in for the Makefile's $(NODE) (node through tsx) in a built copy of the project: given as
// `make … NODE="node <this file>"`, the recipe's `$(NODE) pipelines/<name>.ts <args>` runs the copy's bundle of that
// command, .build/<name>.cjs as make runs the build's own (pipelines/cached.cjs), or the global setup's .mjs. The
// same code, the same arguments as the recipe's shell passed them, without tsx's start (about 0.6 s of CPU a run): for
// tests of what Make and the recipe's quoting do with a value, which run the command many times. A copy without that
// bundle is a mistake of the test, said so here rather than run another way.

'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const script = process.argv[2] ?? '';
const base = path.resolve('.build', path.basename(script).replace(/\.ts$/, ''));
const command = /^pipelines\/[^/]+\.ts$/.test(script);
if (command && existsSync(`${base}.cjs`)) {
  process.argv[2] = `${base}.cjs`; // cached.cjs reads the bundle from argv[2] and gives the command the rest
  require(path.resolve('pipelines', 'cached.cjs'));
} else if (command && existsSync(`${base}.mjs`)) {
  // The global setup's ES module bundles (SETUP_BUNDLED in tests/helpers/built-out.ts), run as script() runs them.
  process.argv.splice(1, 2, `${base}.mjs`);
  import(pathToFileURL(`${base}.mjs`).href);
} else {
  process.stderr.write(
    `bundled-node.cjs: no bundle ${base}.cjs or .mjs for "${script}" (a built copy of a test run has one)\n`,
  );
  process.exit(70);
}
