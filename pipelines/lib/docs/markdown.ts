// Small Markdown helpers for generated documentation.

export const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function mdTable(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

const beginPrefix = (name: string) => `<!-- BEGIN GENERATED: ${name} `;
const end = (name: string) => `<!-- END GENERATED: ${name} -->`;

/** Replaces the text between a section's markers (the begin marker says which command writes it). */
export function replaceSection(doc: string, name: string, content: string, file = 'README.md'): string {
  const a = doc.indexOf(beginPrefix(name));
  const afterBegin = a < 0 ? -1 : doc.indexOf('-->', a) + 3;
  const b = doc.indexOf(end(name));
  if (a < 0 || b < afterBegin) throw new Error(`${file} lacks the markers of the generated section "${name}"`);
  return `${doc.slice(0, afterBegin)}\n${content.trim()}\n${doc.slice(b)}`;
}
