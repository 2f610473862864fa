// Vulnerability scanning: Inspector delegation (management) and org-wide enablement (delegated admin).
import { readFileSync } from 'fs';
import { join } from 'path';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { App, TerraformStack } from 'cdktf';
import { formatDiagnostic } from '../src/profile/diagnostics';
import { loadProfile } from '../src/profile/load';
import { InspectorAdmin } from '../stacks/constructs/inspector-admin';
import { ACME, AS_OF, DEFAULT_PROFILE, editedCopy, replaceOnce } from './support/profiles';
import { synth, type Synthesized } from './support/synth';

const REGIONS = ['ap-southeast-2', 'ap-southeast-4'];
const ADMIN = '222222222222';
const MANAGEMENT = '111111111111';
const ALL_ACME = [
  '111111111111',
  '222222222222',
  '333333333333',
  '444444444444',
  '555555555555',
  '666666666666',
  '777777777777',
  '888888888888',
];
const MEMBERS = ALL_ACME.filter((id) => id !== ADMIN);
/** data-platform-prod and corp-desktops declare only ap-southeast-2. */
const MEMBERS_IN: Record<string, string[]> = {
  'ap-southeast-2': MEMBERS,
  'ap-southeast-4': MEMBERS.filter((id) => id !== '777777777777' && id !== '888888888888'),
};
/** Inspector offers no Lambda code scanning in ap-southeast-4 (src/aws/inspector-regions.ts). */
const TYPES_IN: Record<string, string[]> = {
  'ap-southeast-2': ['EC2', 'ECR', 'LAMBDA', 'LAMBDA_CODE'],
  'ap-southeast-4': ['EC2', 'ECR', 'LAMBDA'],
};

/** Terraform duration → minutes ("30m", "1h"). */
const minutes = (d: string) => {
  const m = /^(\d+)([hm])$/.exec(d);
  if (!m) throw new Error(`unexpected duration ${d}`);
  return Number(m[1]) * (m[2] === 'h' ? 60 : 1);
};

/** Resources of a type in one region of a stack, by logical ID. */
function inRegion(s: Synthesized, stack: string, type: string, region: string): [string, any][] {
  return s.resources(stack, type).filter(([, r]) => r.provider === `aws.${region}`);
}

const ref = (type: string, id: string) => `${type}.${id}`;

