// Supply chain: exact versions, a committed lockfile installed with `npm ci --ignore-scripts`, packages only from
// the npm registry, and no dependency that needs an install script (the whole suite runs on an install without
// them; esbuild's script only re-checks the binary that its platform package already provides).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const packages = Object.entries(lock.packages as Record<string, { version?: string; resolved?: string; hasInstallScript?: boolean; link?: boolean }>);

it('pins every direct dependency to an exact version', () => {
  for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies, ...pkg.overrides })) {
    // An alias (a second version of one package, e.g. the oldest DuckDB client) pins its version the same way.
    expect(version, name).toMatch(/^(npm:(@[\w.-]+\/)?[\w.-]+@)?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  }
});

it('locks exactly the versions package.json names', () => {
  expect(lock.lockfileVersion).toBeGreaterThanOrEqual(3);
  for (const [name, spec] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }) as [string, string][]) {
    const alias = /^npm:((?:@[\w.-]+\/)?[\w.-]+)@(.+)$/.exec(spec);
    const locked = lock.packages[`node_modules/${name}`];
    expect(locked?.version, name).toBe(alias ? alias[2] : spec);
    if (alias) expect(locked?.name, name).toBe(alias[1]);
  }
});

it('installs with npm ci and no install scripts', () => {
  const makefile = readFileSync(path.join(ROOT, 'Makefile'), 'utf8');
  expect(makefile).toMatch(/^\tnpm ci --ignore-scripts/m);
  expect(makefile).not.toMatch(/npm install/);
});

it('takes every package from the npm registry, checked by its integrity hash', () => {
  // This npm records no download address (it resolves from the configured registry); any that is recorded must
  // be the registry's, never a git or tarball URL.
  for (const [name, p] of packages as [string, { resolved?: string; integrity?: string; link?: boolean }][]) {
    if (name === '' || p.link) continue;
    if (p.resolved !== undefined) expect(p.resolved, name).toMatch(/^https:\/\/registry\.npmjs\.org\//);
    expect(p.integrity, name).toMatch(/^sha512-/);
  }
});

it('has no dependency with an install script other than esbuild, which works without it', () => {
  const withScripts = packages.filter(([, p]) => p.hasInstallScript).map(([name]) => name);
  expect(withScripts).toEqual(['node_modules/esbuild']);
});
