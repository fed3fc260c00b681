// Hang guards: bounds on work that catch a quadratic scan or a loop that never ends, not speed targets. Mutation
// runs execute instrumented code several times slower, so `make mutation` widens them (LME_HANG_GUARD_FACTOR);
// Stryker's own timeout still catches a mutant that hangs.

const factor = Number(process.env.LME_HANG_GUARD_FACTOR ?? 1);

export function hangGuardMs(ms: number): number {
  return ms * factor;
}
