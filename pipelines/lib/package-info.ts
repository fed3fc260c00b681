// The dataset's name, version and repository come from package.json: one place to change them.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './paths.ts';

export interface PackageJson {
  name: string;
  version: string;
  description: string;
  repository: { type: string; url: string };
  homepage?: string;
}

export function packageJson(root: string = ROOT): PackageJson {
  return JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
}

/** "owner/name" of the GitHub repository, from package.json's repository URL. */
export function repositorySlug(p: PackageJson = packageJson()): string {
  const m = /github\.com[/:]([^/]+\/[^/.]+)/.exec(p.repository.url);
  if (!m) throw new Error(`package.json repository.url is not a GitHub URL: ${p.repository.url}`);
  return m[1]!;
}

export function repositoryUrl(p: PackageJson = packageJson()): string {
  return `https://github.com/${repositorySlug(p)}`;
}
