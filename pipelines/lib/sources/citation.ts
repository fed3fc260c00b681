// How a source is named in titles and lists: a paper by its first author and journal, a dataset by its author
// and the title its authors ask to be cited.

import type { SourceJson } from '../source.ts';

/** Short name for a title: "常永波 et al. (2024)" for a paper, "Epoch AI (2026)" for a dataset. */
export function shortName(s: SourceJson): string {
  return s.kind === 'CSV dataset'
    ? `${s.citation.first_author} (${s.citation.year})`
    : `${s.citation.first_author} et al. (${s.citation.year})`;
}

/** Title of a source in datapackage.json's sources list. */
export function listTitle(s: SourceJson): string {
  const c = s.citation;
  return s.kind === 'CSV dataset'
    ? `${c.first_author_en}, '${c.title}' (${c.url}, accessed ${c.accessed})`
    : `${c.first_author_en} et al., ${c.journal_en} (${c.year})`;
}
