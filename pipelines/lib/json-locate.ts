// Line numbers for JSON values, so that a schema error in a hand-edited JSON file can say
// `sources/x/tables.json:42 field tables/2/expected_rows` instead of only a JSON pointer.
// A small tolerant scanner: it only needs to find where each value starts in text that JSON.parse accepted.

export type LineIndex = Map<string, number>;

/** Maps each JSON pointer ("" for the root, "/tables/0/caption_en", …) to the 1-based line its value starts on. */
export function jsonLineIndex(text: string): LineIndex {
  const index: LineIndex = new Map();
  let i = 0;
  let line = 1;
  const ws = () => {
    while (i < text.length) {
      const c = text[i]!;
      if (c === '\n') line++;
      else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\uFEFF') break;
      i++;
    }
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (ptr: string): void => {
    ws();
    index.set(ptr, line);
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        const key = str();
        ws();
        i++; // colon
        value(`${ptr}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
        ws();
        if (text[i++] === '}') return;
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (let k = 0; ; k++) {
        value(`${ptr}/${k}`);
        ws();
        if (text[i++] === ']') return;
      }
    } else if (c === '"') {
      str();
    } else {
      while (i < text.length && !/[\s,\]}]/.test(text[i]!)) i++;
    }
  };
  value('');
  return index;
}

/** The line of the closest enclosing value that has one. */
export function lineOf(index: LineIndex, pointer: string): number | undefined {
  let p = pointer;
  for (;;) {
    const l = index.get(p);
    if (l !== undefined) return l;
    if (p === '') return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}
