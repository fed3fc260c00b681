// Accepts a deliberately changed source text: records its new SHA-256 in source.json, so that extraction runs
// again. Review the data diff (`make diff BASE=…`) and commit the text, the checksum and the data together.
//
//   make accept-source SOURCE=chang2024

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './lib/cli.ts';
import { SOURCES_DIR, shown } from './lib/paths.ts';
import { fail } from './lib/problems.ts';
import { sha256 } from './lib/hash.ts';

// Until these are done, `make test` fails on the golden files, the README's generated sections and the example
// queries, which all hold the data of the old text.
const NEXT_STEPS = [
  'Next steps (make test fails until they are done):',
  '  1. make docs    rebuild, then regenerate docs/data-dictionary.md and the README\'s generated sections',
  '  2. update the golden files that changed, each checked by hand against the paper, as tests/golden/README.md says',
  '  3. make diff BASE=<an earlier build or release download>    review every changed value',
  '  4. make test, then commit the text, its checksum, the docs and the golden files together',
  '',
].join('\n');

await runCli(() => {
  const id = process.argv[2];
  if (!id) fail({ file: 'make accept-source' }, 'needs SOURCE, the id of a source folder', 'Run `make accept-source SOURCE=<id>`, e.g. SOURCE=chang2024.');
  // Only a folder of sources/ by its bare name: a path could rewrite a source.json anywhere.
  const known = readdirSync(SOURCES_DIR).filter((d) => existsSync(path.join(SOURCES_DIR, d, 'source.json')));
  if (!known.includes(id)) {
    fail({ file: 'make accept-source' }, `SOURCE=${JSON.stringify(id)} is not a source of ${shown(SOURCES_DIR)}/`, `Use one of: ${known.join(', ')}.`);
  }
  const jsonFile = path.join(SOURCES_DIR, id, 'source.json');
  const text = readFileSync(jsonFile, 'utf8');
  const json = JSON.parse(text) as { file: string; sha256: string };
  const digest = sha256(readFileSync(path.join(SOURCES_DIR, id, json.file)));
  if (digest === json.sha256) {
    process.stderr.write(`${shown(jsonFile)} already records ${digest}; nothing to accept.\n`);
    return;
  }
  writeFileSync(jsonFile, text.replace(`"sha256": "${json.sha256}"`, `"sha256": "${digest}"`));
  process.stderr.write(`${shown(jsonFile)}: sha256 ${json.sha256} → ${digest}.\n${NEXT_STEPS}`);
});
