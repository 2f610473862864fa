// The maintenance windows that apply to an account: its rings (with the account's overrides) and, for
// the exposures that get it, the expedite lane. Stacks and the compliance engine both read this.
import { windowHours } from '../aws/patch-manager';
import { parseDurationMinutes } from '../schedule';
import type { Account, OrgModel } from '.';
import type { RingSettings } from './patching';

export interface WindowSpec {
  /** Ring name, or 'expedite'. */
  readonly name: string;
  readonly kind: 'ring' | 'expedite';
  readonly schedule: string;
  readonly timezone: string;
  /** Days after the cron match the window opens (ScheduleOffset). */
  readonly offsetDays?: number;
  readonly durationMinutes: number;
  readonly cutoffMinutes: number;
  readonly maxConcurrency: string;
  readonly maxErrors: string;
  readonly reboot: 'if-needed' | 'never';
}

/** Ring windows for the account, sorted by ring name, account overrides applied. */
export function ringWindows(model: OrgModel, account: Account): WindowSpec[] {
  const p = model.patching;
  if (!p) return [];
  const overrides = p.ringOverrides.get(account.id) ?? {};
  // An override states only what it changes (YAML has no undefined values), so a spread keeps the rest.
  return p.ringNames.map((name) => toSpec(name, 'ring', { ...p.rings[name], ...overrides[name] } as RingSettings));
}

/** The expedite window, when the account's exposure is one the lane covers. */
export function expediteWindow(model: OrgModel, account: Account): WindowSpec | undefined {
  const e = model.patching?.expedite;
  if (!e || !e.exposures.includes(account.exposure)) return undefined;
  return toSpec('expedite', 'expedite', e);
}

/** A ring's or the lane's window as the profile states it (time zone resolved). */
export interface WindowSettings {
  schedule: string;
  timezone: string;
  offsetDays?: number;
  duration: string;
  cutoff: string;
  maxConcurrency: string;
  maxErrors: string;
  reboot: 'if-needed' | 'never';
}

/** As deployed: AWS counts windows in whole hours, so the cutoff is the rounded-up one. */
function toSpec(name: string, kind: WindowSpec['kind'], w: WindowSettings): WindowSpec {
  const hours = windowHours(parseDurationMinutes(w.duration)!, parseDurationMinutes(w.cutoff)!);
  return {
    name,
    kind,
    schedule: w.schedule,
    timezone: w.timezone,
    offsetDays: w.offsetDays,
    durationMinutes: hours.duration * 60,
    cutoffMinutes: hours.cutoff * 60,
    maxConcurrency: w.maxConcurrency,
    maxErrors: w.maxErrors,
    reboot: w.reboot,
  };
}
