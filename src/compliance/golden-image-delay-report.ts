// The golden-image delay as evidence-report blocks (Markdown), shown beside the OS currency controls.
import { DEFAULT_MAX_BUILD_HOURS } from '../aws/image-builder';
import type { OrgModel } from '../model';
import { PATCH_TUESDAY_ZONE } from '../schedule';
import { cell, hours, instant } from './format';
import { goldenImageDelays, type GoldenImageDelay } from './golden-image-delay';
import { ASSESSMENT_DAYS } from './timeframes';

const row = (cells: readonly string[]) => `| ${cells.map(cell).join(' | ')} |`;
const table = (head: readonly string[], rows: readonly (readonly string[])[]) =>
  [row(head), `|${head.map(() => '---').join('|')}|`, ...rows.map(row)].join('\n');

function detection(d: GoldenImageDelay): string {
  if (!d.tracksNewParent) return `fixed parent ${d.parent}: never`;
  const how = d.parentKind === 'ssm' ? `a new value of ${d.parent}` : `a new version matching ${d.parent}`;
  return d.everyRun
    ? `every scheduled run builds (onlyWhenUpdatesAvailable: false), so ${how} is in the next build`
    : `${how} is a dependency update: the next scheduled run builds`;
}

function patchTuesdayCell(d: GoldenImageDelay): string {
  const t = d.patchTuesday;
  if (!t) return '–';
  if (t.hours === undefined) return `not evidenced: ${t.notEvidenced}`;
  const w = t.worst!;
  return `${hours(t.hours)}: release ${instant(w.release, PATCH_TUESDAY_ZONE)}, next build ${w.next ? instant(w.next, d.timezone) : 'never'} + build ${hours(d.buildHours)}`;
}

/** Markdown blocks for the report's image section. */
export function goldenImageDelayBlocks(model: OrgModel): string[] {
  const delays = goldenImageDelays(model);
  if (!delays.length) return [];
  const rows = delays.map((d) => [
    d.pipeline,
    detection(d),
    d.gapHours === Infinity
      ? 'no further run'
      : `${hours(d.gapHours)} (${instant(d.gapFrom!, d.timezone)} to ${instant(d.gapTo!, d.timezone)})`,
    `${hours(d.buildHours)}${d.buildHoursDefaulted ? ' (default)' : ''}`,
    d.reason ? `unbounded: ${d.reason}` : hours(d.hours),
    patchTuesdayCell(d),
  ]);
  const blocks = [
    `Golden-image delay: the worst case from a vendor's new parent image to a published golden AMI = the longest gap between consecutive scheduled runs (real schedule in the pipeline's time zone, over the ${ASSESSMENT_DAYS} days from ${model.asOf}) + a stated bound on one build (\`schedule.maxBuildHours\`, default ${DEFAULT_MAX_BUILD_HOURS} h, the image test timeout). For Windows, the delay from Microsoft's release (the second Tuesday, 10:00 Pacific) to the first build at or after it, plus the build bound; the build installs that month's updates with update-windows.`,
    table(
      [
        'Pipeline',
        'New parent image reaches a build when',
        'Longest gap between runs',
        'Build bound',
        'Worst case',
        'From Patch Tuesday (Windows)',
      ],
      rows,
    ),
    'A failed build publishes nothing: the AMI ID parameter keeps the previous golden AMI until a later run succeeds, so each failed run adds one more gap to these figures.',
  ];
  for (const d of delays) {
    const early = d.patchTuesday?.early ?? [];
    if (!early.length) continue;
    blocks.push(
      `**${d.pipeline}** runs before Patch Tuesday in ${early.length} month${early.length === 1 ? '' : 's'} of the period: ${early.map((w) => `${instant(w.earlyRun!, d.timezone)} (release ${instant(w.release, PATCH_TUESDAY_ZONE)}; next build ${w.next ? instant(w.next, d.timezone) : 'never'})`).join('; ')}. That month's updates wait for the following month's build.`,
    );
  }
  return blocks;
}
