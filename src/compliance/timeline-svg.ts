// One month of maintenance windows (the month that holds the worst cases, else from the as-of date), one row per distinct window, and below them the
// worst-case patch path of each exposure and patch class (approval, waiting, installing) against its deadline.
// Deterministic: coordinates have one decimal, rows are in a fixed order, and no clock is read.
import { DateTime } from 'luxon';
import { occurrences, parseSchedule } from '../schedule';
import type { OrgModel } from '../model';
import { expediteWindow, ringWindows } from '../model/windows';
import { CLASS_NAMES, CLASSES, deadlineAtTarget, EXPOSURES, type Assessment } from './assess';
import { isLaneTimeframe } from './exploit-lane';
import { hours, limit } from './format';
import { timed, type AccountTimeframe, type TimedWindow } from './timeframes';

const W = 1200;
const LEFT = 340;
const RIGHT = 20;
const CW = W - LEFT - RIGHT;
const ROW = 30;
const TOP = 64;
const MS_PER_HOUR = 3_600_000;
/** Narrowest a window or path segment is drawn, in px (an hour is about 1.2 px). */
const MIN_PX = 3;

const f = (n: number) => n.toFixed(1);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Start {
  readonly t: number;
  readonly usableMs: number;
  readonly durationMs: number;
}

function starts(w: TimedWindow, durationMinutes: number, fromMs: number, toMs: number): Start[] {
  const p = parseSchedule(w.schedule, 'maintenance-window');
  if (!p.ok) return [];
  return occurrences(p.schedule, {
    timezone: w.timezone,
    offsetDays: w.offsetDays,
    from: new Date(fromMs),
    to: new Date(toMs),
  }).map((d) => ({ t: d.getTime(), usableMs: w.usableMinutes * 60_000, durationMs: durationMinutes * 60_000 }));
}

interface WindowRow {
  readonly label: string;
  readonly window: TimedWindow;
  readonly durationMinutes: number;
}

/** Distinct windows across the patched accounts: a ring shared by all is one row; an override gets its own. */
function windowRows(model: OrgModel, a: Assessment): WindowRow[] {
  const groups = new Map<
    string,
    { name: string; kind: string; window: TimedWindow; duration: number; accounts: string[] }
  >();
  const targets = a.inScope.filter((acct) => a.engine.isTarget(acct));
  for (const acct of targets) {
    const specs = [...ringWindows(model, acct), ...[expediteWindow(model, acct)].filter((x) => x !== undefined)];
    for (const spec of specs) {
      const window = timed(spec);
      const key = `${spec.kind}/${JSON.stringify(window)}/${spec.durationMinutes}`;
      const g = groups.get(key) ?? {
        name: spec.name,
        kind: spec.kind,
        window,
        duration: spec.durationMinutes,
        accounts: [],
      };
      g.accounts.push(acct.alias);
      groups.set(key, g);
    }
  }
  const byName = new Map<string, number>();
  for (const g of groups.values()) byName.set(g.name, (byName.get(g.name) ?? 0) + 1);
  return [...groups.values()]
    .sort(
      (x, y) =>
        (x.kind === y.kind ? 0 : x.kind === 'ring' ? -1 : 1) ||
        x.name.localeCompare(y.name) ||
        y.accounts.length - x.accounts.length ||
        x.accounts[0].localeCompare(y.accounts[0]),
    )
    .map((g) => {
      const who =
        byName.get(g.name)! > 1 || g.accounts.length < targets.length
          ? ` (${g.accounts.length > 3 ? `${g.accounts.length} accounts` : g.accounts.join(', ')})`
          : '';
      const label = g.kind === 'expedite' ? `expedite lane${who}` : `ring ${g.name}${who}`;
      return { label, window: g.window, durationMinutes: g.duration };
    });
}

interface Path {
  readonly release: number;
  readonly approved: number;
  readonly opens: number;
  readonly done: number;
}

/** Where in the month to draw the worst path for `t`: the consecutive starts with the longest wait that fit. */
function placePath(model: OrgModel, t: AccountTimeframe, fromMs: number, toMs: number): Path | undefined {
  if (!t.delay || !t.wait || !Number.isFinite(t.hours)) return undefined;
  const delayMs = t.delay.hours * MS_PER_HOUR;
  const specs = [
    ...ringWindows(model, t.account).filter((w) => w.name === t.ring),
    ...(t.windows!.includes('expedite') ? [expediteWindow(model, t.account)!] : []),
  ];
  const all = specs
    .flatMap((s) => starts(timed(s), s.durationMinutes, fromMs, toMs))
    .sort((x, y) => x.t - y.t || y.usableMs - x.usableMs);
  let best: Path | undefined;
  for (let i = 0; i + 1 < all.length; i++) {
    const a = all[i],
      b = all.slice(i + 1).find((x) => x.t > a.t);
    if (!b) break;
    const release = a.t - delayMs;
    if (release < fromMs || b.t + b.usableMs > toMs) continue;
    const path = { release, approved: a.t, opens: b.t, done: b.t + b.usableMs };
    if (!best || path.done - path.release > best.done - best.release) best = path;
  }
  if (best) return best;
  // The delay is longer than the month allows: start at the left edge and let the bars run off the right.
  const approved = fromMs + delayMs;
  const next = all.find((x) => x.t > approved);
  return next
    ? { release: fromMs, approved, opens: next.t, done: next.t + next.usableMs }
    : { release: fromMs, approved, opens: toMs, done: toMs };
}

