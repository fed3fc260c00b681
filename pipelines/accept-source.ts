// Accepts a deliberately changed source text: records its new SHA-256 in source.json, so that extraction runs
// again. Review the data diff (`make diff BASE=…`) and commit the text, the checksum and the data together.
//
//   make accept-source SOURCE=chang2024

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './lib/cli.ts';
import { packageJson } from './lib/package-info.ts';
import { OUT_DIR, SOURCES_DIR, shown } from './lib/paths.ts';
import { fail, usage } from './lib/problems.ts';
import { sha256 } from './lib/hash.ts';

const COMMAND = 'make accept-source';

/**
 * What to do next, in an order that works: until it is done, `make test` fails on the golden files, the README's
 * generated sections and the example queries, which all hold the data of the old text. The build of the old text is
 * kept first (out/ still holds it: the build refused the changed text until now), in prev/ (ignored by git), for
 * `make diff` after the rebuild; without one, the last release is the base. tests/reliability/accept-source.test.ts
 * runs these steps.
 */
function nextSteps(id: string, oldSha256: string, builtBefore: boolean, version: string): string {
  const keep = `prev/${id}-${oldSha256.slice(0, 12)}`;
  const first = builtBefore
    ? `mkdir -p ${keep} && cp -R out/. ${keep}/    keep the build of the old text (out/ holds it until the next build) to compare with`
    : `make download VERSION=v${version} DOWNLOAD_DIR=${keep}    out/ holds no build of the old text: the last release, to compare with`;
  return [
    'Next steps, in this order (make test fails until they are done):',
    `  1. ${first}`,
    '  2. make docs    rebuild out/ from the new text, then regenerate the generated sections of the README and docs/',
    `  3. make diff BASE=${keep}    review every changed value`,
    '  4. update the golden files that changed, each checked by hand against the paper, as tests/golden/README.md says',
    '  5. make test, then commit the text, its checksum, the docs and the golden files together',
    '',
  ].join('\n');
}

await runCli(
  () => {
    const id = process.argv[2];
    if (!id)
      usage(
        COMMAND,
        'needs SOURCE, the id of a source folder',
        'Run `make accept-source SOURCE=<id>`, e.g. SOURCE=chang2024.',
      );
    // Only a folder of sources/ by its bare name: a path could rewrite a source.json anywhere.
    const known = readdirSync(SOURCES_DIR).filter((d) => existsSync(path.join(SOURCES_DIR, d, 'source.json')));
    if (!known.includes(id)) {
      fail(
        { file: COMMAND },
        `SOURCE=${JSON.stringify(id)} is not a source of ${shown(SOURCES_DIR)}/`,
        `Use one of: ${known.join(', ')}.`,
      );
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
    const builtBefore = existsSync(path.join(OUT_DIR, 'datapackage.json'));
    process.stderr.write(
      `${shown(jsonFile)}: sha256 ${json.sha256} → ${digest}.\n${nextSteps(id, json.sha256, builtBefore, packageJson().version)}`,
    );
  },
  { command: COMMAND },
);
