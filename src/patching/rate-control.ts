// Rate control as part of the timing: a window patches its targets in waves of maxConcurrency instances, and
// no new task starts after the cutoff. The worst-case time to patch counts a window's usable time (duration -
// cutoff) as the time to install, which holds only if every wave fits in it.
//
// Waves: a percentage p patches ceil(100 / p) waves for a ring of at least 100 / p instances, whatever its size;
// a fixed count C patches ceil(N / C) waves, so it depends on the ring's size N. Run Command also ramps up
// (one instance, then two, doubling up to maxConcurrency: "Using concurrency controls", AWS Systems Manager
// User Guide), which adds waves; the figures here are the floor the ramp-up can only lower further.

export type Concurrency =
  { readonly kind: 'percent'; readonly percent: number } | { readonly kind: 'count'; readonly count: number };

export function parseConcurrency(rate: string): Concurrency {
  return rate.endsWith('%')
    ? { kind: 'percent', percent: Number(rate.slice(0, -1)) }
    : { kind: 'count', count: Number(rate) };
}

export interface WaveBudget {
  readonly concurrency: Concurrency;
  readonly usableMinutes: number;
  /** Percentages: the number of waves for any ring of at least 100 / p instances. */
  readonly waves?: number;
  /** Percentages: the longest one instance's run may take for the ring to finish in one window. */
  readonly maxRunMinutes?: number;
}

export function waveBudget(maxConcurrency: string, usableMinutes: number): WaveBudget {
  const concurrency = parseConcurrency(maxConcurrency);
  if (concurrency.kind === 'count') return { concurrency, usableMinutes };
  const waves = Math.ceil(100 / concurrency.percent);
  return { concurrency, usableMinutes, waves, maxRunMinutes: usableMinutes / waves };
}

/** Fixed count C: the largest ring that finishes in one window when each run takes `runMinutes`. */
export const maxRingSize = (count: number, usableMinutes: number, runMinutes: number) =>
  count * Math.floor(usableMinutes / runMinutes);

/** "36m", "1h30m", "2h", "37.5m" for stated assumptions. */
export function minutesText(m: number): string {
  if (!Number.isInteger(m)) return `${m.toFixed(1)}m`;
  const h = Math.floor(m / 60),
    r = m % 60;
  return h && r ? `${h}h${r}m` : h ? `${h}h` : `${r}m`;
}

/** A sentence stating the assumption a window's worst case rests on. */
export function waveAssumption(b: WaveBudget, expectedRunMinutes?: number): string {
  const usable = minutesText(b.usableMinutes);
  if (b.concurrency.kind === 'percent') {
    const base = `${b.concurrency.percent}% at a time in ${usable} usable: ${b.waves} waves, each instance's run at most ${minutesText(b.maxRunMinutes!)}`;
    if (expectedRunMinutes === undefined) return `${base} (assumed: no expectedRunTime given)`;
    return `${base}; expected ${minutesText(expectedRunMinutes)}: ${expectedRunMinutes <= b.maxRunMinutes! ? 'fits' : 'does not fit'}`;
  }
  const base = `${b.concurrency.count} at a time in ${usable} usable: depends on the ring's size`;
  if (expectedRunMinutes === undefined)
    return `${base} (a ring of N instances needs each run to take at most ${usable} / ceil(N / ${b.concurrency.count}))`;
  return `${base}; with runs of ${minutesText(expectedRunMinutes)} at most ${maxRingSize(b.concurrency.count, b.usableMinutes, expectedRunMinutes)} instances finish in one window`;
}
