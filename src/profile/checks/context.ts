// What a semantic check sees: the schema-valid profile, and helpers that report positioned problems.
import type { Diagnostic, PathSegment, Severity } from '../diagnostics';
import type { PatchlineOrgProfile as Profile } from '../profile.generated';
import type { SourceFile } from '../source';
import { AWS_REGIONS, didYouMean } from '../suggest';

/** A name quoted for a message, shortened so a pasted megabyte never floods the terminal. */
export const quoted = (name: string) => `"${name.length > 64 ? name.slice(0, 64) + '…' : name}"`;

export class CheckContext {
  readonly diagnostics: Diagnostic[] = [];
  /** Component documents read while checking, by absolute path: the model takes them instead of reading again. */
  readonly documents = new Map<string, string>();
  readonly accounts: ReadonlyMap<string, { id: string; ou?: string; regions?: string[] }>;
  readonly ous: ReadonlySet<string>;
  readonly regions: ReadonlySet<string>;

  constructor(
    readonly profile: Profile,
    readonly src: SourceFile,
    /** Directory that relative paths in the profile resolve from. */
    readonly baseDir: string,
    /** Today, or the date fixed with --as-of (YYYY-MM-DD). */
    readonly asOf: string,
    /** Keys the schema found misspelt (e.g. organization.organizationalUnits): references to what they would
     * define are not reported again as unknown. */
    readonly misspelt: ReadonlySet<string> = new Set(),
  ) {
    const org = profile.organization;
    this.accounts = new Map(Object.entries(org.accounts));
    this.ous = new Set(Object.keys(org.organizationalUnits ?? {}));
    this.regions = new Set(org.regions);
  }

  report(path: readonly PathSegment[], message: string, opts: { key?: boolean; severity?: Severity } = {}): void {
    this.diagnostics.push(this.src.diag(path, message, opts));
  }

  /** Reports and returns false when `name` is not an account of the organization. */
  account(path: readonly PathSegment[], name: string | undefined): boolean {
    if (name === undefined || this.accounts.has(name)) return true;
    this.report(path, `unknown account ${quoted(name)}${didYouMean(name, this.accounts.keys())}`);
    return false;
  }

  ou(path: readonly PathSegment[], name: string | undefined): boolean {
    if (name === undefined || this.ous.has(name)) return true;
    if (this.misspelt.has('organization.organizationalUnits') && !this.profile.organization.organizationalUnits)
      return false;
    this.report(path, `unknown organizational unit ${quoted(name)}${didYouMean(name, this.ous)}`);
    return false;
  }

  /** A region of organization.regions (or of `within`, described as `what`). */
  region(
    path: readonly PathSegment[],
    region: string,
    within: ReadonlySet<string> = this.regions,
    what = 'organization.regions',
  ): boolean {
    if (within.has(region)) return true;
    // A real Region missing from the list is not a typo: never suggest replacing it with a listed one.
    const hint = AWS_REGIONS.has(region) ? `; add it there or remove it here` : didYouMean(region, within);
    this.report(path, `region ${quoted(region)} is not in ${what}${hint}`);
    return false;
  }
}

export type Check = (ctx: CheckContext) => void;
