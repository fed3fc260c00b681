// Preloaded with `node --import` into a build run by the determinism test: moves the process's clock by
// LME_CLOCK_SHIFT_MS (Date, Date.now, performance.timeOrigin), so that anything the build takes from the clock —
// a date, a time, a year — differs from a build run at the real time. Plain JavaScript: it runs before tsx loads.

const shift = Number(process.env.LME_CLOCK_SHIFT_MS ?? 0);
const RealDate = globalThis.Date;
const now = () => RealDate.now() + shift;

globalThis.Date = new Proxy(RealDate, {
  construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
  apply: () => new RealDate(now()).toString(),
  get: (target, key, receiver) => (key === 'now' ? now : Reflect.get(target, key, receiver)),
});
const origin = performance.timeOrigin + shift;
Object.defineProperty(performance, 'timeOrigin', { get: () => origin });
