// Issue 11: what the first apply on a real organization needs, asserted on the synthesized output of
// Acme, the default profile, and edited copies that exercise the options Acme leaves at their defaults.
import { loadProfile } from '../src/profile/load';
import { formatDiagnostic } from '../src/profile/diagnostics';
import { checkOutput } from '../src/security/check';
import { checkStack } from '../src/security/rules';
import { assess } from '../src/compliance/assess';
import { ACME, AS_OF, DEFAULT_PROFILE, editedCopy, loadModel, replaceOnce } from './support/profiles';
import { synth, synthShared, type Synthesized } from './support/synth';

const ACME_MGMT = '111111111111';
const DEFAULT_MGMT = '210987654321';

/** Diagnostics of a profile as "line:col  path  severity: message" (errors carry no prefix). */
/** Diagnostics other than the Patch Tuesday warning of both profiles' WED#2 Windows crons (test/golden-image-delay.test.ts). */
const diagnostics = (file: string) =>
  loadProfile(file, { asOf: AS_OF })
    .diagnostics.filter((d) => !/Patch Tuesday/.test(d.message))
    .map((d) => `${d.severity} ${formatDiagnostic(d, '/').replace(/^.*?\.yaml:/, '')}`);

const mgmtStack = (s: Synthesized) => s.manifest.stacks.find((m) => m.concern === 'inspector-delegation');
const providers = (s: Synthesized, name: string): any[] => s.stack(name).provider.aws;

