// Saved Amazon Inspector findings filters for triage, in the delegated administrator (they see every
// member's findings). Action NONE: a saved view, never a suppression rule that would hide findings.
import { Inspector2Filter, type Inspector2FilterFilterCriteria } from '@cdktf/provider-aws/lib/inspector2-filter';
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import type { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { awsName } from '../../src/naming';

export interface InspectorFindingsFiltersProps {
  /** Provider for the region, authenticated in the delegated administrator account. */
  readonly provider: AwsProvider;
  /** Accounts whose systems face the internet; when any, a filter narrows exploitable findings to them.
   * @default [] */
  readonly internetFacingAccountIds?: readonly string[];
  /** What must exist first (Inspector enabled in the administrator account).
   * @default [] */
  readonly dependsOn?: ITerraformDependable[];
}

const eq = (value: string) => [{ comparison: 'EQUALS', value }];

/**
 * Essential Eight (Nov 2023) gives internet-facing systems 48 hours to patch when a working exploit
 * exists or the vendor rates the vulnerability critical (all systems, at maturity level 3):
 * - `patchline-exploit-available`: active findings with a known exploit, in every account;
 * - `patchline-exploit-available-internet-facing`: the same in internet-facing accounts only, the
 *   48-hour queue; left out when the organization has none;
 * - `patchline-critical-fix-available`: active critical findings that a vendor fix resolves.
 */
export class InspectorFindingsFilters extends Construct {
  readonly filters: readonly Inspector2Filter[];

  constructor(scope: Construct, id: string, props: InspectorFindingsFiltersProps) {
    super(scope, id);
    const active = { findingStatus: eq('ACTIVE') };
    const exploitable: Inspector2FilterFilterCriteria = { ...active, exploitAvailable: eq('YES') };
    const internetFacing = [...new Set(props.internetFacingAccountIds ?? [])].sort();
    const specs: [key: string, description: string, criteria: Inspector2FilterFilterCriteria][] = [
      [
        'exploit-available',
        'Active findings with a known exploit (Essential Eight: 48 hours on internet-facing systems).',
        exploitable,
      ],
      ...(internetFacing.length
        ? [
            [
              'exploit-available-internet-facing',
              'Active findings with a known exploit in internet-facing accounts: patch within 48 hours (Essential Eight).',
              { ...exploitable, awsAccountId: internetFacing.map((value) => ({ comparison: 'EQUALS', value })) },
            ] as [string, string, Inspector2FilterFilterCriteria],
          ]
        : []),
      [
        'critical-fix-available',
        'Active critical findings that a vendor fix resolves (Essential Eight: 48 hours on internet-facing systems).',
        { ...active, severity: eq('CRITICAL'), fixAvailable: eq('YES') },
      ],
    ];
    this.filters = specs.map(
      ([key, description, criteria]) =>
        new Inspector2Filter(this, key, {
          provider: props.provider,
          name: awsName(key),
          description,
          action: 'NONE',
          filterCriteria: [criteria],
          dependsOn: props.dependsOn,
        }),
    );
  }
}
