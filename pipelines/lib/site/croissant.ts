// croissant.json as the site serves it before there is a release: out/'s document names its files by their paths in
// out/ (csv/models.csv, arrow/models.arrow), which the site does not have. Each file the site serves (data/<table>.csv
// and .parquet, byte for byte out/'s, so their SHA-256 stands) is pointed at its path in the site; the others (the
// Arrow files, which only a release's zip carries) are left out, and no record set reads from them.

/** `doc` with each file at its path in the site, `served` naming that path by the file's name (models.csv → data/models.csv). */
export function siteCroissant<T extends Record<string, unknown>>(doc: T, served: ReadonlyMap<string, string>): T {
  const kept = (doc.distribution as Record<string, string>[]).flatMap((f): Record<string, string>[] => {
    const at = served.get(String(f.contentUrl).split('/').pop()!);
    return at === undefined ? [] : [{ ...f, contentUrl: at }];
  });
  const ids = new Set(kept.map((f) => f['@id']));
  const read = [...JSON.stringify(doc.recordSet).matchAll(/"fileObject":\{"@id":"([^"]+)"\}/g)].map((m) => m[1]!);
  const missing = read.filter((id) => !ids.has(id));
  if (missing.length)
    throw new Error(`croissant.json: record sets read ${missing.join(', ')}, which the site does not serve.`);
  return { ...doc, distribution: kept };
}

/** The files the site serves, by name: every table's CSV and Parquet file. */
export function siteFiles(tables: readonly { files: { csv: string; parquet: string } }[]): Map<string, string> {
  return new Map(tables.flatMap((t) => [t.files.csv, t.files.parquet].map((p) => [p.split('/').pop()!, p] as const)));
}
