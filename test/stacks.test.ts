import { existsSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { loadProfile } from '../src/profile/load';
import { synthesize } from '../src/synth';
import { ACME, AS_OF, DEFAULT_PROFILE, editedCopy, loadModel } from './support/profiles';
import { readTree, synth } from './support/synth';

describe('acme stack layout', () => {
  const s = synth(ACME);

  test('one stack per account and concern', () => {
    expect(s.names).toEqual([
      'management-inspector-delegation',
      'audit-inspector',
      'audit-evidence',
      'data-platform-prod-image-consumer',
      'shared-services-image-factory',
      'shared-services-patching',
      'payments-prod-patching',
      'payments-nonprod-patching',
      'website-prod-patching',
      'data-platform-prod-patching',
      'corp-desktops-patching',
    ]);
  });

  test('management is never a patch target (it is in no targeted OU)', () => {
    expect(s.names.filter((n) => n.startsWith('management-'))).toEqual(['management-inspector-delegation']);
  });

  test("each region is an aliased provider assuming the deployment role in the stack's own account (management: the pipeline's own credentials)", () => {
    for (const st of s.manifest.stacks) {
      const providers = s.stack(st.name).provider.aws;
      expect(providers.map((p: any) => p.alias)).toEqual(st.regions);
      for (const p of providers) {
        expect(p.region).toBe(p.alias);
        // Organizations creates no OrganizationAccountAccessRole in the management account.
        if (st.accountId === '111111111111') expect(p.assume_role).toBeUndefined();
        else
          expect(p.assume_role).toEqual([
            {
              role_arn: `arn:aws:iam::${st.accountId}:role/OrganizationAccountAccessRole`,
              session_name: `patchline-${st.concern}`,
            },
          ]);
        expect(p.allowed_account_ids).toEqual([st.accountId]);
        expect(p.default_tags[0].tags).toMatchObject({
          owner: 'platform-engineering',
          'cost-centre': '4100',
          'managed-by': 'terraform',
        });
        expect(p.access_key ?? p.secret_key ?? p.token).toBeUndefined();
      }
    }
  });

  test('data-platform-prod only uses its own region; others use both', () => {
    const st = (n: string) => s.manifest.stacks.find((x) => x.name === n)!;
    expect(st('data-platform-prod-patching').regions).toEqual(['ap-southeast-2']);
    expect(st('payments-prod-patching').regions).toEqual(['ap-southeast-2', 'ap-southeast-4']);
  });

  test('s3 backend with a state key from account ID and concern, and S3 locking', () => {
    expect(s.stack('payments-prod-patching').terraform.backend).toEqual({
      s3: {
        bucket: 'acme-terraform-state-111111111111',
        key: 'patching/444444444444/patching.tfstate',
        region: 'ap-southeast-2',
        encrypt: true,
        use_lockfile: true,
      },
    });
  });

  test('deploy order: delegation → inspector admin → factory; consumers and evidence before the factory and patching', () => {
    const deps = (n: string) => JSON.parse(readFileSync(join(s.out, 'manifest.json'), 'utf8')).stacks[n].dependencies;
    expect(deps('audit-inspector')).toEqual(['management-inspector-delegation']);
    // The management stack also enables RAM sharing with the organization, which the factory's OU and organization shares need.
    expect(deps('shared-services-image-factory').sort()).toEqual([
      'audit-evidence',
      'audit-inspector',
      'data-platform-prod-image-consumer',
      'management-inspector-delegation',
    ]);
    // Syncs write to the evidence bucket and failures go to its bus: the evidence stack first.
    expect(deps('payments-prod-patching')).toEqual(['audit-evidence']);
  });

  test('stacks.json names every stack with its identity, backend key and content hash', () => {
    const m = JSON.parse(readFileSync(join(s.out, 'stacks.json'), 'utf8'));
    expect(m.stacks.find((x: any) => x.name === 'audit-inspector')).toMatchObject({
      key: '222222222222/inspector',
      accountId: '222222222222',
      alias: 'audit',
      concern: 'inspector',
      backend: { type: 's3', key: 'patching/222222222222/inspector.tfstate' },
      dependsOn: ['111111111111/inspector-delegation'],
    });
    expect(m.stacks.every((x: any) => /^[0-9a-f]{64}$/.test(x.hash))).toBe(true);
  });
});

describe('backends', () => {
  test('local (default profile): state outside cdktf.out, keyed by account ID', () => {
    const s = synth(DEFAULT_PROFILE);
    expect(s.stack('patient-portal-patching').terraform.backend).toEqual({
      local: { path: '../../../state/210987654324-patching.tfstate' },
    });
  });
});

describe('deterministic output', () => {
  test('two synths of the same profile are byte-identical', () => {
    expect(readTree(synth(ACME).out)).toEqual(readTree(synth(ACME).out));
  });

  test('reordering accounts, OUs and unordered lists changes nothing', () => {
    const reordered = editedCopy(ACME, (t) => {
      const lines = t.split('\n');
      const block = (start: string, end: string) => {
        const a = lines.findIndex((l) => l.startsWith(start));
        const b = lines.findIndex((l, i) => i > a && l.startsWith(end));
        return [a + 1, b] as const;
      };
      for (const [from, to] of [block('  organizationalUnits:', '  accounts:'), block('  accounts:', 'terraform:')]) {
        const body = lines.slice(from, to).filter((l) => l.trim());
        lines.splice(from, body.length, ...body.reverse());
      }
      return lines
        .join('\n')
        .replace(
          'regions: [ap-southeast-2, ap-southeast-4]\n  organizationalUnits',
          'regions: [ap-southeast-4, ap-southeast-2]\n  organizationalUnits',
        )
        .replace('organizationalUnits: [workloads, infrastructure]', 'organizationalUnits: [infrastructure, workloads]')
        .replace('autoEnable: [ec2, ecr, lambda, lambda-code]', 'autoEnable: [lambda-code, lambda, ecr, ec2]');
    });
    expect(readTree(synth(reordered).out)).toEqual(readTree(synth(ACME).out));
  });
});

describe('atomic output', () => {
  test('a failure just before the swap leaves the previous cdktf.out exactly as it was', () => {
    const s = synth(DEFAULT_PROFILE);
    const before = readTree(s.out);
    const model = loadModel(ACME);
    let sawPartial = false;
    expect(() =>
      synthesize(model, s.out, {
        beforeSwap: (tmp) => {
          sawPartial = existsSync(join(tmp, 'stacks', 'audit-inspector', 'cdk.tf.json'));
          throw new Error('interrupted');
        },
      }),
    ).toThrow('interrupted');
    expect(sawPartial).toBe(true);
    expect(readTree(s.out)).toEqual(before);
    expect(existsSync(`${s.out}.tmp-${process.pid}`)).toBe(false);
  });

  test('a swap interrupted between its renames is recovered on the next run', () => {
    const s = synth(DEFAULT_PROFILE);
    const { renameSync } = require('fs');
    renameSync(s.out, `${s.out}.previous`);
    writeFileSync(`${s.out}.marker`, '');
    const r = loadProfile(DEFAULT_PROFILE, { asOf: AS_OF });
    synthesize(r.model!, s.out);
    expect(existsSync(`${s.out}.previous`)).toBe(false);
    expect(existsSync(join(s.out, 'stacks.json'))).toBe(true);
  });
});
