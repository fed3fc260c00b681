// Frictionless JS (datapackage 1.1.10) ships no types: the part the conformance test uses.
declare module 'datapackage' {
  interface Resource {
    name: string;
    schema: { fields: { name: string; type: string }[] };
    read(options: { cast: boolean }): Promise<unknown[][]>;
  }
  interface Package {
    valid: boolean;
    errors: unknown[];
    resources: Resource[];
  }
  const datapackage: { Package: { load(descriptor: string): Promise<Package> } };
  export default datapackage;
}
