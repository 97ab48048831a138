/**
 * The system's notion of "now". Production uses the wall clock; tests move time (token expiry, closing dates)
 * by setting an offset instead of waiting.
 */
let offsetMs = 0;

export function now(): Date {
  return new Date(Date.now() + offsetMs);
}

export function nowIso(): string {
  return now().toISOString();
}

export function epochSeconds(date: Date = now()): number {
  return Math.floor(date.getTime() / 1000);
}

/** Tests only: shift the clock by `ms` (cumulative reset with `resetClock`). */
export function shiftClock(ms: number): void {
  offsetMs += ms;
}

export function resetClock(): void {
  offsetMs = 0;
}
