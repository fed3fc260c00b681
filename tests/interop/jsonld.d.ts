// jsonld 9 ships no types: the part the metadata tests use.
declare module 'jsonld' {
  interface RemoteDocument {
    contextUrl: string | null;
    document: unknown;
    documentUrl: string;
  }
  interface Options {
    documentLoader?: (url: string) => Promise<RemoteDocument>;
    base?: string | null;
  }
  const jsonld: { expand(doc: unknown, options?: Options): Promise<Record<string, unknown>[]> };
  export default jsonld;
}