/** The worst path over the year exactly as the engine found it: approved just after one start, installed by the next. */
function worstPath(t: AccountTimeframe): Path | undefined {
  const w = t.wait;
  if (!t.delay || !w?.gapFrom || !w.gapTo || !Number.isFinite(t.hours)) return undefined;
  return {
    release: w.gapFrom.getTime() - t.delay.hours * MS_PER_HOUR,
    approved: w.gapFrom.getTime(),
    opens: w.gapTo.getTime(),
    done: w.gapTo.getTime() + w.usableHours * MS_PER_HOUR,
  };
}

export function timelineSvg(model: OrgModel, a: Assessment, zone: string): string {
  const paths = EXPOSURES.flatMap((exposure) =>
    CLASSES.map((cls) => ({
      exposure,
      cls,
      t: a.exposureTimeframes.find((e) => e.exposure === exposure && e.cls === cls)!.worst,
    })),
  ).filter((p) => p.t !== undefined);
  // Draw the month that holds the worst cases (they usually cluster around a daylight-saving change), starting
  // on the day of the earliest release; a path that does not fit is drawn where it can and says where it is.
  const exact = paths.map((p) => worstPath(p.t!)).filter((p): p is Path => !!p);
  const start = exact.length
    ? DateTime.fromMillis(Math.min(...exact.map((p) => p.release)), { zone }).startOf('day')
    : DateTime.fromISO(a.asOf, { zone }).startOf('day');
  const end = start.plus({ months: 1 });
  const fromMs = start.toMillis(),
    toMs = end.toMillis();
  const x = (t: number) => LEFT + ((Math.min(Math.max(t, fromMs), toMs) - fromMs) / (toMs - fromMs)) * CW;
  const rows = windowRows(model, a);
  const pathTop = TOP + rows.length * ROW + 40;
  const height = pathTop + paths.length * (ROW + 8) + 70;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${height}" viewBox="0 0 ${W} ${height}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<rect width="${W}" height="${height}" fill="#ffffff"/>`);
  out.push(
    `<text x="10" y="20" font-size="14" font-weight="bold">${esc(`Maintenance windows and worst-case patch paths, ${start.toISODate()} to ${end.toISODate()} (${zone})`)}</text>`,
  );

  // Day grid: weekends shaded, a label per day, the month name on the first day shown and on each 1st.
  for (let d = start; d < end; d = d.plus({ days: 1 })) {
    const x0 = x(d.toMillis()),
      x1 = x(d.plus({ days: 1 }).toMillis());
    if (d.weekday >= 6)
      out.push(
        `<rect x="${f(x0)}" y="${TOP - 14}" width="${f(x1 - x0)}" height="${height - TOP - 40}" fill="#f4f4f4"/>`,
      );
    out.push(
      `<line x1="${f(x0)}" y1="${TOP - 14}" x2="${f(x0)}" y2="${height - 54}" stroke="#dddddd" stroke-width="0.5"/>`,
    );
    out.push(`<text x="${f((x0 + x1) / 2)}" y="${TOP - 18}" text-anchor="middle" fill="#555555">${d.day}</text>`);
    if (d.day === 1 || d.equals(start))
      out.push(`<text x="${f(x0 + 1)}" y="${TOP - 32}" fill="#555555">${esc(d.toFormat('MMMM yyyy'))}</text>`);
  }

  rows.forEach((r, i) => {
    const y = TOP + i * ROW;
    out.push(`<text x="10" y="${y + 12}">${esc(r.label)}</text>`);
    out.push(
      `<text x="10" y="${y + 25}" fill="#777777">${esc(`${r.window.schedule} ${r.window.timezone}${r.window.offsetDays ? ` +${r.window.offsetDays} d` : ''}, usable ${hours(r.window.usableMinutes / 60)} of ${hours(r.durationMinutes / 60)}`)}</text>`,
    );
    for (const s of starts(r.window, r.durationMinutes, fromMs, toMs)) {
      const x0 = x(s.t),
        xu = x(s.t + s.usableMs),
        x1 = x(s.t + s.durationMs);
      // A window of an hour or two is about a pixel wide at this scale: keep every window at least MIN_PX wide,
      // the part after the cutoff at least 1 px, so short windows stay visible.
      const wu = Math.max(xu - x0, MIN_PX - (x1 > xu ? 1 : 0));
      out.push(`<rect x="${f(x0)}" y="${y + 5}" width="${f(wu)}" height="${ROW - 10}" fill="#2b6cb0"/>`);
      if (x1 > xu)
        out.push(
          `<rect x="${f(x0 + wu)}" y="${y + 5}" width="${f(Math.max(x1 - xu, 1))}" height="${ROW - 10}" fill="#90cdf4"/>`,
        );
    }
  });

  out.push(
    `<text x="10" y="${pathTop - 12}" font-weight="bold">Worst-case patch path per exposure (release, approval, waiting, installing) against the deadline at ML${a.targetMaturity}</text>`,
  );
  paths.forEach(({ exposure, cls, t }, i) => {
    const y = pathTop + i * (ROW + 8);
    const deadline = deadlineAtTarget(a, exposure, cls);
    out.push(
      `<text x="10" y="${y + 11}">${esc(`${exposure}, ${CLASS_NAMES[cls]} (${t!.account.alias}${t!.os ? `, ${t!.os.os}` : ''})`)}</text>`,
    );
    const worst = worstPath(t!);
    const fits = !!worst && worst.release >= fromMs && worst.done <= toMs;
    const p = fits ? worst : placePath(model, t!, fromMs, toMs);
    const h = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} h` : 'unbounded');
    const day = (ms: number) => DateTime.fromMillis(ms, { zone }).toFormat('yyyy-MM-dd HH:mm');
    const here = fits
      ? ', drawn here'
      : worst
        ? `, from ${day(worst.release)} to ${day(worst.done)} (outside this month; drawn: ${h((p!.done - p!.release) / MS_PER_HOUR)})`
        : p
          ? `, drawn ${h((p.done - p.release) / MS_PER_HOUR)}`
          : '';
    out.push(
      `<text x="10" y="${y + 24}" fill="#555555">${esc(`worst over the year ${h(t!.hours)}${here}${deadline !== undefined ? `, deadline ${deadline} h` : ''}`)}</text>`,
    );
    if (!p) {
      const lane = isLaneTimeframe(t!)
        ? `exploit lane: ${t.lane.parts.map((q) => `${q.what} ${hours(q.hours)}`).join(' + ')}`
        : undefined;
      out.push(
        `<text x="${LEFT}" y="${y + 18}" fill="${lane ? '#555555' : '#c53030'}">${esc(lane ?? `unbounded: ${t!.reason ?? 'no window installs it'}`)}</text>`,
      );
      return;
    }
    const seg = (from: number, to: number, fill: string) =>
      to > from
        ? `<rect x="${f(x(from))}" y="${y + 6}" width="${f(Math.max(x(to) - x(from), MIN_PX))}" height="${ROW - 12}" fill="${fill}"/>`
        : '';
    out.push(
      seg(p.release, p.approved, '#a0aec0'),
      seg(p.approved, p.opens, '#ed8936'),
      seg(p.opens, p.done, '#38a169'),
    );
    out.push(`<circle cx="${f(x(p.release))}" cy="${y + ROW / 2}" r="3" fill="#1a202c"/>`);
    if (deadline !== undefined) {
      const due = p.release + deadline * MS_PER_HOUR;
      if (due <= toMs) {
        const xd = x(due);
        out.push(
          `<line x1="${f(xd)}" y1="${y + 2}" x2="${f(xd)}" y2="${y + ROW - 2}" stroke="#e53e3e" stroke-width="2" stroke-dasharray="3,2"/>`,
        );
        out.push(`<text x="${f(xd + 3)}" y="${y + 11}" fill="#e53e3e">${esc(limit(deadline))}</text>`);
      } else {
        out.push(
          `<text x="${W - RIGHT}" y="${y + 11}" text-anchor="end" fill="#e53e3e">${esc(`${limit(deadline)} deadline after ${end.toISODate()}`)}</text>`,
        );
      }
    }
  });

  const ly = height - 30;
  const legend: [string, string][] = [
    ['#2b6cb0', 'window, tasks may start'],
    ['#90cdf4', 'after cutoff'],
    ['#a0aec0', 'approval delay'],
    ['#ed8936', 'waiting for a window'],
    ['#38a169', 'installing'],
    ['#f4f4f4', 'weekend'],
  ];
  const LW = 150;
  legend.forEach(([fill, text], i) => {
    const lx = 10 + i * LW;
    out.push(
      `<rect x="${lx}" y="${ly}" width="14" height="10" fill="${fill}" stroke="#999999" stroke-width="0.5"/>`,
      `<text x="${lx + 20}" y="${ly + 9}">${esc(text)}</text>`,
    );
  });
  const rx = 10 + legend.length * LW;
  out.push(
    `<circle cx="${rx + 7}" cy="${ly + 5}" r="3" fill="#1a202c"/>`,
    `<text x="${rx + 20}" y="${ly + 9}">release</text>`,
  );
  out.push(
    `<line x1="${rx + 90}" y1="${ly}" x2="${rx + 90}" y2="${ly + 10}" stroke="#e53e3e" stroke-width="2" stroke-dasharray="3,2"/>`,
    `<text x="${rx + 96}" y="${ly + 9}">deadline</text>`,
  );
  out.push('</svg>');
  return out.filter(Boolean).join('\n') + '\n';
}
