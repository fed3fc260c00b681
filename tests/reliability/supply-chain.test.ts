// Supply chain: exact versions, a committed lockfile installed with `npm ci --ignore-scripts`, packages only from
// the configured registry (checked in what the lock records, without naming a registry), and no dependency that
// needs an install script (the whole suite runs on an install without them; esbuild's script only re-checks the
// binary that its platform package already provides).

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { ROOT } from '../helpers/project.ts';

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8'));
const packages = Object.entries(
  lock.packages as Record<string, { version?: string; resolved?: string; hasInstallScript?: boolean; link?: boolean }>,
);

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
  // The Makefile's install rules run pipelines/install.sh.
  const makefile = readFileSync(path.join(ROOT, 'Makefile'), 'utf8');
  const script = readFileSync(path.join(ROOT, 'pipelines', 'install.sh'), 'utf8');
  expect(makefile).toMatch(/^\t@bash pipelines\/install\.sh /m);
  expect(script).toMatch(/^npm ci "\$\{omit\[@\]\}" --ignore-scripts /m);
  for (const text of [makefile, script]) expect(text).not.toMatch(/npm install/);
});

interface Locked {
  version?: string;
  resolved?: string;
  integrity?: string;
  link?: boolean;
  name?: string;
}

/**
 * What is wrong with the lock's record of where packages come from. npm ci installs a package by name and version
 * from the configured registry unless the lock records another origin: a link or file path, a git repository, or
 * a tarball URL; and it checks the bytes only when an integrity hash is recorded. So every package must have an
 * exact version and a sha512 integrity hash, and no other origin; a `resolved` address, if npm records one, must be
 * a registry's tarball of that very package and version (any host: the registry is configuration, not the lock).
 */
function lockProblems(packages: Record<string, Locked>): string[] {
  const problems: string[] = [];
  for (const [key, p] of Object.entries(packages)) {
    if (key === '') continue;
    const folder = key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
    const name = p.name ?? folder;
    if (p.link) {
      problems.push(`${key}: a link to ${p.resolved}, not a registry package`);
      continue;
    }
    if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(p.version ?? ''))
      problems.push(`${key}: version ${p.version} is not an exact release`);
    if (!/^sha512-[A-Za-z0-9+/]{86}==$/.test(p.integrity ?? ''))
      problems.push(`${key}: no sha512 integrity hash (${p.integrity})`);
    if (p.resolved !== undefined) {
      const tarball = `/${name}/-/${name.split('/').pop()}-${p.version}.tgz`;
      if (!/^https:\/\/[^/]+\//.test(p.resolved) || !p.resolved.endsWith(tarball))
        problems.push(`${key}: resolved from ${p.resolved}, not a registry tarball of ${name}@${p.version}`);
    }
    if (p.name !== undefined && !/^(@[\w.-]+\/)?[\w.-]+$/.test(p.name))
      problems.push(`${key}: an alias of ${p.name}, not a registry package name`);
  }
  return problems;
}

it('records every package as a registry package with its integrity hash, and no other origin', () => {
  expect(lockProblems(lock.packages)).toEqual([]);
  // The alias (a second DuckDB client) is a registry package under another folder name.
  expect(packages.filter(([, p]) => (p as Locked).name !== undefined).map(([k]) => k)).toContain(
    'node_modules/duckdb-node-api-1-1',
  );
});

it('refuses, in a lock, packages from git, a file, a link, a bare tarball URL, or without integrity', () => {
  const good = { version: '1.2.3', integrity: `sha512-${'A'.repeat(86)}==` };
  const bad: Record<string, Locked> = {
    'node_modules/from-git': { ...good, resolved: 'git+ssh://git@example.org/x/from-git.git#0123456' },
    'node_modules/from-file': { ...good, resolved: 'file:../from-file' },
    'node_modules/linked': { resolved: '../linked', link: true },
    'node_modules/from-tarball': { ...good, resolved: 'https://example.org/downloads/from-tarball.tgz' },
    'node_modules/other-version': {
      ...good,
      resolved: 'https://registry.example/other-version/-/other-version-9.9.9.tgz',
    },
    'node_modules/no-integrity': { version: '1.2.3' },
    'node_modules/sha1-only': { version: '1.2.3', integrity: 'sha1-AAAAAAAAAAAAAAAAAAAAAAAAAAA=' },
    'node_modules/range': { ...good, version: '^1.2.3' },
  };
  const problems = lockProblems(bad);
  for (const key of Object.keys(bad))
    expect(
      problems.some((p) => p.startsWith(`${key}:`)),
      key,
    ).toBe(true);
  expect(
    lockProblems({
      'node_modules/fine': { ...good, resolved: 'https://registry.example/fine/-/fine-1.2.3.tgz' },
      'node_modules/@scope/fine': { ...good, resolved: 'https://registry.example/@scope/fine/-/fine-1.2.3.tgz' },
      'node_modules/alias': { ...good, name: '@scope/fine' },
    }),
  ).toEqual([]);
});

it('has no dependency with an install script other than esbuild, which works without it', () => {
  const withScripts = packages.filter(([, p]) => p.hasInstallScript).map(([name]) => name);
  expect(withScripts).toEqual(['node_modules/esbuild']);
});
