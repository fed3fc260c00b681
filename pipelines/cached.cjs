// Runs a bundled command (.build/<name>.cjs, made by make) with V8's code cache kept beside it (<name>.cjs.cache):
// later runs skip compiling the bundle and the functions it ran before, about 60 ms of CPU of the paper's build
// (docs/maintainers/performance.md). V8 checks a cache against its own version and flags but, of the source, only
// its length: a bundle rebuilt to the same length would run the old code. So the cache starts with the SHA-256 of
// the bundle it was made from (and of the Node that made it), and is used only for that bundle; one V8 rejects, or
// made from another bundle, is written again after the run. Nor does V8 check the cache's own bytes (its checksum is
// for debug builds): a cache damaged inside, its length kept, crashed Node at every run until deleted. So the SHA-256
// of the cache itself follows, checked before V8 sees it (about 2 ms). Nothing else is kept.
//
//   node pipelines/cached.cjs .build/build.cjs [the command's arguments]

'use strict';
const { createHash } = require('node:crypto');
const { readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const path = require('node:path');
const vm = require('node:vm');

if (process.argv.length < 3) {
  process.stderr.write('Usage: node pipelines/cached.cjs <bundle.cjs> [its arguments] (make runs it; `make help`)\n');
  process.exit(2);
}
const file = path.resolve(process.argv[2]);
process.argv.splice(1, 2, file); // the command sees itself as the script run, its arguments after it
const cacheFile = `${file}.cache`;
const source = readFileSync(file, 'utf8');
const sha256 = (...parts) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const digest = sha256(`${process.version} ${process.arch}\0`, source);
let cachedData;
try {
  const kept = readFileSync(cacheFile);
  const data = kept.subarray(64);
  if (kept.subarray(0, 32).equals(digest) && kept.subarray(32, 64).equals(sha256(data))) cachedData = data;
} catch {
  cachedData = undefined; // the first run, or a cache removed
}
const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
const script = new vm.Script(wrapped, { filename: file, cachedData });

process.on('exit', () => {
  if (cachedData && !script.cachedDataRejected) return;
  const tmp = `${cacheFile}.${process.pid}`;
  try {
    const data = script.createCachedData();
    writeFileSync(tmp, Buffer.concat([digest, sha256(data), data]));
    renameSync(tmp, cacheFile); // whole or not at all: another run may be reading it
  } catch {
    rmSync(tmp, { force: true }); // a read-only checkout or a full disk: the next run compiles, as this one did
  }
});

const bundle = { exports: {} };
script.runInThisContext()(bundle.exports, createRequire(file), bundle, file, path.dirname(file));