describe('item 2: management access', () => {
  const acme = synthShared(ACME);
  const def = synthShared(DEFAULT_PROFILE);

  test("acme (no managementAccess): the management stack uses the pipeline's own credentials, pinned to the management account; members assume the deployment role", () => {
    const m = mgmtStack(acme)!;
    expect(m.accountId).toBe(ACME_MGMT);
    expect(m.credentials).toBe('ambient');
    for (const p of providers(acme, m.name)) {
      expect(p.assume_role).toBeUndefined();
      expect(p.allowed_account_ids).toEqual([ACME_MGMT]);
    }
    for (const st of acme.manifest.stacks.filter((x) => x.accountId !== ACME_MGMT)) {
      expect(st.credentials).toBeUndefined();
      for (const p of providers(acme, st.name))
        expect(p.assume_role[0].role_arn).toBe(`arn:aws:iam::${st.accountId}:role/OrganizationAccountAccessRole`);
    }
    expect(acme.manifest.organization!.managementAccountId).toBe(ACME_MGMT);
  });

  test('default profile (managementAccess.role): the management stack assumes that role in the management account', () => {
    const m = mgmtStack(def)!;
    expect(m.credentials).toBeUndefined();
    for (const p of providers(def, m.name)) {
      expect(p.assume_role).toEqual([
        {
          role_arn: `arn:aws:iam::${DEFAULT_MGMT}:role/PatchlineDeploy`,
          session_name: 'patchline-inspector-delegation',
        },
      ]);
      expect(p.allowed_account_ids).toEqual([DEFAULT_MGMT]);
    }
  });

  test('a role of its own for the management account, and explicit ambient credentials', () => {
    const role = synth(
      editedCopy(ACME, (t) =>
        replaceOnce(
          t,
          '  deploymentRole: OrganizationAccountAccessRole\n',
          '  deploymentRole: OrganizationAccountAccessRole\n  managementAccess: { role: PatchlineManagement }\n',
        ),
      ),
    );
    for (const p of providers(role, 'management-inspector-delegation'))
      expect(p.assume_role[0].role_arn).toBe(`arn:aws:iam::${ACME_MGMT}:role/PatchlineManagement`);
    // Member accounts are untouched by the management choice.
    expect(providers(role, 'audit-inspector')[0].assume_role[0].role_arn).toBe(
      'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
    );

    const ambient = synth(
      editedCopy(DEFAULT_PROFILE, (t) =>
        replaceOnce(
          t,
          '  managementAccess: { role: PatchlineDeploy }\n',
          '  managementAccess: { credentials: ambient }\n',
        ),
      ),
    );
    expect(mgmtStack(ambient)!.credentials).toBe('ambient');
    for (const p of providers(ambient, 'org-root-inspector-delegation')) expect(p.assume_role).toBeUndefined();
    expect(checkOutput(ambient.out).findings).toEqual([]);
  });

  test('check: no findings on either profile; ambient is accepted only on the marked management stack, still pinned', () => {
    expect(checkOutput(acme.out).findings).toEqual([]);
    const org = {
      id: 'o-7x2kq9p4mz',
      managementAccountId: ACME_MGMT,
      accountIds: new Set([ACME_MGMT, '222222222222']),
      ouIds: new Set<string>(),
    };
    const json = (account: string) => ({
      provider: { aws: [{ alias: 'ap-southeast-2', region: 'ap-southeast-2', allowed_account_ids: [account] }] },
      resource: { aws_sns_topic: { t: { name: 'x' } } },
    });
    const prov = (input: Parameters<typeof checkStack>[0]) =>
      checkStack(input)
        .filter((f) => f.rule === 'PL-PROV-1')
        .map((f) => f.message);
    expect(prov({ name: 'm', json: json(ACME_MGMT), accountId: ACME_MGMT, ambient: true, org })).toEqual([]);
    // Not marked ambient in stacks.json: the caller's credentials by accident.
    expect(prov({ name: 'm', json: json(ACME_MGMT), accountId: ACME_MGMT, org })).toEqual([
      "no assume_role: the provider would use the caller's own credentials",
    ]);
    // Marked, but a member account: never.
    expect(prov({ name: 'a', json: json('222222222222'), accountId: '222222222222', ambient: true, org })).toEqual([
      "no assume_role: the provider would use the caller's own credentials",
    ]);
    // Marked management stack that could act elsewhere.
    const loose = json(ACME_MGMT);
    delete (loose.provider.aws[0] as any).allowed_account_ids;
    expect(prov({ name: 'm', json: loose, accountId: ACME_MGMT, ambient: true, org })).toEqual([
      `uses the pipeline's own credentials, so allowed_account_ids must be exactly ["${ACME_MGMT}"] (the management account)`,
    ]);
  });

  test('bad input: both ways at once or an unknown credential source is a positioned error; OrganizationAccountAccessRole a positioned warning', () => {
    const at = (line: string) => (t: string) =>
      replaceOnce(
        t,
        '  deploymentRole: OrganizationAccountAccessRole\n',
        `  deploymentRole: OrganizationAccountAccessRole\n${line}`,
      );
    const both = diagnostics(editedCopy(ACME, at('  managementAccess: { role: X, credentials: ambient }\n'))).filter(
      (d) => d.startsWith('error'),
    );
    expect(both).toHaveLength(1);
    expect(both[0]).toMatch(/^error 10:\d+ {2}organization\.managementAccess/);
    expect(
      diagnostics(editedCopy(ACME, at('  managementAccess: { credentials: profile }\n'))).filter((d) =>
        d.startsWith('error'),
      ),
    ).toEqual([expect.stringMatching(/^error 10:\d+ {2}organization\.managementAccess\.credentials {2}.*ambient/)]);
    expect(
      diagnostics(editedCopy(ACME, at('  managementAccess: { role: OrganizationAccountAccessRole }\n'))),
    ).toContain(
      'warning 10:29  organization.managementAccess.role  warning: AWS Organizations creates OrganizationAccountAccessRole only in member accounts it creates, never in the management account: create the role there yourself, name another role, or use credentials: ambient',
    );
  });
});

describe('item 5: RAM sharing with the organization, from the management stack', () => {
  const ramIn = (s: Synthesized, name: string) => s.resources(name, 'aws_ram_sharing_with_organization');

  test.each([
    [ACME, 'management-inspector-delegation', '111111111111/inspector-delegation'],
    [DEFAULT_PROFILE, 'org-root-inspector-delegation', '210987654321/inspector-delegation'],
  ])(
    '%s: parameters shared with the organization or OUs → sharing enabled once, in the home region, never destroyed by accident; the factory deploys after it',
    (profile, name, key) => {
      const s = synthShared(profile);
      const ram = ramIn(s, name);
      expect(ram).toHaveLength(1);
      expect(ram[0][1]).toMatchObject({ provider: 'aws.ap-southeast-2', lifecycle: { prevent_destroy: true } });
      // The OU/organization shares it enables.
      const factory = s.manifest.stacks.find((m) => m.concern === 'image-factory')!;
      expect(
        s
          .resources(factory.name, 'aws_ram_principal_association')
          .some(([, a]) => /:organizations::/.test(a.principal)),
      ).toBe(true);
      expect(factory.dependsOn).toContain(key);
      // Only the management stack holds it.
      for (const m of s.manifest.stacks.filter((x) => x.name !== name)) expect(ramIn(s, m.name)).toEqual([]);
    },
  );

  test('without inspector the management stack still exists, home region only, under the same state key', () => {
    const s = synth(
      editedCopy(ACME, (t) => replaceOnce(t, /inspector:\n  delegatedAdmin: audit\n  autoEnable: \[.*\]\n/, '')),
    );
    const m = mgmtStack(s)!;
    expect(m).toMatchObject({
      key: '111111111111/inspector-delegation',
      regions: ['ap-southeast-2'],
      backend: { key: 'patching/111111111111/inspector-delegation.tfstate' },
    });
    expect(Object.keys(s.stack(m.name).resource)).toEqual(['aws_ram_sharing_with_organization']);
    expect(s.manifest.stacks.find((x) => x.concern === 'image-factory')!.dependsOn).toContain(m.key);
  });

  test('no parameter shared with the organization or an OU: no RAM sharing resource', () => {
    const s = synth(
      editedCopy(ACME, (t) =>
        t
          .replace('        parameter: /acme/golden-ami/al2023-x86_64/latest\n', '')
          .replace('        parameter: /acme/golden-ami/windows-2022/latest\n', ''),
      ),
    );
    expect(ramIn(s, 'management-inspector-delegation')).toEqual([]);
    expect(s.resources('management-inspector-delegation', 'aws_inspector2_delegated_admin_account')).toHaveLength(2);
  });
});