describe('acme: inspector delegation and org-wide scanning', () => {
  const s = synth(ACME);
  const ADMIN_STACK = 'audit-inspector';
  const MGMT_STACK = 'management-inspector-delegation';

  test('the management stack makes audit the delegated admin in both regions, with generous timeouts', () => {
    const delegations = s.resources(MGMT_STACK, 'aws_inspector2_delegated_admin_account');
    expect(delegations.map(([, r]) => r.provider).sort()).toEqual(REGIONS.map((r) => `aws.${r}`));
    for (const [, d] of delegations) {
      expect(d.account_id).toBe(ADMIN);
      expect(minutes(d.timeouts.create)).toBeGreaterThanOrEqual(30);
    }
    // The providers deploy into the management account itself.
    expect(s.stack(MGMT_STACK).provider.aws.map((p: any) => p.allowed_account_ids)).toEqual([
      [MANAGEMENT],
      [MANAGEMENT],
    ]);
  });

  test('nothing tries to own or create the organization: Inspector enables trusted access itself', () => {
    for (const name of [MGMT_STACK, ADMIN_STACK]) {
      expect(Object.keys(s.stack(name).resource).filter((t) => t.startsWith('aws_organizations_'))).toEqual([]);
      expect(s.stack(name).data).toBeUndefined(); // plans stay offline
    }
  });

  test('the image factory account, whose pipelines scan images with Inspector, is a scanned member everywhere', () => {
    const factory = '333333333333';
    for (const region of REGIONS) {
      expect(
        inRegion(s, ADMIN_STACK, 'aws_inspector2_member_association', region).map(([, a]) => a.account_id),
      ).toContain(factory);
      expect(inRegion(s, ADMIN_STACK, 'aws_inspector2_enabler', region).map(([, e]) => e.account_ids)).toContainEqual([
        factory,
      ]);
    }
  });

  test('deploy order: management → audit → image factory, as stack dependencies', () => {
    const manifest = JSON.parse(readFileSync(join(s.out, 'manifest.json'), 'utf8')).stacks;
    expect(manifest[ADMIN_STACK].dependencies).toEqual([MGMT_STACK]);
    expect(manifest['shared-services-image-factory'].dependencies).toContain(ADMIN_STACK);
    expect(manifest[MGMT_STACK].dependencies).toEqual([]);
  });

  describe.each(REGIONS)('in %s', (region) => {
    const enablers = inRegion(s, ADMIN_STACK, 'aws_inspector2_enabler', region);
    const [configs, associations, filters] = [
      'aws_inspector2_organization_configuration',
      'aws_inspector2_member_association',
      'aws_inspector2_filter',
    ].map((t) => inRegion(s, ADMIN_STACK, t, region));
    const adminEnablers = enablers.filter(([, e]) => e.account_ids.includes(ADMIN));

    test('the admin enables its own account alone, for every listed scan type', () => {
      expect(adminEnablers).toHaveLength(1);
      const [, e] = adminEnablers[0];
      expect(e.account_ids).toEqual([ADMIN]);
      expect(e.resource_types).toEqual(TYPES_IN[region]);
      expect(e.depends_on).toBeUndefined();
      expect(minutes(e.timeouts.create)).toBeGreaterThanOrEqual(30);
    });

    test('no enabler mixes the admin with members (terraform-provider-aws #31307)', () => {
      for (const [, e] of enablers) expect(e.account_ids.length === 1 || !e.account_ids.includes(ADMIN)).toBe(true);
    });

    test('organization configuration auto-enables every listed type, after the admin is enabled', () => {
      expect(configs).toHaveLength(1);
      const [, c] = configs[0];
      expect(c.auto_enable).toEqual({ ec2: true, ecr: true, lambda: true, lambda_code: region === 'ap-southeast-2' });
      expect(c.depends_on).toEqual([ref('aws_inspector2_enabler', adminEnablers[0][0])]);
      expect(minutes(c.timeouts.create)).toBeGreaterThanOrEqual(30);
      expect(minutes(c.timeouts.update)).toBeGreaterThanOrEqual(30);
    });

    test('every other account that declares the region, management included, is associated after the configuration', () => {
      expect(associations.map(([, a]) => a.account_id).sort()).toEqual(MEMBERS_IN[region]);
      for (const [, a] of associations) {
        expect(a.depends_on).toEqual([ref('aws_inspector2_organization_configuration', configs[0][0])]);
        expect(minutes(a.timeouts.create)).toBeGreaterThanOrEqual(30);
      }
    });

    test('each existing member is then enabled on its own, after its association', () => {
      const memberEnablers = enablers.filter(([, e]) => !e.account_ids.includes(ADMIN));
      expect(memberEnablers.map(([, e]) => e.account_ids).sort()).toEqual(MEMBERS_IN[region].map((id) => [id]));
      const associationOf = new Map(
        associations.map(([id, a]) => [a.account_id, ref('aws_inspector2_member_association', id)]),
      );
      for (const [, e] of memberEnablers) {
        expect(e.depends_on).toEqual([associationOf.get(e.account_ids[0])]);
        expect(e.resource_types).toEqual(TYPES_IN[region]);
        expect(minutes(e.timeouts.create)).toBeGreaterThanOrEqual(30);
      }
    });

    test('saved triage filters (action NONE, never suppression): exploitable, exploitable internet-facing, critical with a fix', () => {
      const byName = Object.fromEntries(filters.map(([, f]) => [f.name, f]));
      expect(Object.keys(byName).sort()).toEqual([
        'patchline-critical-fix-available',
        'patchline-exploit-available',
        'patchline-exploit-available-internet-facing',
      ]);
      const eq = (value: string) => [{ comparison: 'EQUALS', value }];
      for (const f of filters.map(([, x]) => x)) {
        expect(f.action).toBe('NONE');
        expect(f.depends_on).toEqual([ref('aws_inspector2_enabler', adminEnablers[0][0])]);
      }
      expect(byName['patchline-exploit-available'].filter_criteria).toEqual([
        { exploit_available: eq('YES'), finding_status: eq('ACTIVE') },
      ]);
      expect(byName['patchline-exploit-available-internet-facing'].filter_criteria).toEqual([
        {
          exploit_available: eq('YES'),
          finding_status: eq('ACTIVE'),
          aws_account_id: [
            { comparison: 'EQUALS', value: '444444444444' },
            { comparison: 'EQUALS', value: '666666666666' },
          ],
        },
      ]);
      expect(byName['patchline-critical-fix-available'].filter_criteria).toEqual([
        { severity: eq('CRITICAL'), fix_available: eq('YES'), finding_status: eq('ACTIVE') },
      ]);
    });
  });

  test('the admin stack holds only these resources: 1 + 1 + 2×members + 3 per region (7 members in Sydney, 5 in Melbourne)', () => {
    const counts = Object.fromEntries(
      Object.entries(s.stack(ADMIN_STACK).resource).map(([t, rs]) => [t, Object.keys(rs as object).length]),
    );
    expect(counts).toEqual({
      aws_inspector2_enabler: 2 + 7 + 5,
      aws_inspector2_organization_configuration: 2,
      aws_inspector2_member_association: 7 + 5,
      aws_inspector2_filter: 2 * 3,
    });
  });

  test('adding an account adds its association and enabler and moves no other address', () => {
    const grown = synth(
      editedCopy(ACME, (t) =>
        replaceOnce(
          t,
          '    audit: { id: "222222222222", ou: security }\n',
          '    audit: { id: "222222222222", ou: security }\n    sandbox: { id: "999999999999", ou: workloads-nonprod }\n',
        ),
      ),
    );
    const before = s.stack(ADMIN_STACK).resource;
    const after = grown.stack(ADMIN_STACK).resource;
    for (const [type, rs] of Object.entries(before)) {
      for (const [id, r] of Object.entries(rs as Record<string, unknown>)) expect(after[type][id]).toEqual(r);
    }
    const added = Object.entries(after).flatMap(([type, rs]) =>
      Object.keys(rs as object)
        .filter((id) => !before[type]?.[id])
        .map((id) => `${type}.${id}`),
    );
    expect(added).toHaveLength(2 * 2);
    expect(added.every((a) => a.includes('999999999999'))).toBe(true);
  });
});

