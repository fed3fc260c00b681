// Failpoints let tests crash the build at a chosen moment (LME_FAILPOINT=<name>) to prove that a crash leaves
// out/ as it was. They throw an ordinary Error, i.e. what a bug would do.

export function failpoint(name: string): void {
  if (process.env['LME_FAILPOINT'] === name) throw new Error(`failpoint ${name} (LME_FAILPOINT)`);
}
