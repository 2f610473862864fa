// Image factory references and limits: accounts, regions and OUs; the component documents the
// pipelines name; sharing, schedules, retention and names as EC2 Image Builder accepts them.
import { didYouMeanTimeZone } from '../suggest';
import { existsSync, readFileSync, statSync } from 'fs';
import { resolve } from 'path';
import { ASSESSMENT_DAYS, assessmentStart } from '../../compliance/timeframes';
import {
  isArmInstanceType,
  MAX_COMPONENT_DOCUMENT_CHARS,
  MAX_LIFECYCLE_AGE_DAYS,
  MAX_RETAIN_WITH_AGE_RULE,
  osFamily,
} from '../../aws/image-builder';
import { componentFileKey } from '../../naming';
import {
  earlyPatchTuesdayRuns,
  isIanaTimezone,
  parseSchedule,
  PATCH_TUESDAY_ZONE,
  type Schedule,
} from '../../schedule';
import { SourceFile } from '../source';
import type { Pipeline } from '../profile.generated';
import type { Check, CheckContext } from './context';
import { DateTime } from 'luxon';
import { DEFAULT_TIMEZONE } from '../../model/defaults';

/** Reads an AWSTOE component document and reports what stops Image Builder from accepting it. */
function checkComponentFile(ctx: CheckContext, path: (string | number)[], rel: string): void {
  const abs = resolve(ctx.baseDir, rel);
  if (!existsSync(abs) || !statSync(abs).isFile()) {
    ctx.report(path, `component file "${rel}" does not exist (looked for ${abs})`);
    return;
  }
  const text = readFileSync(abs, 'utf8');
  ctx.documents.set(abs, text);
  if (text.length > MAX_COMPONENT_DOCUMENT_CHARS) {
    ctx.report(
      path,
      `component file "${rel}" has ${text.length} characters; Image Builder takes inline documents of at most ${MAX_COMPONENT_DOCUMENT_CHARS}`,
    );
    return;
  }
  const src = new SourceFile(abs, text);
  if (src.doc.errors.length) {
    for (const e of src.doc.errors) {
      const { line, col } = src.pos(e.pos[0]);
      ctx.diagnostics.push({
        file: abs,
        line,
        col,
        path: '(component)',
        message: `not valid YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`,
        severity: 'error',
      });
    }
    return;
  }
  const doc = src.doc.toJS({ maxAliasCount: 100 }) as Record<string, unknown> | null;
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    ctx.diagnostics.push(src.diag([], 'a component document must be a map with name, schemaVersion and phases'));
    return;
  }
  for (const key of ['name', 'schemaVersion', 'phases']) {
    if (doc[key] === undefined) ctx.diagnostics.push(src.diag([key], `component document is missing "${key}"`));
  }
  if (doc.phases !== undefined && (!Array.isArray(doc.phases) || doc.phases.length === 0)) {
    ctx.diagnostics.push(src.diag(['phases'], 'phases must be a non-empty list'));
  }
}

/** AWS-managed component names carry their platform (update-linux, stig-build-windows-high, reboot-test-linux). */
function checkManagedComponent(ctx: CheckContext, path: (string | number)[], name: string, os: string): void {
  const tokens = name.split('-');
  const other = osFamily(os) === 'windows' ? 'linux' : 'windows';
  if (tokens.includes(other))
    ctx.report(
      path,
      `"${name}" is a ${other === 'linux' ? 'Linux' : 'Windows'} component, but this pipeline builds ${os}`,
    );
}

/**
 * Managed image names: amazon-linux-2023-x86, optionally with a version filter. Image Builder takes
 * wildcards only from the right (x.x.x, 2024.x.x, 2024.1.x) or a fixed version (2024.1.0).
 */
const MANAGED_IMAGE_NAME = /^[a-z0-9][a-z0-9-]*[a-z0-9](\/(x\.x\.x|\d+\.x\.x|\d+\.\d+\.x|\d+\.\d+\.\d+))?$/;

const local = (d: Date, zone: string) => DateTime.fromJSDate(d, { zone }).toFormat('yyyy-MM-dd HH:mm ZZ');

/**
 * A Windows pipeline whose monthly `#n` cron runs after Patch Tuesday in some months and before it in
 * others (WED#2 in months that start on a Wednesday): a warning at the cron, naming the first such month.
 */
