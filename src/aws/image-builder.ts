// EC2 Image Builder facts that both the profile checks and the stacks rely on.

/** Graviton (arm64) instance types: a1, and families with a `g` after the generation (m7g, c6gn, im4gn, x2gd). */
export const isArmInstanceType = (type: string) => /^(a1|[a-z]+\d+g[a-z]*)\./.test(type);

/** Windows or Linux, from the profile's os. */
export const osFamily = (os: string): 'windows' | 'linux' => (os.startsWith('windows-') ? 'windows' : 'linux');

/** Root device of images by OS family: Amazon Linux uses /dev/xvda, the others /dev/sda1. */
export const defaultRootDevice = (os: string) => (os.startsWith('amazon-linux') ? '/dev/xvda' : '/dev/sda1');

/** Image Builder takes inline component documents of at most this many characters. */
export const MAX_COMPONENT_DOCUMENT_CHARS = 16_000;

/** Lifecycle age rules retain at most this many images (retainAtLeast 1-10). */
export const MAX_RETAIN_WITH_AGE_RULE = 10;

/** Lifecycle age filters and last-launched exclusions count at most this many days. */
export const MAX_LIFECYCLE_AGE_DAYS = 1000;

/** Images whose AMI launched an instance within this many days are never deleted, unless the profile says otherwise. */
export const DEFAULT_KEEP_LAUNCHED_WITHIN_DAYS = 30;

/** Build time bound (hours) when the profile states none: the image test timeout Patchline sets (720 minutes). */
export const DEFAULT_MAX_BUILD_HOURS = 12;

export interface EffectiveRetention {
  readonly keepLatest: number;
  readonly deprecateAfterDays?: number;
  readonly deleteAfterDays?: number;
  /** deleteAfterDays was not in the profile: twice the deprecation age. */
  readonly deleteDefaulted: boolean;
  readonly keepLaunchedWithinDays: number;
}

/**
 * A pipeline's retention with Patchline's defaults. Deprecation alone never ends an image's life
 * (deprecated AMIs stay shared and launchable by ID), so with deprecateAfterDays and no
 * deleteAfterDays the image is deleted at twice the deprecation age, capped at Image Builder's
 * 1000 days; at a deprecation age of 1000 there is no room left, and the profile check warns.
 */
export function effectiveRetention(r: {
  keepLatest: number;
  deprecateAfterDays?: number;
  deleteAfterDays?: number;
  keepLaunchedWithinDays?: number;
}): EffectiveRetention {
  const d = r.deprecateAfterDays;
  const defaulted = r.deleteAfterDays === undefined && d !== undefined && d < MAX_LIFECYCLE_AGE_DAYS;
  return {
    keepLatest: r.keepLatest,
    deprecateAfterDays: d,
    deleteAfterDays: r.deleteAfterDays ?? (defaulted ? Math.min(2 * d!, MAX_LIFECYCLE_AGE_DAYS) : undefined),
    deleteDefaulted: defaulted,
    keepLaunchedWithinDays: r.keepLaunchedWithinDays ?? DEFAULT_KEEP_LAUNCHED_WITHIN_DAYS,
  };
}