describe('profile scan types map to Inspector resource types', () => {
  test('default profile (ec2, ecr, lambda): no Lambda code scanning anywhere', () => {
    const s = synth(DEFAULT_PROFILE);
    const configs = s.resources('security-inspector', 'aws_inspector2_organization_configuration');
    expect(configs).toHaveLength(2);
    for (const [, c] of configs)
      expect(c.auto_enable).toEqual({ ec2: true, ecr: true, lambda: true, lambda_code: false });
    for (const [, e] of s.resources('security-inspector', 'aws_inspector2_enabler'))
      expect(e.resource_types).toEqual(['EC2', 'ECR', 'LAMBDA']);
  });

  test('order in the profile never matters; without internet-facing accounts the 48-hour filter is left out', () => {
    const f = editedCopy(ACME, (t) =>
      t
        .replace('autoEnable: [ec2, ecr, lambda, lambda-code]', 'autoEnable: [ecr, ec2]')
        .replace(/, exposure: internet-facing/g, ''),
    );
    const s = synth(f);
    for (const [, c] of s.resources('audit-inspector', 'aws_inspector2_organization_configuration')) {
      expect(c.auto_enable).toEqual({ ec2: true, ecr: true, lambda: false, lambda_code: false });
    }
    for (const [, e] of s.resources('audit-inspector', 'aws_inspector2_enabler'))
      expect(e.resource_types).toEqual(['EC2', 'ECR']);
    expect(
      s
        .resources('audit-inspector', 'aws_inspector2_filter')
        .map(([, x]) => x.name)
        .sort(),
    ).toEqual([
      'patchline-critical-fix-available',
      'patchline-critical-fix-available',
      'patchline-exploit-available',
      'patchline-exploit-available',
    ]);
  });
});

