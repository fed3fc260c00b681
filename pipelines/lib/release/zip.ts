// Reproducible zip archives: entries sorted by name, one fixed modification time, no owner, no extra fields,
// fixed compression level. The same files give the same bytes on any machine and in any time zone.

import { zipSync, type Zippable } from 'fflate';

/** 1980-01-01 00:00 in the zip's (local-time) DOS format, whatever the time zone of the machine. */
export const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);

export function reproducibleZip(files: ReadonlyMap<string, Uint8Array>): Uint8Array {
  const entries: Zippable = {};
  for (const name of [...files.keys()].sort()) {
    entries[name] = [files.get(name)!, { level: 9, mtime: FIXED_MTIME, os: 3, attrs: 0o100644 << 16 }];
  }
  return zipSync(entries, { level: 9, mtime: FIXED_MTIME });
}
