// Finding and launching a headless Chromium for the explorer's tests and benchmark. playwright-core drives the
// system's browser (Debian's chromium here, Google Chrome on GitHub's runners); playwright's own browser download
// cannot work on this machine.

import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
];

/** CHROMIUM_PATH when set, else the first browser found at a usual path. */
export function chromiumPath(env = process.env): string | undefined {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  return CANDIDATES.find((p) => existsSync(p));
}

export const INSTALL_HINT =
  'install it with `sudo apt-get install chromium fonts-wqy-microhei` (or run .ci/install-test-tools), or set CHROMIUM_PATH to a Chromium or Chrome binary';

export async function launchChromium(executablePath: string): Promise<Browser> {
  const args = [
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
    '--disable-sync',
    '--disable-default-apps',
    '--disable-extensions',
    '--mute-audio',
  ];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return chromium.launch({ executablePath, headless: true, args });
}
