// The observed report as Markdown (for the assessor), JSON (for tools) and an SVG picture: per exposure and patch
// class, the deadline, the designed worst case, the measured time to remediate and the oldest open item.
import { mkdirSync, renameSync, writeFileSync } from 'fs';
import { join } from 'path';
import { CLASS_NAMES } from '../../compliance/assess';
import { cell, hours } from '../../compliance/format';
import type { Observed } from './analyse';

export const OBSERVED_FILES = {
  markdown: 'observed-evidence.md',
  json: 'observed-evidence.json',
  svg: 'observed-evidence.svg',
} as const;

const h = (x?: number) => (x === undefined ? '–' : hours(Math.round(x)));
const where = (x: { accountId: string; region: string; instanceId: string }) =>
  `${x.accountId} ${x.region} ${x.instanceId}`;
const MAX_ROWS = 200;

function table(header: string[], rows: string[][], total = rows.length): string[] {
  if (!rows.length) return ['None.', ''];
  const shown = rows.slice(0, MAX_ROWS);
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...shown.map((r) => `| ${r.map(cell).join(' | ')} |`),
    ...(total > shown.length
      ? [`| … ${total - shown.length} more in the JSON report |${' |'.repeat(header.length - 1)}`]
      : []),
    '',
  ];
}

export function markdown(o: Observed): string {
  const late = o.open.filter((x) => x.late);
  const out = [
    `# Observed evidence: patch operating systems (Essential Eight ${o.edition}, target ML${o.targetMaturity})`,
    '',
    `As of ${o.asOf}, over the last ${o.periodDays} days, from ${o.source}: ${o.objects} objects, ${o.records} records, ${o.instances} instances.`,
    `**${o.breaches ? `${o.breaches} breach${o.breaches === 1 ? '' : 'es'}` : 'No breaches'}** (late patches or findings, stale scans and unsupported operating systems that no exemption covers).`,
    '',
    '## Deadlines, designed and observed',
    '',
    'Deadlines are the tightest of the edition at the target level. Designed: the worst case the schedules allow (`patchline report`). Observed: findings Amazon Inspector closed in the period, time from first observed (p50 / p90 / max), and from vendor release where the finding carries it.',
    '',
    ...table(
      [
        'exposure',
        'class',
        'deadline',
        'designed worst case',
        'closed',
        'within deadline',
        'p50',
        'p90',
        'max',
        'p90 from release (n)',
        'oldest open',
      ],
      o.remediation.map((r) => {
        const oldest = Math.max(
          -1,
          ...o.open.filter((x) => x.exposure === r.exposure && x.cls === r.cls).map((x) => x.ageHours),
        );
        return [
          r.exposure,
          CLASS_NAMES[r.cls],
          h(r.deadlineHours),
          r.designedWorstHours === undefined
            ? 'no account'
            : Number.isFinite(r.designedWorstHours)
              ? h(r.designedWorstHours)
              : 'unbounded',
          String(r.count),
          String(r.withinDeadline),
          h(r.p50Hours),
          h(r.p90Hours),
          h(r.maxHours),
          r.fromReleaseCount ? `${h(r.fromReleaseP90Hours)} (${r.fromReleaseCount})` : 'not evidenced',
          oldest < 0 ? '–' : h(oldest),
        ];
      }),
    ),
    `## Open past the deadline (${late.length})`,
    '',
    'Age from vendor release where Inspector gives it, else from when the data first shows the item missing (say which: "basis").',
    '',
    ...table(
      [
        'exposure',
        'OS',
        'account',
        'instance',
        'source',
        'CVE or patch',
        'severity',
        'age',
        'deadline',
        'basis',
        'exemption',
      ],
      late.map((x) => [
        x.exposure,
        x.os,
        x.account ? `${x.account} (${x.accountId})` : `${x.accountId} (not in the profile)`,
        `${x.region} ${x.instanceId}`,
        x.source,
        x.id,
        x.severity,
        h(x.ageHours),
        h(x.deadlineHours),
        x.basis,
        x.exemptedBy ?? '–',
      ]),
    ),
    `## Scan freshness (${o.staleScans.length} stale)`,
    '',
    ...table(
      ['exposure', 'instance', 'newest scan by', 'age', 'required', 'exemption'],
      o.staleScans.map((x) => [
        x.exposure,
        where(x),
        x.scanner,
        h(x.ageHours),
        `every ${h(x.maxGapHours)}`,
        x.exemptedBy ?? '–',
      ]),
    ),
    `## Unknown: no data, never compliant (${o.unknown.length})`,
    '',
    ...table(
      ['instance', 'why'],
      o.unknown.map((x) => [where(x), x.detail]),
    ),
    `## Outside every ring (${o.outsideRings.length})`,
    '',
    ...table(
      ['instance', 'why'],
      o.outsideRings.map((x) => [where(x), x.detail]),
    ),
    `## Unsupported or unknown operating systems (${o.unsupportedOs.length})`,
    '',
    ...table(
      ['instance', 'operating system', 'exemption'],
      o.unsupportedOs.map((x) => [where(x), x.detail, x.exemptedBy ?? '–']),
    ),
    `## Gaps in the data`,
    '',
    ...table(
      ['patching account and region with no synced data'],
      o.gaps.map((g) => [g]),
    ),
    ...(o.unknownAccounts.length
      ? [`Accounts in the data but not in the profile: ${o.unknownAccounts.join(', ')}.`, '']
      : []),
    `## Unreadable objects (${o.malformed.length})`,
    '',
    'Counted and listed, never silently dropped; the usable records in them were still read.',
    '',
    ...table(
      ['key', 'problem'],
      o.malformed.map((m) => [m.key, m.reason]),
    ),
    '## Not evidenced',
    '',
    ...o.notEvidenced.map((n) => `- ${n}`),
    '',
  ];
  return out.join('\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One row per exposure and class: deadline (red line), designed worst case (blue tick), observed p50–p90 (green bar), oldest open item (orange dot). */
export function svg(o: Observed): string {
  const rows = o.remediation.filter((r) => r.deadlineHours !== undefined);
  const oldest = (r: (typeof rows)[number]) =>
    Math.max(-1, ...o.open.filter((x) => x.exposure === r.exposure && x.cls === r.cls).map((x) => x.ageHours));
  const finite = (x?: number) => (x !== undefined && Number.isFinite(x) ? x : 0);
  const maxH = Math.max(
    48,
    ...rows.flatMap((r) => [
      finite(r.deadlineHours) * 1.5,
      finite(r.designedWorstHours),
      finite(r.p90Hours),
      oldest(r),
    ]),
  );
  const W = 760,
    left = 230,
    right = 20,
    rowH = 34,
    top = 40;
  const x = (hv: number) => left + (Math.min(hv, maxH) / maxH) * (W - left - right);
  const H = top + rows.length * rowH + 40;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<text x="10" y="20" font-size="14">Observed vs deadline, as of ${esc(o.asOf)} (${o.periodDays} days; hours, capped at ${Math.round(maxH)})</text>`,
  ];
  rows.forEach((r, k) => {
    const y = top + k * rowH;
    parts.push(`<text x="10" y="${y + 18}">${esc(`${r.exposure}, ${CLASS_NAMES[r.cls]}`)}</text>`);
    parts.push(`<line x1="${left}" y1="${y + 26}" x2="${W - right}" y2="${y + 26}" stroke="#ddd"/>`);
    if (r.p50Hours !== undefined)
      parts.push(
        `<rect x="${x(r.p50Hours).toFixed(1)}" y="${y + 8}" width="${Math.max(1, x(r.p90Hours!) - x(r.p50Hours)).toFixed(1)}" height="12" fill="#4caf50"><title>closed p50–p90: ${h(r.p50Hours)}–${h(r.p90Hours)}</title></rect>`,
      );
    if (r.designedWorstHours !== undefined && Number.isFinite(r.designedWorstHours))
      parts.push(
        `<line x1="${x(r.designedWorstHours).toFixed(1)}" y1="${y + 4}" x2="${x(r.designedWorstHours).toFixed(1)}" y2="${y + 24}" stroke="#1565c0" stroke-width="3"><title>designed worst case ${h(r.designedWorstHours)}</title></line>`,
      );
    const old = oldest(r);
    if (old >= 0)
      parts.push(
        `<circle cx="${x(old).toFixed(1)}" cy="${y + 14}" r="5" fill="${old > r.deadlineHours! ? '#e65100' : '#ffb74d'}"><title>oldest open ${h(old)}</title></circle>`,
      );
    parts.push(
      `<line x1="${x(r.deadlineHours!).toFixed(1)}" y1="${y + 2}" x2="${x(r.deadlineHours!).toFixed(1)}" y2="${y + 26}" stroke="#c62828" stroke-width="2"><title>deadline ${h(r.deadlineHours)}</title></line>`,
    );
  });
  const ly = H - 14;
  parts.push(
    `<text x="10" y="${ly}"><tspan fill="#c62828">| deadline</tspan>  <tspan fill="#1565c0">| designed worst case</tspan>  <tspan fill="#4caf50">■ closed p50–p90</tspan>  <tspan fill="#e65100">● oldest open</tspan></text>`,
  );
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

/** Writes the three files (each complete or not at all) and returns their paths. */
export function writeObserved(o: Observed, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const files: [string, string][] = [
    [OBSERVED_FILES.markdown, markdown(o)],
    [OBSERVED_FILES.json, JSON.stringify(o, null, 2) + '\n'],
    [OBSERVED_FILES.svg, svg(o)],
  ];
  return files.map(([name, text]) => {
    const path = join(dir, name);
    writeFileSync(`${path}.tmp`, text);
    renameSync(`${path}.tmp`, path);
    return path;
  });
}
