// Small Markdown helpers for generated documentation.

export const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function mdTable(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

const begin = (name: string) => `<!-- BEGIN GENERATED: ${name} (make docs) -->`;
const end = (name: string) => `<!-- END GENERATED: ${name} -->`;

/** Replaces the text between a section's markers; fails if the markers are missing. */
export function replaceSection(doc: string, name: string, content: string): string {
  const a = doc.indexOf(begin(name));
  const b = doc.indexOf(end(name));
  if (a < 0 || b < a) throw new Error(`README.md lacks the markers of the generated section "${name}"`);
  return `${doc.slice(0, a + begin(name).length)}\n${content.trim()}\n${doc.slice(b)}`;
}

export function sectionMarkers(name: string): string {
  return `${begin(name)}\n${end(name)}`;
}