describe('InspectorAdmin refuses what AWS would refuse', () => {
  const stack = () => {
    const st = new TerraformStack(new App(), 's');
    return { st, provider: new AwsProvider(st, 'aws', { region: 'ap-southeast-2' }) };
  };

  test('the administrator listed as a member', () => {
    const { st, provider } = stack();
    expect(
      () =>
        new InspectorAdmin(st, 'i', {
          provider,
          adminAccountId: ADMIN,
          memberAccountIds: [ADMIN, MANAGEMENT],
          scanTypes: ['EC2'],
        }),
    ).toThrow(/cannot also be a member/);
  });

  test('no scan type', () => {
    const { st, provider } = stack();
    expect(
      () => new InspectorAdmin(st, 'i', { provider, adminAccountId: ADMIN, memberAccountIds: [], scanTypes: [] }),
    ).toThrow(/at least one scan type/);
  });
});

describe('bad inspector input gets a positioned error', () => {
  const errors = (edit: (t: string) => string) =>
    loadProfile(editedCopy(ACME, edit), { asOf: AS_OF })
      .diagnostics.filter((d) => d.severity === 'error')
      .map((d) => formatDiagnostic(d, '/').replace(/^.*profile\.yaml:/, ''));

  test('delegated admin is the management account (AWS refuses it)', () => {
    expect(errors((t) => replaceOnce(t, 'delegatedAdmin: audit', 'delegatedAdmin: management'))).toEqual([
      "49:19  inspector.delegatedAdmin  the management account cannot be Inspector's delegated administrator (AWS refuses it); choose a member account such as a security or audit account",
    ]);
  });

  test('delegated admin not in the organization, with a suggestion', () => {
    expect(errors((t) => replaceOnce(t, 'delegatedAdmin: audit', 'delegatedAdmin: audti'))).toEqual([
      `49:19  inspector.delegatedAdmin  "audti" is not an account of the organization: Inspector's delegated administrator must be a member account listed in organization.accounts (did you mean "audit"?)`,
    ]);
  });

  test('unknown scan type, naming the allowed ones', () => {
    expect(
      errors((t) =>
        replaceOnce(t, 'autoEnable: [ec2, ecr, lambda, lambda-code]', 'autoEnable: [ec2, ecr, lambda, lamda-code]'),
      ),
    ).toEqual([
      '50:34  inspector.autoEnable[3]  text "lamda-code" is not allowed; use one of: ec2, ecr, lambda, lambda-code (did you mean "lambda-code"?)',
    ]);
    expect(
      errors((t) => replaceOnce(t, 'autoEnable: [ec2, ecr, lambda, lambda-code]', 'autoEnable: [ec2, containers]')),
    ).toEqual([
      '50:21  inspector.autoEnable[1]  text "containers" is not allowed; use one of: ec2, ecr, lambda, lambda-code',
    ]);
  });

  test('Lambda code scanning without Lambda scanning', () => {
    expect(
      errors((t) => replaceOnce(t, 'autoEnable: [ec2, ecr, lambda, lambda-code]', 'autoEnable: [ec2, lambda-code]')),
    ).toEqual([
      '50:21  inspector.autoEnable[1]  lambda-code needs lambda in the list too: Inspector runs Lambda code scanning only alongside Lambda standard scanning',
    ]);
  });

  test('no scan type at all', () => {
    expect(errors((t) => replaceOnce(t, 'autoEnable: [ec2, ecr, lambda, lambda-code]', 'autoEnable: []'))).toEqual([
      '50:15  inspector.autoEnable  must list at least one scan type (ec2, ecr, lambda, lambda-code): with none, Inspector scans nothing',
    ]);
  });

  test('a delegated admin that leaves out an organization region', () => {
    expect(
      errors((t) =>
        replaceOnce(
          t,
          'audit: { id: "222222222222", ou: security }',
          'audit: { id: "222222222222", ou: security, regions: [ap-southeast-2] }',
        ),
      ),
    ).toEqual([
      '21:57  organization.accounts.audit.regions  "audit" is Inspector\'s delegated administrator, which administers every organization region, but its regions leave out ap-southeast-4; add them or remove its regions list',
    ]);
  });
});