function checkPatchTuesday(ctx: CheckContext, path: (string | number)[], p: Pipeline, schedule: Schedule): void {
  if (osFamily(p.os) !== 'windows') return;
  const zone = p.schedule.timezone ?? DEFAULT_TIMEZONE;
  if (!isIanaTimezone(zone)) return;
  const early = earlyPatchTuesdayRuns(schedule, zone, assessmentStart(ctx.asOf), ASSESSMENT_DAYS);
  if (!early.length) return;
  const first = early[0];
  const days = (a: Date, b: Date) => ((b.getTime() - a.getTime()) / 86_400_000).toFixed(1);
  const months = early
    .map((w) => DateTime.fromJSDate(w.release, { zone: PATCH_TUESDAY_ZONE }).toFormat('LLLL yyyy'))
    .join(', ');
  ctx.report(
    [...path, 'schedule', 'cron'],
    `runs before Patch Tuesday in ${months}: ${local(first.earlyRun!, zone)} is ${days(first.earlyRun!, first.release)} days before Microsoft's release (${local(first.release, PATCH_TUESDAY_ZONE)}), ` +
      `so that month's updates wait ${first.next ? days(first.release, first.next) : 'unbounded'} days for the next build. AWS cron cannot say "the day after the second Tuesday": build weekly (e.g. WED) or accept the delay in the evidence report`,
    { severity: 'warning' },
  );
}

