// Accepts a deliberately changed source text: records its new SHA-256 in source.json, so that extraction runs
// again. Review the data diff (`make diff BASE=…`) and commit the text, the checksum and the data together.
//
//   make accept-source SOURCE=chang2024

import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './lib/cli.ts';
import { SOURCES_DIR, shown } from './lib/paths.ts';
import { fail } from './lib/problems.ts';
import { sha256 } from './lib/source.ts';

await runCli(() => {
  const id = process.argv[2];
  if (!id) fail({ file: 'make accept-source' }, 'needs SOURCE, the id of a source folder', 'Run `make accept-source SOURCE=<id>`, e.g. SOURCE=chang2024.');
  const jsonFile = path.join(SOURCES_DIR, id, 'source.json');
  const text = readFileSync(jsonFile, 'utf8');
  const json = JSON.parse(text) as { file: string; sha256: string };
  const digest = sha256(readFileSync(path.join(SOURCES_DIR, id, json.file)));
  if (digest === json.sha256) {
    process.stderr.write(`${shown(jsonFile)} already records ${digest}; nothing to accept.\n`);
    return;
  }
  writeFileSync(jsonFile, text.replace(`"sha256": "${json.sha256}"`, `"sha256": "${digest}"`));
  process.stderr.write(`${shown(jsonFile)}: sha256 ${json.sha256} → ${digest}. Rebuild with \`make all\` and review the changes before committing.\n`);
});
