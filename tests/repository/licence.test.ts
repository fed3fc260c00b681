// The code is under the MIT licence (LICENSE), the data and docs under CC BY 4.0 (each source's licence), and
// package.json's SPDX expression names exactly those two; the README says which covers what.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT, SOURCES_DIR } from '../helpers/project.ts';

const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as { license: string };
const dataLicences = [
  ...new Set(
    readdirSync(SOURCES_DIR).map(
      (id) =>
        (JSON.parse(readFileSync(path.join(SOURCES_DIR, id, 'source.json'), 'utf8')) as { licence: { id: string } })
          .licence.id,
    ),
  ),
];

it('ships the MIT licence for the code', () => {
  const text = read('LICENSE');
  expect(text.split('\n')[0]).toBe('MIT License');
  expect(text).toMatch(/^Copyright \(c\) \d{4} large-model-ecosystem contributors$/m);
  expect(text).toContain('Permission is hereby granted, free of charge, to any person obtaining a copy');
});

it("gives package.json an SPDX expression naming the code's licence and the data's", () => {
  expect(dataLicences).toEqual(['CC-BY-4.0']);
  // AND: the package holds both code (MIT) and data and docs (CC BY 4.0); neither licence covers the whole.
  expect(pkg.license).toBe(['MIT', ...dataLicences].join(' AND '));
  expect(pkg.license).toMatch(/^[A-Za-z0-9.-]+( AND [A-Za-z0-9.-]+)*$/);
});

it('says in the README which licence covers what', () => {
  const readme = read('README.md');
  const section = readme.slice(readme.indexOf('\n## Licence\n'));
  expect(section).toMatch(/\*\*The code\*\*.*\[MIT licence\]\(LICENSE\)/s);
  expect(section).toMatch(/\*\*The data and the documentation\*\*.*CC BY 4\.0/s);
  expect(section).toContain(`\`${pkg.license}\``);
});
