// A stand-in for the Makefile's $(NODE) (node through tsx) in a built copy of the project: given as
// `make … NODE="node <this file>"`, the recipe's `$(NODE) pipelines/<name>.ts <args>` runs the copy's bundle of that
// command, .build/<name>.cjs, as make runs the build's own (pipelines/cached.cjs). The same code, the same arguments
// as the recipe's shell passed them, without tsx's start (about 0.6 s of CPU a run): for tests of what Make and the
// recipe's quoting do with a value, which run the command many times. A copy without that bundle is a mistake of
// the test, said so here rather than run another way.

'use strict';
const { existsSync } = require('node:fs');
const path = require('node:path');

const script = process.argv[2] ?? '';
const bundle = path.resolve('.build', path.basename(script).replace(/\.ts$/, '.cjs'));
if (!/^pipelines\/[^/]+\.ts$/.test(script) || !existsSync(bundle)) {
  process.stderr.write(
    `bundled-node.cjs: no bundle ${bundle} for "${script}" (a built copy has one per TEST_BUNDLES)\n`,
  );
  process.exit(70);
}
process.argv[2] = bundle; // cached.cjs reads the bundle from argv[2] and gives the command the rest
require(path.resolve('pipelines', 'cached.cjs'));
