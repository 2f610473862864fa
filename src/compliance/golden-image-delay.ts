// How long a vendor's new parent image takes to become a published golden AMI, per pipeline, from the
// pipeline's real schedule in its time zone over the assessment year.
//
//   worst case = longest gap between consecutive scheduled runs   (a new parent lands just after a run)
//              + the build time bound                            (schedule.maxBuildHours, default 12 h)
//
// Detection of a new parent (Image Builder API reference, Schedule.pipelineExecutionStartCondition): with
// EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE a run builds only when a dependency changed; a new value
// of an `ssm:` parent parameter and a new version of an AWS-managed image matching an `x` version filter
// both count. With EXPRESSION_MATCH_ONLY (onlyWhenUpdatesAvailable: false) every run builds regardless. A
// fixed AMI ID or a fixed managed-image version never changes, so a new vendor image never arrives: no bound.
//
// Windows: Microsoft releases on the second Tuesday, 10:00 Pacific. A build with the update-windows
// component installs that month's updates itself, so the delay from the release is the wait for the first
// run at or after it plus the build bound; without update-windows the updates arrive only with AWS's next
// patched Windows AMI, which Patchline cannot time ("not evidenced").
//
// A failed build publishes nothing: the parameter keeps the previous AMI, and the delay grows by one more gap.
import { osFamily } from '../aws/image-builder';
import type { OrgModel } from '../model';
import type { PipelineSpec } from '../model/image-factory';
import { occurrences, parseSchedule, releaseWaits, type ReleaseWait } from '../schedule';
import { ASSESSMENT_DAYS, assessmentStart } from './timeframes';

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;

export type ParentKind = 'ssm' | 'managed-image' | 'fixed';

export interface GoldenImageDelay {
  readonly pipeline: string;
  readonly timezone: string;
  /** The parent as the profile gives it. */
  readonly parent: string;
  readonly parentKind: ParentKind;
  /** Whether a newer parent image reaches a build at all. */
  readonly tracksNewParent: boolean;
  /** Every run builds (onlyWhenUpdatesAvailable: false), or only runs with a dependency update. */
  readonly everyRun: boolean;
  /** Longest gap between consecutive runs over the period, and the runs that bound it. */
  readonly gapHours: number;
  readonly gapFrom?: Date;
  readonly gapTo?: Date;
  /** Stated bound on one build, hours. */
  readonly buildHours: number;
  readonly buildHoursDefaulted: boolean;
  /** gap + build; Infinity when no new parent ever arrives or the schedule never runs. */
  readonly hours: number;
  /** Why hours is Infinity. */
  readonly reason?: string;
  /** Windows pipelines: from Microsoft's release to the published image. */
  readonly patchTuesday?: PatchTuesdayDelay;
}

export interface PatchTuesdayDelay {
  /** Worst release → published image (wait + build), hours; undefined when not evidenced. */
  readonly hours?: number;
  /** The release with the longest wait, and the run that picks it up. */
  readonly worst?: ReleaseWait;
  /** Releases whose month's run came before them. */
  readonly early: readonly ReleaseWait[];
  /** Why hours is undefined. */
  readonly notEvidenced?: string;
}

/** A managed-image name whose version filter ends in x (or has none: x.x.x) picks up new versions. */
const tracksVersions = (name: string) => !name.includes('/') || /\.x$/.test(name);

function parentOf(p: PipelineSpec): { text: string; kind: ParentKind; tracks: boolean } {
  const parent = p.parentSource;
  if (parent.ssm !== undefined) return { text: `ssm:${parent.ssm}`, kind: 'ssm', tracks: true };
  if (parent.name !== undefined) {
    const tracks = tracksVersions(parent.name);
    return {
      text: parent.name.includes('/') ? parent.name : `${parent.name}/x.x.x`,
      kind: tracks ? 'managed-image' : 'fixed',
      tracks,
    };
  }
  return { text: parent.ami ?? '', kind: 'fixed', tracks: false };
}

/** Longest gap between consecutive runs starting in [from, end), including the one after the last. */
function longestGap(runs: readonly number[], endMs: number): { hours: number; from?: number; to?: number } {
  let best = { hours: runs.length ? 0 : Infinity } as { hours: number; from?: number; to?: number };
  for (let i = 0; i < runs.length; i++) {
    if (runs[i]! >= endMs) break;
    const next = runs[i + 1];
    const gap = next === undefined ? Infinity : (next - runs[i]!) / MS_PER_HOUR;
    if (gap > best.hours) best = { hours: gap, from: runs[i], to: next };
  }
  return best;
}

export function goldenImageDelay(p: PipelineSpec, from: Date, days = ASSESSMENT_DAYS): GoldenImageDelay {
  const timezone = p.schedule.timezone;
  const parent = parentOf(p);
  const everyRun = !p.schedule.onlyWhenUpdatesAvailable;
  const buildHours = p.schedule.maxBuildHours;
  const base = {
    pipeline: p.key,
    timezone,
    parent: parent.text,
    parentKind: parent.kind,
    tracksNewParent: parent.tracks,
    everyRun,
    buildHours,
    buildHoursDefaulted: !p.schedule.maxBuildHoursStated,
  };
  const parsed = parseSchedule(p.schedule.cron, 'image-pipeline');
  if (!parsed.ok) return { ...base, gapHours: Infinity, hours: Infinity, reason: parsed.message };
  const fromMs = from.getTime();
  const endMs = fromMs + days * MS_PER_DAY;
  // Runs in the period plus the year after it: the first run after the period closes the last gap.
  const runs = occurrences(parsed.schedule, { timezone, from, to: new Date(endMs + 366 * MS_PER_DAY) }).map((d) =>
    d.getTime(),
  );
  const gap = longestGap(runs, endMs);
  const reason = !parent.tracks
    ? `the parent ${parent.text} is fixed: a new vendor image never reaches this pipeline (use an ssm: parent or a version filter ending in x)`
    : gap.hours === Infinity
      ? 'the schedule does not run again'
      : undefined;
  let patchTuesday: PatchTuesdayDelay | undefined;
  if (osFamily(p.os) === 'windows') {
    const waits = releaseWaits(parsed.schedule, timezone, from, days);
    const worst = waits.reduce<ReleaseWait | undefined>((w, x) => (!w || x.waitHours > w.waitHours ? x : w), undefined);
    const early = waits.filter((w) => w.earlyRun && !w.alsoRanAfter);
    const installs = p.components.some((c) => c.kind === 'managed' && c.name === 'update-windows');
    patchTuesday = installs
      ? {
          hours: worst ? worst.waitHours + buildHours : undefined,
          worst,
          early,
          notEvidenced: worst ? undefined : 'no release in the period',
        }
      : {
          early,
          notEvidenced:
            "no update-windows component: the build gets Microsoft's updates only with AWS's next patched Windows AMI, whose date Patchline cannot know",
        };
  }
  return {
    ...base,
    gapHours: gap.hours,
    gapFrom: gap.from !== undefined ? new Date(gap.from) : undefined,
    gapTo: gap.to !== undefined ? new Date(gap.to) : undefined,
    hours: reason ? Infinity : gap.hours + buildHours,
    reason,
    patchTuesday,
  };
}

/** Every pipeline of the profile, sorted by name, over the assessment year from the as-of date. */
export function goldenImageDelays(model: OrgModel): GoldenImageDelay[] {
  const from = assessmentStart(model.asOf);
  return (model.imageFactory?.pipelines ?? []).map((p) => goldenImageDelay(p, from));
}