function checkPipeline(
  ctx: CheckContext,
  path: (string | number)[],
  p: Pipeline,
  factoryAccount: string,
  buildRegion: string,
  instanceTypes: readonly string[],
): void {
  // Components: managed names by platform, documents by file, one document per file key.
  const documents = new Map<string, string>();
  for (const list of ['components', 'tests'] as const) {
    (p[list] ?? []).forEach((c, i) => {
      if (c.aws !== undefined) checkManagedComponent(ctx, [...path, list, i, 'aws'], c.aws, p.os);
      if (c.file === undefined) return;
      checkComponentFile(ctx, [...path, list, i, 'file'], c.file);
      const key = componentFileKey(c.file);
      const other = documents.get(key);
      const abs = resolve(ctx.baseDir, c.file);
      if (other !== undefined && other !== abs) {
        ctx.report(
          [...path, list, i, 'file'],
          `"${c.file}" and another component file of this pipeline both become component "${key}"; rename one`,
        );
      }
      documents.set(key, abs);
    });
  }

  if (osFamily(p.os) === 'windows' && p.architecture === 'arm64')
    ctx.report([...path, 'architecture'], 'Windows Server images are x86_64 only');
  if (p.parentImage.name !== undefined && !MANAGED_IMAGE_NAME.test(p.parentImage.name)) {
    ctx.report(
      [...path, 'parentImage', 'name'],
      `"${p.parentImage.name}" is not an Image Builder image name such as amazon-linux-2023-x86 or amazon-linux-2023-x86/x.x.x`,
    );
  }
  if (p.rootVolume?.deviceName !== undefined && !/^\/dev\/[a-z0-9]+$/.test(p.rootVolume.deviceName)) {
    ctx.report(
      [...path, 'rootVolume', 'deviceName'],
      `device name must look like /dev/xvda or /dev/sda1, found "${p.rootVolume.deviceName}"`,
    );
  }
  if (instanceTypes.length && !instanceTypes.some((t) => isArmInstanceType(t) === (p.architecture === 'arm64'))) {
    ctx.report(
      [...path, 'architecture'],
      `none of imageFactory.instanceTypes is an ${p.architecture} type, so this pipeline has nothing to build on`,
    );
  }

  const s = p.schedule;
  const parsed = parseSchedule(s.cron, 'image-pipeline');
  if (!parsed.ok) ctx.report([...path, 'schedule', 'cron'], parsed.message);
  if (s.timezone !== undefined && !isIanaTimezone(s.timezone))
    ctx.report(
      [...path, 'schedule', 'timezone'],
      `"${s.timezone}" is not an IANA time zone such as Australia/Sydney${didYouMeanTimeZone(s.timezone)}`,
    );
  else if (parsed.ok) checkPatchTuesday(ctx, path, p, parsed.schedule);

  // Distribution: organization regions, the build region included; sharing inside the organization.
  const d = p.distribution;
  const dist = [...path, 'distribution'];
  d.regions.forEach((r, i) => ctx.region([...dist, 'regions', i], r));
  if (!d.regions.includes(buildRegion)) {
    ctx.report(
      [...dist, 'regions'],
      `must include the build region ${buildRegion}: the image is created there, and its key and sharing are set per region`,
    );
  }
  d.shareWith?.organizationalUnits?.forEach((ou, i) => ctx.ou([...dist, 'shareWith', 'organizationalUnits', i], ou));
  d.shareWith?.accounts?.forEach((a, i) => {
    if (ctx.account([...dist, 'shareWith', 'accounts', i], a) && a === factoryAccount) {
      ctx.report(
        [...dist, 'shareWith', 'accounts', i],
        `"${a}" is the image factory account; it owns the images already`,
      );
    }
  });
  d.copyTo?.forEach((a, i) => {
    const at = [...dist, 'copyTo', i];
    if (!ctx.account(at, a)) return;
    if (a === factoryAccount) {
      ctx.report(at, `"${a}" is the image factory account; it owns the images already`);
      return;
    }
    const own = ctx.accounts.get(a)!.regions;
    const missing = own ? d.regions.filter((r) => !own.includes(r)) : [];
    if (missing.length)
      ctx.report(
        at,
        `account "${a}" does not use ${missing.join(', ')} (its regions: ${own!.join(', ')}), but copies go to every distribution region`,
      );
  });
  if (d.parameter !== undefined && /^\/(aws|ssm)/i.test(d.parameter)) {
    ctx.report([...dist, 'parameter'], 'SSM parameter names may not begin with aws or ssm (reserved by AWS)');
  }

  // Retention as Image Builder lifecycle rules express it.
  const r = p.retention;
  const ret = [...path, 'retention'];
  const ageRule = r.deprecateAfterDays !== undefined || r.deleteAfterDays !== undefined;
  if (ageRule && r.keepLatest > MAX_RETAIN_WITH_AGE_RULE) {
    ctx.report(
      [...ret, 'keepLatest'],
      `with deprecateAfterDays or deleteAfterDays, Image Builder keeps at most ${MAX_RETAIN_WITH_AGE_RULE} images (found ${r.keepLatest})`,
    );
  }
  if (
    r.deprecateAfterDays !== undefined &&
    r.deleteAfterDays !== undefined &&
    r.deleteAfterDays <= r.deprecateAfterDays
  ) {
    ctx.report(
      [...ret, 'deleteAfterDays'],
      `images would be deleted (after ${r.deleteAfterDays} days) before or when they are deprecated (after ${r.deprecateAfterDays} days)`,
    );
  }
  // Deletion defaults to twice the deprecation age, within Image Builder's 1000 days; at 1000 there is no room.
  if (r.deprecateAfterDays === MAX_LIFECYCLE_AGE_DAYS && r.deleteAfterDays === undefined) {
    ctx.report(
      [...ret, 'deprecateAfterDays'],
      `pipeline images are deprecated after ${MAX_LIFECYCLE_AGE_DAYS} days and never deleted: deprecated images stay shared and launchable by ID. Deprecate earlier so they are deleted at twice that age, or set deleteAfterDays`,
      { severity: 'warning' },
    );
  }
}

export const checkImageFactory: Check = (ctx) => {
  const f = ctx.profile.imageFactory;
  if (!f) return;
  const base = ['imageFactory'];
  ctx.account([...base, 'account'], f.account);
  ctx.region([...base, 'buildRegion'], f.buildRegion);
  const parameters = new Map<string, string>();
  for (const [name, p] of Object.entries(f.pipelines)) {
    const path = [...base, 'pipelines', name];
    checkPipeline(ctx, path, p, f.account, f.buildRegion, f.instanceTypes ?? []);
    const param = p.distribution.parameter;
    if (param === undefined) continue;
    const other = parameters.get(param);
    if (other) ctx.report([...path, 'distribution', 'parameter'], `pipeline "${other}" already publishes ${param}`);
    else parameters.set(param, name);
  }
};