describe('item 6: Inspector per account region, scan types where offered', () => {
  test('acme: lambda-code warns, positioned, naming ap-southeast-4; the default profile has no Inspector warning', () => {
    expect(diagnostics(ACME)).toContain(
      'warning 50:34  inspector.autoEnable[3]  warning: Inspector does not offer lambda-code scanning in ap-southeast-4 (Amazon Inspector "Regions and endpoints"): it is enabled only in the other regions',
    );
    expect(diagnostics(DEFAULT_PROFILE).filter((d) => d.includes('inspector'))).toEqual([]);
  });

  test('acme: no account is associated or enabled in a region it does not declare, and no LAMBDA_CODE in Melbourne', () => {
    const s = synthShared(ACME);
    const model = loadModel(ACME);
    for (const [, a] of s.resources('audit-inspector', 'aws_inspector2_member_association')) {
      const region = a.provider.replace('aws.', '');
      expect(model.accounts.find((x) => x.id === a.account_id)!.regions).toContain(region);
    }
    const melbourne = s
      .resources('audit-inspector', 'aws_inspector2_enabler')
      .filter(([, e]) => e.provider === 'aws.ap-southeast-4');
    expect(melbourne.length).toBeGreaterThan(0);
    for (const [, e] of melbourne) expect(e.resource_types).not.toContain('LAMBDA_CODE');
  });

  test('default profile: single-region accounts are left out of us-east-1', () => {
    const s = synthShared(DEFAULT_PROFILE);
    const inUsEast = s
      .resources('security-inspector', 'aws_inspector2_member_association')
      .filter(([, a]) => a.provider === 'aws.us-east-1')
      .map(([, a]) => a.account_id)
      .sort();
    // org-root and patient-portal declare no regions (all); the others only ap-southeast-2.
    expect(inUsEast).toEqual(['210987654321', '210987654324']);
  });

  test('a region the table does not know gets every listed type and a warning', () => {
    const f = editedCopy(DEFAULT_PROFILE, (t) =>
      replaceOnce(
        t,
        /^  regions: \[ap-southeast-2, us-east-1\]$/m,
        '  regions: [ap-southeast-2, us-east-1, sa-east-1]',
      ),
    );
    expect(diagnostics(f)).toContainEqual(
      expect.stringMatching(
        /^warning \d+:\d+ {2}inspector\.autoEnable {2}warning: Patchline's Inspector region table .* does not list sa-east-1/,
      ),
    );
    const s = synth(f);
    const sa = s
      .resources('security-inspector', 'aws_inspector2_enabler')
      .filter(([, e]) => e.provider === 'aws.sa-east-1');
    for (const [, e] of sa) expect(e.resource_types).toEqual(['EC2', 'ECR', 'LAMBDA']);
  });
});

