// A source file that changes between its checksum and a second read: a named pipe that gives one text to its first
// reader and another to the next. A loader that read the file again after checking it would take in the second,
// unchecked, text; one that parses the bytes it checked never sees it.

import { execFileSync, spawn } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Writes argv[1]'s bytes into the named pipe argv[3] for its first reader and, once that reader has closed it
 * (opening a pipe without a reader fails with ENXIO when non-blocking), argv[2]'s for the next one.
 */
const PIPE_WRITER = `
const fs = require('node:fs');
const [checked, changed, pipe] = process.argv.slice(1);
fs.writeFileSync(pipe, fs.readFileSync(checked));
const readerOpen = () => {
  try { fs.closeSync(fs.openSync(pipe, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK)); return true; }
  catch (e) { if (e.code === 'ENXIO') return false; throw e; }
};
while (readerOpen()) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
fs.writeFileSync(pipe, fs.readFileSync(changed));
`;

/**
 * Replaces `file` by such a pipe (the two texts kept in `scratch`). Returns the function that stops its writer,
 * whose second write waits for a reader that may never come.
 */
export function pipeThatChanges(file: string, checked: string, changed: string, scratch: string): () => void {
  const [first, second] = [path.join(scratch, 'checked'), path.join(scratch, 'changed')];
  writeFileSync(first, checked);
  writeFileSync(second, changed);
  rmSync(file);
  execFileSync('mkfifo', [file]);
  const writer = spawn(process.execPath, ['-e', PIPE_WRITER, first, second, file], { stdio: 'ignore' });
  return () => writer.kill();
}
