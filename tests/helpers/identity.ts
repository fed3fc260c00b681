// Which file each path of a folder is (inode) and when it was written (mtime): equal bytes are not enough to
// show that a file was left alone, since a file rewritten in place with the same bytes has the same hash.

import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

export function identities(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const f of readdirSync(d).sort()) {
      const p = path.join(d, f);
      const st = statSync(p, { bigint: true });
      if (st.isDirectory()) walk(p);
      else out.set(path.relative(dir, p), `inode ${st.ino}, mtime ${st.mtimeNs}`);
    }
  };
  walk(dir);
  return out;
}