describe('item 7: build network', () => {
  test('acme (no network): still valid, one positioned warning at imageFactory naming every pipeline and the fix', () => {
    const r = loadProfile(ACME, { asOf: AS_OF });
    expect(r.model).toBeDefined();
    const w = diagnostics(ACME).filter((d) => d.includes('  imageFactory  '));
    expect(w).toEqual([
      expect.stringMatching(
        /^warning 52:1 {2}imageFactory {2}warning: no network is set, so pipelines al2023-base, ubuntu-2404-base, windows-2022-base build in the default VPC of shared-services in ap-southeast-2.*Set imageFactory\.network\.subnetId and securityGroupIds/,
      ),
    ]);
  });

  test('default profile (network set): no warning, and builds run in that subnet', () => {
    expect(diagnostics(DEFAULT_PROFILE)).toEqual([]);
    const s = synthShared(DEFAULT_PROFILE);
    for (const [, c] of s.resources('image-factory-image-factory', 'aws_imagebuilder_infrastructure_configuration')) {
      expect(c).toMatchObject({ subnet_id: 'subnet-0a1b2c3d4e5f60718', security_group_ids: ['sg-0a1b2c3d4e5f60718'] });
    }
  });
});

describe('item 8: inventory and build instances', () => {
  const associations = (s: Synthesized, stack: string, region: string) =>
    Object.fromEntries(
      s
        .resources(stack, 'aws_ssm_association')
        .filter(([, a]) => a.provider === `aws.${region}`)
        .map(([, a]) => [a.name, a]),
    );

  test.each([
    [ACME, 'shared-services', 'ap-southeast-2', 'patch-ring'],
    [DEFAULT_PROFILE, 'image-factory', 'ap-southeast-2', 'PatchRing'],
  ])(
    "%s: in the factory account's build region, scan and inventory select only ring-tagged nodes, which build instances never are",
    (profile, factory, buildRegion, ringTag) => {
      const s = synthShared(profile);
      const a = associations(s, `${factory}-patching`, buildRegion);
      expect(a['AWS-RunPatchBaseline'].targets).toEqual([{ key: 'tag-key', values: [ringTag] }]);
      expect(a['AWS-GatherSoftwareInventory'].targets).toEqual([{ key: 'tag-key', values: [ringTag] }]);
      // Build instances carry only the infrastructure configuration's resource tags (and Image Builder's own).
      for (const [, c] of s.resources(`${factory}-image-factory`, 'aws_imagebuilder_infrastructure_configuration')) {
        expect(Object.keys(c.resource_tags ?? {})).not.toContain(ringTag);
      }
      // Everywhere else: every managed node.
      for (const m of s.manifest.stacks.filter((x) => x.concern === 'patching')) {
        for (const region of m.regions) {
          if (m.alias === factory && region === buildRegion) continue;
          for (const x of Object.values(associations(s, m.name, region)))
            expect((x as any).targets).toEqual([{ key: 'InstanceIds', values: ['*'] }]);
        }
      }
    },
  );

  test("acme: the factory account's other region has no builds, so it scans every node", () => {
    const a = associations(synthShared(ACME), 'shared-services-patching', 'ap-southeast-4');
    expect(a['AWS-RunPatchBaseline'].targets).toEqual([{ key: 'InstanceIds', values: ['*'] }]);
  });

  test('patching.inventory: existing → no Patchline inventory association anywhere, scans unchanged, inventory not evidenced; a leftover schedule warns', () => {
    const f = editedCopy(DEFAULT_PROFILE, (t) => replaceOnce(t, '  inventory: patchline\n', '  inventory: existing\n'));
    expect(diagnostics(f)).toEqual([
      expect.stringMatching(
        /^warning \d+:5 {2}patching\.scan\.inventorySchedule {2}warning: ignored: patching\.inventory is existing/,
      ),
    ]);
    const s = synth(f);
    const patching = s.manifest.stacks.filter((m) => m.concern === 'patching');
    expect(patching.length).toBeGreaterThan(0);
    for (const m of patching) {
      const docs = s.resources(m.name, 'aws_ssm_association').map(([, a]) => a.name);
      expect(docs).not.toContain('AWS-GatherSoftwareInventory');
      expect(docs.filter((d) => d === 'AWS-RunPatchBaseline')).toHaveLength(m.regions.length);
    }
    const assessed = assess(loadModel(f));
    for (const scan of assessed.scans) expect(scan.inventoryHours).toBeUndefined();
    // Default (patchline): every patched account has one inventory association per region.
    const d = synthShared(DEFAULT_PROFILE);
    for (const m of d.manifest.stacks.filter((x) => x.concern === 'patching')) {
      expect(
        d.resources(m.name, 'aws_ssm_association').filter(([, a]) => a.name === 'AWS-GatherSoftwareInventory'),
      ).toHaveLength(m.regions.length);
    }
  });
});
