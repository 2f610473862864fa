// The evidence report and timeline, and compliance.enforce in process (the report verb and enforcement in the
// CLI and the cdktf app: e2e/compliance-report.test.ts).
import { mkdtempSync, readFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { ComplianceNotMet, enforceCompliance } from '../src/cli/profile-arg';
import { renderEvidence, TIMELINE_FILE, writeEvidence } from '../src/compliance/report';
import {
  ACME,
  acmeCorrected,
  AS_OF,
  DEFAULT_PROFILE,
  editedCopy,
  loadModel,
  replaceOnce,
  ROOT,
} from './support/profiles';

// Acme's report is the contract's own: its figures come from the corrected contract in ../shared, not the copy.
const CONTRACT = acmeCorrected();
const acme = renderEvidence(loadModel(CONTRACT));
const md = acme.markdown;
const tmp = () => mkdtempSync(join(tmpdir(), 'patchline-evidence-'));
const noLane = (t: string) =>
  t.replace(/  # Every night, across all rings[\s\S]*?reboot: if-needed\n  scan:/, '  scan:');

describe('Acme evidence report as of 2026-11-24', () => {
  test('states the headline worst cases against the ISM deadlines', () => {
    expect(md).toContain(
      '| internet-facing | critical or exploited | 26.0 h | payments-prod | AMAZON_LINUX_2023 | ring canary + nightly expedite lane | ISM-1877 (ML1–ML3) ≤ 48 h: within |',
    );
    expect(md).toContain(
      '| internet-facing | other | 292.0 h (12.2 days) | payments-prod | AMAZON_LINUX_2023 | ring production | ISM-1694 (ML1–ML3) ≤ 2 weeks (336 h): within |',
    );
    for (const exposure of ['internal', 'workstation']) {
      expect(md).toMatch(
        new RegExp(
          `\\| ${exposure} \\| critical or exploited \\| 172\\.0 h \\(7\\.2 days\\) \\|.*ISM-1695 \\(ML1–ML2\\) ≤ 1 month \\(720 h\\): within, ISM-1696 \\(ML3\\) ≤ 48 h: \\*\\*exceeded\\*\\* \\|`,
        ),
      );
      expect(md).toMatch(
        new RegExp(
          `\\| ${exposure} \\| other \\| 292\\.0 h \\(12\\.2 days\\) \\|.*ISM-1695 \\(ML1–ML2\\) ≤ 1 month \\(720 h\\): within`,
        ),
      );
    }
  });

  test('ML2 met; ML3 not met, with the reasons, and the drivers/firmware controls not claimed', () => {
    expect(md).toContain('**Maturity level reached: ML2** (target ML2: met).');
    expect(md).toContain('- ML2: met.');
    expect(md).toContain(
      '- ML3: **not met**: ISM-1696 not met (critical or exploited: worst case 172.0 h (7.2 days) > 48 h (shared-services, AMAZON_LINUX_2023)); ISM-1703, ISM-1900, ISM-1879, ISM-1697, ISM-1903, ISM-1904 cannot be assessed by this tool (drivers and firmware), so ML3 is not claimed for them.',
    );
    expect(md).toMatch(/\| ISM-1703 \| ML3 \| .* \| not assessable by this tool \|/);
    expect(md).not.toMatch(/\| ISM-1703 \| ML3 \| .* \| met/);
  });

  test('lists the exemption with its review due date; not needed, it reads "met; EXC-2026-014 covers …"', () => {
    expect(md).toContain(
      '| EXC-2026-014 | Payments HSM bridge stays on Windows Server 2016 | legacy-system | account payments-prod, instances tagged app=hsm-bridge | unsupported-os, patch-timeframe | high | ciso@acme.example | 2026-10-01 | 2027-03-31 | 2027-03-30 | active |',
    );
    expect(md).toContain('Exemptions: EXC-2026-014 (active, review due 2027-03-30, expires 2027-03-31).');
    expect(md).toMatch(
      /\| ISM-1877 \| ML1–ML3 \| .* \| met; EXC-2026-014 covers account payments-prod, instances tagged app=hsm-bridge \|/,
    );
    expect(md).not.toMatch(/\| met only by exemption/);
    expect(md).toContain(
      '- exemption EXC-2026-014 covers account payments-prod, instances tagged app=hsm-bridge (patch-timeframe); not needed, met without it',
    );
  });

  test('the sections an assessor looks for, and the DST-crossing gap spelled out', () => {
    const headings = md.split('\n').filter((l) => l.startsWith('#'));
    expect(headings).toEqual([
      '# Patch operating systems: Essential Eight evidence',
      '## Summary',
      '## Standardized image creation',
      '## Image and runtime scanning',
      '## Patching',
      '### Patch baselines',
      '### Rings and the expedite lane',
      '### Worst-case time to patch',
      '#### Per operating system',
      '## Coverage',
      '## Exemptions register',
      '## Maturity assessment',
      '### Findings per requirement',
      '## Method and assumptions',
    ]);
    expect(md).toContain(
      'wait 169.0 h (7.0 days) from 2027-04-03 02:00 +11:00 to 2027-04-10 02:00 +10:00 + production window 3.0 h',
    );
    expect(md).toContain('| data-platform-prod | 777777777777 | internal | yes | canary, production | P I |  |');
    expect(md).toContain(
      '| payments-prod | 444444444444 | internet-facing | yes | canary, production | P E I | P E I |',
    );
    expect(md).toContain('Out of scope: management, audit');
    // Rate control as a stated assumption per ring and lane: 20% in 4h - 1h = 5 waves of at most 36m; the lane's
    // 10% in 2h - 1h (30m cutoff rounded up) = 10 waves of at most 6m.
    expect(md).toContain(
      "| production | cron(0 2 ? * SAT *) | Australia/Sydney | – | 4h | 1h | 20% | 5% | if-needed | instances tagged with the ring | 20% at a time in 3h usable: 5 waves, each instance's run at most 36m (assumed: no expectedRunTime given) |",
    );
    expect(md).toContain(
      "10% at a time in 1h usable: 10 waves, each instance's run at most 6m (assumed: no expectedRunTime given) |",
    );
    // Exposure × OS, with why each OS is there and which one sets the worst case.
    expect(md).toContain(
      '| internal | UBUNTU | critical or exploited | 172.0 h (7.2 days) **slowest** | shared-services | approval 0.0 h (ubuntu) + wait 169.0 h (7.0 days) from 2027-04-03 02:00 +11:00 to 2027-04-10 02:00 +10:00 + production window 3.0 h | Patch Manager cannot select Ubuntu/Debian updates by severity; the expedite rules select every security update (all priorities and sections), so the lane installs them all; no expedite lane in this exposure; baseline ubuntu in force, pipeline ubuntu-2404-base builds its images here |',
    );
    expect(md).toContain('| internet-facing | WINDOWS | other | 292.0 h (12.2 days) **slowest** | payments-prod |');
    expect(md).toContain(`![One month of maintenance windows and the worst-case patch paths](${TIMELINE_FILE})`);
  });

  test("no dates but the as-of date and the profile's own; fixed decimals", () => {
    const dates = new Set(md.match(/\b20\d\d-\d\d-\d\d\b/g));
    const profileDates = new Set(readFileSync(CONTRACT, 'utf8').match(/\b20\d\d-\d\d-\d\d\b/g));
    const lifecycle = new Set(
      readFileSync(join(ROOT, 'src/compliance/os-lifecycle.ts'), 'utf8').match(/\b20\d\d-\d\d-\d\d\b/g),
    );
    // Window instants of the worst gaps are computed from the schedules: allow 2027 dates from them, and the
    // golden-image delay's (the Windows pipeline's longest gap, and September's early run, release and next build).
    const unexplained = [...dates].filter(
      (d) =>
        d !== AS_OF &&
        !profileDates.has(d) &&
        !lifecycle.has(d) &&
        !/^2027-(03-30|04-0[2-9]|04-10|03-10|04-14|09-08|09-14|10-13)$/.test(d),
    );
    expect(unexplained).toEqual([]);
    expect(md).not.toMatch(/\d\.\d{2,} h/);
  });

  test('the timeline says where a worst case is when it falls outside the month drawn', () => {
    // A lane only from January to June: the critical worst case is production's first week with no lane, Sat
    // 2026-11-28 02:00 AEDT to Sat 2026-12-05 02:00 + 3 h = 171 h, so that month is drawn; the other patches'
    // worst cases stay at the April fall back: release 2027-03-29 02:00 (5 days before Sat 04-03 02:00 AEDT),
    // installed by 2027-04-10 05:00 AEST (292 h), and are labelled with where they are.
    const svg = renderEvidence(
      loadModel(
        editedCopy(CONTRACT, (t) => replaceOnce(t, 'schedule: cron(0 22 * * ? *)', 'schedule: cron(0 22 * 1-6 ? *)')),
      ),
    ).svg;
    expect(svg).toContain('2026-11-28 to 2026-12-28 (Australia/Sydney)');
    expect(svg).toContain('worst over the year 171.0 h, drawn here, deadline 48 h');
    expect(svg).toContain(
      'worst over the year 292.0 h, from 2027-03-29 02:00 to 2027-04-10 05:00 (outside this month; drawn: 291.0 h), deadline 336 h',
    );
  });

  test('the timeline: one row per distinct window, a path per exposure and class with its deadline, one-decimal coordinates', () => {
    const svg = acme.svg;
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    // The month drawn holds the worst cases (around the April 2027 fall back), from the earliest release's day.
    expect(svg).toContain('2027-03-29 to 2027-04-29 (Australia/Sydney)');
    for (const label of ['ring canary', 'ring production', 'expedite lane (payments-prod, website-prod)'])
      expect(svg).toContain(`>${label}</text>`);
    expect(svg).toContain('>internet-facing, critical or exploited (payments-prod, AMAZON_LINUX_2023)</text>');
    expect(svg).toContain('worst over the year 26.0 h, drawn here, deadline 48 h');
    expect(svg).toContain('worst over the year 292.0 h, drawn here, deadline 336 h');
    // The release dot is in the legend, and short windows stay visible (an hour is ~1.2 px at this scale).
    expect(svg).toContain('<text x="930" y="471">release</text>');
    expect(svg).toContain('<circle cx="917" cy="467" r="3" fill="#1a202c"/>');
    // Window starts (the legend's swatch has a stroke): the 1 h-usable lane is 2 px of blue + 1.2 px after cutoff.
    const widths = svg.match(/<rect [^>]*fill="#2b6cb0"\/>/g)!.map((r) => Number(/width="([^"]+)"/.exec(r)![1]));
    expect(Math.min(...widths)).toBe(2);
    expect(svg.match(/stroke-dasharray/g)!.length).toBeGreaterThanOrEqual(2); // 48 h and 2-week deadlines fall in the month
    // 2027-03-29 to 2027-04-29: canary Wednesdays 31 Mar to 28 Apr (5), production Saturdays 3 to 24 Apr (4),
    // the 22:00 lane every night 29 Mar to 28 Apr (31).
    const blue = (svg.match(/fill="#2b6cb0"\/>/g) ?? []).length;
    expect(blue).toBe(5 + 4 + 31);
    for (const n of svg.match(/\b(?:x|y|width|x1|x2|y1|y2|cx)="([^"]+)"/g)!) expect(n).toMatch(/="-?\d+(\.\d)?"/);
  });

  test('same input and as-of: byte-identical', () => {
    const again = renderEvidence(loadModel(CONTRACT));
    expect(again.markdown).toBe(md);
    expect(again.svg).toBe(acme.svg);
  });

  test('reordering accounts, rings and baselines changes nothing but the profile name and hash', () => {
    const shuffled = editedCopy(CONTRACT, (t) => {
      const swap = (text: string, a: RegExp, b: RegExp) => {
        const [x, y] = [text.match(a)![0], text.match(b)![0]];
        return text.replace(x, '\u0000').replace(y, x).replace('\u0000', y);
      };
      let out = swap(t, /    management: \{[^\n]*\n/, /    corp-desktops: \{[^\n]*\n/);
      out = swap(out, /    canary:\n(?: {6}[^\n]*\n)+/, /    production:\n(?: {6}[^\n]*\n)+/);
      return swap(out, /    amazon-linux-2023:\n(?: {6,}[^\n]*\n)+/, /    windows:\n(?: {6,}[^\n]*\n)+/);
    });
    const other = renderEvidence(loadModel(shuffled));
    const body = (text: string) => text.replace(/profile `[^`]+` \(sha256 `[0-9a-f]+`\)/, 'profile');
    expect(body(other.markdown)).toBe(body(md));
    expect(other.svg).toBe(acme.svg);
  });
});

describe('report verb', () => {
  test('the report is written even when the target is missed (it never enforces)', () => {
    const dir = tmp();
    const { files, assessment } = writeEvidence(loadModel(editedCopy(ACME, noLane)), join(dir, 'bad'));
    expect(assessment.achieved).toBe(0);
    expect(readFileSync(files[0], 'utf8')).toContain('**Maturity level reached: none** (target ML2: **not met**).');
  });

  test('the package script exists', () => {
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts.report).toBe(
      'node bin/patchline.js report',
    );
  });
});

describe('compliance.enforce', () => {
  test('enforce: false lets the profile through', () => {
    const bad = loadModel(editedCopy(ACME, (t) => noLane(t).replace('  enforce: true', '  enforce: false')));
    expect(() => enforceCompliance(bad)).not.toThrow();
    const enforced = loadModel(editedCopy(ACME, noLane));
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => enforceCompliance(enforced)).toThrow(ComplianceNotMet);
      expect(stderr).toHaveBeenCalledWith(
        expect.stringMatching(/patching\.rings\.\S+ {2}ISM-1877 \(ML2\) is not met for account payments-prod/),
      );
    } finally {
      stderr.mockRestore();
    }
  });

  test('the default profile and Acme meet their own targets', () => {
    for (const p of [DEFAULT_PROFILE, ACME]) expect(() => enforceCompliance(loadModel(p))).not.toThrow();
  });
});
