// Patching: what the Acme and default profiles synthesize in every target account and region, the pure
// mappings behind it, each bad input's positioned diagnostic (test/terraform.test.ts plans them).
import { logGroupRetentionDays, windowHours } from '../src/aws/patch-manager';
import { baselineOverrideDocument, baselineSpecs, ruleFilters } from '../src/patching/baselines';
import { loadProfile } from '../src/profile/load';
import type { Baseline, Rule } from '../src/profile/profile.generated';
import { ACME, AS_OF, DEFAULT_PROFILE, editedCopy, loadModel, replaceOnce } from './support/profiles';
import { synth, type Synthesized } from './support/synth';

type Res = [string, any];
/** Resources of a type in one region of a stack (construct paths start with the region). */
const inRegion = (s: Synthesized, stack: string, type: string, region: string): Res[] =>
  s.resources(stack, type).filter(([id]) => id.startsWith(`${region}_`));
const byName = (rs: Res[], field = 'name') => Object.fromEntries(rs.map(([, r]) => [r[field], r]));
const ref = (type: string, id: string, attr = 'id') => `\${${type}.${id}.${attr}}`;
const idOf = (rs: Res[], pred: (r: any) => boolean) => rs.find(([, r]) => pred(r))![0];

const ACME_TARGETS = [
  'shared-services',
  'payments-prod',
  'payments-nonprod',
  'website-prod',
  'data-platform-prod',
  'corp-desktops',
];
const INTERNET_FACING = ['payments-prod', 'website-prod'];

describe('acme: patching in every target account and region', () => {
  const s = synth(ACME);
  const model = loadModel(ACME);
  const stacks = s.manifest.stacks.filter((m) => m.concern === 'patching');
  // Every (stack, region) pair the profile calls for.
  const cells = stacks.flatMap((m) =>
    m.regions.map((region) => ({ stack: m.name, alias: m.alias, accountId: m.accountId, region })),
  );

  test('one patching stack per target account (OUs expanded, nested included); management and audit get none', () => {
    expect(stacks.map((m) => m.alias).sort()).toEqual([...ACME_TARGETS].sort());
    expect(model.patching!.targets.map((a) => a.alias).sort()).toEqual([...ACME_TARGETS].sort());
    // No patching resource type appears in any other stack.
    for (const name of s.names.filter((n) => !n.endsWith('-patching'))) {
      const types = Object.keys(s.stack(name).resource ?? {});
      expect(types.filter((t) => /^aws_ssm_(patch|default_patch|maintenance|association)/.test(t))).toEqual([]);
    }
    expect(cells).toHaveLength(10); // data-platform-prod and corp-desktops are single-region
  });

  test('every resource uses the provider of its region', () => {
    for (const m of stacks) {
      for (const [type, rs] of Object.entries<any>(s.stack(m.name).resource)) {
        // Evidence sources name their region inside the ID (evidence_sync-<region>); their IAM role is global (home region).
        const region = (id: string) =>
          id.startsWith('evidence_') ? (/ap-southeast-\d/.exec(id)?.[0] ?? m.regions[0]) : id.split('_')[0];
        for (const [id, r] of Object.entries<any>(rs))
          expect([type, id, r.provider]).toEqual([type, id, `aws.${region(id)}`]);
      }
    }
  });

  test.each(['amazon-linux-2023', 'ubuntu', 'windows'])(
    'baseline %s exists and is the default for its OS in every cell',
    (key) => {
      const os = { 'amazon-linux-2023': 'AMAZON_LINUX_2023', ubuntu: 'UBUNTU', windows: 'WINDOWS' }[key]!;
      for (const c of cells) {
        const baselines = inRegion(s, c.stack, 'aws_ssm_patch_baseline', c.region);
        const [id, b] = baselines.find(([, r]) => r.name === `patchline-baseline-${key}`)!;
        expect(b.operating_system).toBe(os);
        const defaults = inRegion(s, c.stack, 'aws_ssm_default_patch_baseline', c.region).filter(
          ([, r]) => r.operating_system === os,
        );
        expect(defaults.map(([, r]) => r.baseline_id)).toEqual([ref('aws_ssm_patch_baseline', id)]);
      }
    },
  );

  test('approval rules carry the filters, delays and compliance levels as written', () => {
    const b = byName(inRegion(s, 'payments-prod-patching', 'aws_ssm_patch_baseline', 'ap-southeast-4'));
    expect(b['patchline-baseline-amazon-linux-2023'].approval_rule).toEqual([
      {
        approve_after_days: 0,
        compliance_level: 'CRITICAL',
        enable_non_security: false,
        patch_filter: [
          { key: 'PRODUCT', values: ['*'] },
          { key: 'CLASSIFICATION', values: ['Security'] },
          { key: 'SEVERITY', values: ['Critical', 'Important'] },
        ],
      },
      {
        approve_after_days: 5,
        compliance_level: 'MEDIUM',
        enable_non_security: false,
        patch_filter: [
          { key: 'PRODUCT', values: ['*'] },
          { key: 'CLASSIFICATION', values: ['Security', 'Bugfix'] },
          { key: 'SEVERITY', values: ['Medium', 'Low'] },
        ],
      },
    ]);
    // Windows calls severity MSRC_SEVERITY.
    expect(b['patchline-baseline-windows'].approval_rule[0].patch_filter).toEqual([
      { key: 'PRODUCT', values: ['*'] },
      { key: 'CLASSIFICATION', values: ['CriticalUpdates', 'SecurityUpdates'] },
      { key: 'MSRC_SEVERITY', values: ['Critical', 'Important'] },
    ]);
    // Ubuntu: priority and section, no approval delay at all; without enableNonSecurity a rule approves only
    // security-pocket updates, and the description says so (priority is not severity).
    const ubuntu = b['patchline-baseline-ubuntu'].approval_rule;
    expect(ubuntu[0]).toEqual({
      compliance_level: 'CRITICAL',
      enable_non_security: false,
      patch_filter: [
        { key: 'PRODUCT', values: ['*'] },
        { key: 'PRIORITY', values: ['Required', 'Important', 'Standard', 'Optional'] },
        { key: 'SECTION', values: ['*'] },
      ],
    });
    expect(b['patchline-baseline-ubuntu'].description).toBe(
      'Rule 1 (expedite lane too): security-pocket updates only, priority Required, Important, Standard, Optional, every section. ' +
        'Rule 2: security-pocket updates only, priority Standard, Optional, every section. ' +
        'Priority is how essential a package is, not vulnerability severity; Patch Manager has no severity filter here.',
    );
    // Other OSes keep the profile's description (none here).
    expect(b['patchline-baseline-windows'].description).toBeUndefined();
    expect(b['patchline-baseline-ubuntu'].rejected_patches_action).toBe('BLOCK');
  });

  test('ring windows: schedule, time zone, whole-hour duration and cutoff, in every cell', () => {
    for (const c of cells) {
      const w = byName(inRegion(s, c.stack, 'aws_ssm_maintenance_window', c.region));
      expect(w['patchline-ring-canary']).toMatchObject({
        schedule: 'cron(0 2 ? * WED *)',
        schedule_timezone: 'Australia/Sydney',
        duration: 3,
        cutoff: 1,
        allow_unassociated_targets: false,
        enabled: true,
      });
      expect(w['patchline-ring-production']).toMatchObject({
        schedule: 'cron(0 2 ? * SAT *)',
        schedule_timezone: 'Australia/Sydney',
        duration: 4,
        cutoff: 1,
      });
      expect(w['patchline-ring-canary'].schedule_offset).toBeUndefined();
    }
  });

  test('the expedite lane exists exactly in the internet-facing accounts, nightly, with its 30m cutoff rounded up to 1h', () => {
    for (const c of cells) {
      const w = byName(inRegion(s, c.stack, 'aws_ssm_maintenance_window', c.region));
      expect(Object.keys(w).sort()).toEqual(
        INTERNET_FACING.includes(c.alias)
          ? ['patchline-expedite', 'patchline-ring-canary', 'patchline-ring-production']
          : ['patchline-ring-canary', 'patchline-ring-production'],
      );
      if (INTERNET_FACING.includes(c.alias)) {
        expect(w['patchline-expedite']).toMatchObject({
          schedule: 'cron(0 22 * * ? *)',
          schedule_timezone: 'Australia/Sydney',
          duration: 2,
          cutoff: 1,
        });
      }
    }
  });

  test('targets select instances by the ring tag; the expedite lane takes every defined ring', () => {
    for (const c of cells) {
      const windows = inRegion(s, c.stack, 'aws_ssm_maintenance_window', c.region);
      for (const [, t] of inRegion(s, c.stack, 'aws_ssm_maintenance_window_target', c.region)) {
        const window = windows.find(([id]) => t.window_id === ref('aws_ssm_maintenance_window', id))![1];
        expect(t.resource_type).toBe('INSTANCE');
        expect(t.name).toBe(window.name);
        expect(t.targets).toEqual([
          {
            key: 'tag:patch-ring',
            values:
              window.name === 'patchline-expedite'
                ? ['canary', 'production']
                : [window.name.replace('patchline-ring-', '')],
          },
        ]);
      }
    }
  });

  test('tasks run AWS-RunPatchBaseline Install with reboot, concurrency and output to S3 and CloudWatch, with no IAM role', () => {
    for (const c of cells) {
      const targets = inRegion(s, c.stack, 'aws_ssm_maintenance_window_target', c.region);
      const bucket = `patchline-patch-logs-${c.accountId}-${c.region}`;
      const [logGroupId] = inRegion(s, c.stack, 'aws_cloudwatch_log_group', c.region)[0];
      const tasks = byName(inRegion(s, c.stack, 'aws_ssm_maintenance_window_task', c.region));
      const expected: Record<string, [string, string, string]> = {
        'patchline-ring-canary': ['50%', '10%', 'logs/ring/canary'],
        'patchline-ring-production': ['20%', '5%', 'logs/ring/production'],
        ...(INTERNET_FACING.includes(c.alias)
          ? { 'patchline-expedite': ['10%', '5%', 'logs/expedite'] as [string, string, string] }
          : {}),
      };
      expect(Object.keys(tasks).sort()).toEqual(Object.keys(expected).sort());
      for (const [name, [concurrency, errors, prefix]] of Object.entries(expected)) {
        const t = tasks[name];
        expect(t).toMatchObject({
          task_type: 'RUN_COMMAND',
          task_arn: 'AWS-RunPatchBaseline',
          max_concurrency: concurrency,
          max_errors: errors,
          priority: 1,
        });
        expect(t.service_role_arn).toBeUndefined(); // the SSM service-linked role runs it
        expect(t.targets).toEqual([
          {
            key: 'WindowTargetIds',
            values: [
              ref(
                'aws_ssm_maintenance_window_target',
                idOf(targets, (r) => r.name === name),
              ),
            ],
          },
        ]);
        const rc = t.task_invocation_parameters.run_command_parameters;
        expect(rc.service_role_arn).toBeUndefined();
        expect(rc).toMatchObject({
          output_s3_bucket: bucket,
          output_s3_key_prefix: prefix,
          cloudwatch_config: {
            cloudwatch_output_enabled: true,
            cloudwatch_log_group_name: ref('aws_cloudwatch_log_group', logGroupId, 'name'),
          },
        });
        const params = Object.fromEntries(rc.parameter.map((p: any) => [p.name, p.values]));
        expect(params.Operation).toEqual(['Install']);
        expect(params.RebootOption).toEqual(['RebootIfNeeded']);
        if (name === 'patchline-expedite') {
          const [objectId, object] = inRegion(s, c.stack, 'aws_s3_object', c.region)[0];
          expect(object).toMatchObject({
            key: 'baseline-overrides/expedite.json',
            content_type: 'application/json',
            server_side_encryption: 'aws:kms',
          });
          expect(params.BaselineOverride).toEqual([
            `s3://${ref('aws_s3_object', objectId, 'bucket')}/${ref('aws_s3_object', objectId, 'key')}`,
          ]);
        } else {
          expect(params.BaselineOverride).toBeUndefined();
        }
      }
    }
  });

  test('the expedite override document installs only expedite rules, per OS, and approves nothing elsewhere', () => {
    const [, object] = inRegion(s, 'website-prod-patching', 'aws_s3_object', 'ap-southeast-2')[0];
    const doc: any[] = JSON.parse(object.content);
    const entry = (os: string) => doc.find((e) => e.OperatingSystem === os);
    expect(entry('AMAZON_LINUX_2023').ApprovalRules.PatchRules).toEqual([
      {
        PatchFilterGroup: {
          PatchFilters: [
            { Key: 'PRODUCT', Values: ['*'] },
            { Key: 'CLASSIFICATION', Values: ['Security'] },
            { Key: 'SEVERITY', Values: ['Critical', 'Important'] },
          ],
        },
        ApproveAfterDays: 0,
        ComplianceLevel: 'CRITICAL',
        EnableNonSecurity: false,
      },
    ]);
    expect(entry('UBUNTU').ApprovalRules.PatchRules).toHaveLength(1);
    expect(entry('UBUNTU').ApprovalRules.PatchRules[0].ApproveAfterDays).toBeUndefined();
    expect(entry('WINDOWS').ApprovalRules.PatchRules[0].PatchFilterGroup.PatchFilters[2]).toEqual({
      Key: 'MSRC_SEVERITY',
      Values: ['Critical', 'Important'],
    });
    // An OS the profile has no baseline for would otherwise fall back to its default baseline: a full patch run.
    expect(entry('REDHAT_ENTERPRISE_LINUX').ApprovalRules.PatchRules).toEqual([]);
    expect(doc.every((e) => e.ApprovedPatches.length === 0)).toBe(true);
    expect(new Set(doc.map((e) => e.OperatingSystem)).size).toBe(doc.length);
    // No expedite lane, no document.
    expect(s.resources('payments-nonprod-patching', 'aws_s3_object')).toEqual([]);
  });

  test('scan and inventory associations cover every managed instance, with compliance sync on', () => {
    for (const c of cells) {
      // The factory's build region selects ring-tagged nodes only (test/first-apply.test.ts).
      const targets =
        c.alias === 'shared-services' && c.region === 'ap-southeast-2'
          ? [{ key: 'tag-key', values: ['patch-ring'] }]
          : [{ key: 'InstanceIds', values: ['*'] }];
      const a = byName(inRegion(s, c.stack, 'aws_ssm_association', c.region), 'association_name');
      expect(a['patchline-patch-scan']).toMatchObject({
        name: 'AWS-RunPatchBaseline',
        parameters: { Operation: 'Scan' },
        targets,
        schedule_expression: 'rate(1 day)',
        sync_compliance: 'AUTO',
        compliance_severity: 'HIGH',
        output_location: {
          s3_bucket_name: `patchline-patch-logs-${c.accountId}-${c.region}`,
          s3_key_prefix: 'logs/scan',
        },
      });
      expect(a['patchline-inventory']).toMatchObject({
        name: 'AWS-GatherSoftwareInventory',
        targets,
        schedule_expression: 'rate(1 day)',
        sync_compliance: 'AUTO',
        compliance_severity: 'MEDIUM',
      });
      expect(Object.keys(a)).toHaveLength(2);
    }
  });

  test('the patch-log bucket: private, SSE-KMS with a rotating CMK, versioned, TLS-only, logs expire', () => {
    for (const c of cells) {
      const [keyId, key] = inRegion(s, c.stack, 'aws_kms_key', c.region)[0];
      const keyArn = ref('aws_kms_key', keyId, 'arn');
      expect(key).toMatchObject({ enable_key_rotation: true, deletion_window_in_days: 30 });
      const [bucketId, bucket] = inRegion(s, c.stack, 'aws_s3_bucket', c.region)[0];
      expect(bucket.bucket).toBe(`patchline-patch-logs-${c.accountId}-${c.region}`);
      const on = (type: string) =>
        inRegion(s, c.stack, type, c.region)
          .map(([, r]) => r)
          .filter((r) => r.bucket === ref('aws_s3_bucket', bucketId));
      expect(on('aws_s3_bucket_public_access_block')).toEqual([
        expect.objectContaining({
          block_public_acls: true,
          block_public_policy: true,
          ignore_public_acls: true,
          restrict_public_buckets: true,
        }),
      ]);
      expect(on('aws_s3_bucket_server_side_encryption_configuration')[0].rule).toEqual([
        {
          apply_server_side_encryption_by_default: { sse_algorithm: 'aws:kms', kms_master_key_id: keyArn },
          bucket_key_enabled: true,
        },
      ]);
      expect(on('aws_s3_bucket_versioning')[0].versioning_configuration).toEqual({ status: 'Enabled' });
      expect(on('aws_s3_bucket_ownership_controls')[0].rule).toEqual({ object_ownership: 'BucketOwnerEnforced' });
      const lifecycle = on('aws_s3_bucket_lifecycle_configuration')[0].rule;
      expect(lifecycle.find((r: any) => r.id === 'expire')).toMatchObject({
        filter: [{ prefix: 'logs/' }],
        expiration: [{ days: 365 }],
      });
      // Override documents are never expired (a missing document would fail every expedite run).
      expect(lifecycle.filter((r: any) => r.expiration).map((r: any) => r.filter[0].prefix)).toEqual(['logs/']);
      const policy = JSON.parse(on('aws_s3_bucket_policy')[0].policy);
      expect(policy.Statement[0]).toMatchObject({
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Condition: { Bool: { 'aws:SecureTransport': false } },
      });
      // Instances (any principal of this account only) write logs and read override documents.
      for (const st of policy.Statement.filter((x: any) => x.Effect === 'Allow')) {
        expect(st.Condition).toEqual({
          StringEquals: { 'aws:PrincipalAccount': c.accountId, 'aws:PrincipalOrgID': 'o-7x2kq9p4mz' },
        });
      }
      expect(policy.Statement.find((x: any) => x.Sid === 'AccountPrincipalsReadDocuments').Resource).toBe(
        `arn:aws:s3:::${bucket.bucket}/baseline-overrides/*`,
      );
      const [, logGroup] = inRegion(s, c.stack, 'aws_cloudwatch_log_group', c.region)[0];
      expect(logGroup).toMatchObject({ name: '/patchline/patching', retention_in_days: 365, kms_key_id: keyArn });
    }
  });

  test('key policy: account root, S3 use by the account inside the organization, CloudWatch Logs for this log group only', () => {
    const [, key] = inRegion(s, 'payments-prod-patching', 'aws_kms_key', 'ap-southeast-4')[0];
    const st = JSON.parse(key.policy).Statement;
    expect(st.map((x: any) => x.Principal)).toEqual([
      { AWS: 'arn:aws:iam::444444444444:root' },
      { AWS: '*' },
      { Service: 'logs.ap-southeast-4.amazonaws.com' },
    ]);
    expect(st[1].Condition.StringEquals).toEqual({
      'kms:CallerAccount': '444444444444',
      'kms:ViaService': 's3.ap-southeast-4.amazonaws.com',
      'aws:PrincipalOrgID': 'o-7x2kq9p4mz',
    });
    expect(st[2].Condition).toEqual({
      ArnEquals: {
        'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:ap-southeast-4:444444444444:log-group:/patchline/patching',
      },
    });
  });

  test('resource addresses derive from region, baseline key and ring name only', () => {
    for (const m of stacks) {
      for (const rs of Object.values<any>(s.stack(m.name).resource)) {
        for (const id of Object.keys(rs)) {
          expect(id).not.toContain(m.alias);
          expect(id).toMatch(
            /^(ap-southeast-[24]_(patch-logs|baselines|ring-(canary|production)|expedite|scan)_|evidence_((sync|forward)-ap-southeast-[24]|forward-role)_)/,
          );
        }
      }
    }
  });

  test('reordering baselines and rings changes nothing', () => {
    const f = editedCopy(ACME, (t) => {
      const block = (start: string, end: string) => t.slice(t.indexOf(start), t.indexOf(end));
      const canary = block('    canary:\n', '    production:\n');
      const production = block('    production:\n', '  # Every night');
      const al = block('    amazon-linux-2023:\n', '    ubuntu:\n');
      return replaceOnce(
        replaceOnce(replaceOnce(t, canary + production, production + canary), al, ''),
        '  rings:\n',
        `${al}  rings:\n`,
      );
    });
    const r = synth(f);
    for (const m of stacks)
      expect(JSON.stringify(r.stack(m.name).resource)).toBe(JSON.stringify(s.stack(m.name).resource));
  });
});

describe('default profile: overrides, exposures, retention', () => {
  const s = synth(DEFAULT_PROFILE);
  const windows = (stack: string) => byName(inRegion(s, stack, 'aws_ssm_maintenance_window', 'ap-southeast-2'));

  test('an account override replaces the ring schedule in that account only', () => {
    expect(windows('clinical-records-patching')['patchline-ring-broad'].schedule).toBe('cron(0 21 ? * SUN *)');
    expect(windows('clinical-analytics-patching')['patchline-ring-broad'].schedule).toBe('cron(0 22 ? * THU *)');
    // The override leaves every other setting to the ring.
    expect(windows('clinical-records-patching')['patchline-ring-broad']).toMatchObject({
      duration: 4,
      cutoff: 1,
      schedule_timezone: 'Australia/Sydney',
    });
  });

  test('the expedite lane follows every listed exposure (internet-facing and workstation)', () => {
    const lanes = s.manifest.stacks
      .filter((m) => m.concern === 'patching' && 'patchline-expedite' in windows(m.name))
      .map((m) => m.alias);
    expect(lanes.sort()).toEqual(['patient-portal', 'staff-desktops']);
    expect(windows('patient-portal-patching')['patchline-expedite']).toMatchObject({
      schedule: 'cron(0 3 * * ? *)',
      duration: 2,
      cutoff: 1,
    });
  });

  test("the expedite document keeps the baseline's rejected patches", () => {
    const [, object] = inRegion(s, 'patient-portal-patching', 'aws_s3_object', 'us-east-1')[0];
    const windowsEntry = JSON.parse(object.content).find((e: any) => e.OperatingSystem === 'WINDOWS');
    expect(windowsEntry).toMatchObject({ RejectedPatches: ['KB5034441'], RejectedPatchesAction: 'BLOCK' });
    const [, baseline] = inRegion(s, 'patient-portal-patching', 'aws_ssm_patch_baseline', 'us-east-1').find(
      ([, r]) => r.operating_system === 'WINDOWS',
    )!;
    expect(baseline).toMatchObject({ rejected_patches: ['KB5034441'], rejected_patches_action: 'BLOCK' });
    // A rule without severity writes no severity filter.
    expect(baseline.approval_rule[1].patch_filter.map((f: any) => f.key)).toEqual(['PRODUCT', 'CLASSIFICATION']);
  });

  test('logRetentionDays reaches the log group and the bucket lifecycle; inventory and scan keep their own schedules', () => {
    const [, logGroup] = inRegion(s, 'staff-desktops-patching', 'aws_cloudwatch_log_group', 'ap-southeast-2')[0];
    expect(logGroup.retention_in_days).toBe(400);
    const [, lifecycle] = inRegion(
      s,
      'staff-desktops-patching',
      'aws_s3_bucket_lifecycle_configuration',
      'ap-southeast-2',
    )[0];
    expect(lifecycle.rule[0].expiration).toEqual([{ days: 400 }]);
    const a = byName(
      inRegion(s, 'staff-desktops-patching', 'aws_ssm_association', 'ap-southeast-2'),
      'association_name',
    );
    expect(a['patchline-patch-scan'].schedule_expression).toBe('rate(12 hours)');
    expect(a['patchline-inventory'].schedule_expression).toBe('rate(1 day)');
  });

  test("reboot: never becomes NoReboot, and an override that does not mention reboot keeps the ring's", () => {
    const f = editedCopy(DEFAULT_PROFILE, (t) =>
      replaceOnce(
        t,
        '      maxErrors: 5%\n  accountOverrides:',
        '      maxErrors: 5%\n      reboot: never\n  accountOverrides:',
      ),
    );
    const r = synth(f);
    for (const stack of ['clinical-records-patching', 'clinical-analytics-patching']) {
      const tasks = byName(inRegion(r, stack, 'aws_ssm_maintenance_window_task', 'ap-southeast-2'));
      const reboot = (name: string) =>
        tasks[name].task_invocation_parameters.run_command_parameters.parameter.find(
          (p: any) => p.name === 'RebootOption',
        ).values;
      expect(reboot('patchline-ring-broad')).toEqual(['NoReboot']);
      expect(reboot('patchline-ring-pilot')).toEqual(['RebootIfNeeded']);
    }
  });

  test('offsetDays becomes schedule_offset', () => {
    const f = editedCopy(DEFAULT_PROFILE, (t) =>
      replaceOnce(
        t,
        '      schedule: cron(0 22 ? * TUE *)\n',
        '      schedule: cron(0 22 ? * TUE#2 *)\n      offsetDays: 4\n',
      ),
    );
    const r = synth(f);
    const w = byName(inRegion(r, 'patient-portal-patching', 'aws_ssm_maintenance_window', 'ap-southeast-2'));
    expect(w['patchline-ring-pilot']).toMatchObject({ schedule: 'cron(0 22 ? * TUE#2 *)', schedule_offset: 4 });
  });

  test('no rule marked expedite: a warning, and no lane anywhere', () => {
    const f = editedCopy(DEFAULT_PROFILE, (t) => t.replace(/\n +expedite: true/g, ''));
    const result = loadProfile(f, { asOf: AS_OF });
    expect(
      result.diagnostics.filter((d) => d.path.startsWith('patching.')).map((d) => [d.severity, d.path, d.message]),
    ).toEqual([
      [
        'warning',
        'patching.expedite',
        'no approval rule is marked expedite: true, so the expedite lane would install nothing and is not generated',
      ],
      [
        'warning',
        'patching.exploitLane',
        'no approval rule is marked expedite: true, so the exploit lane would install nothing and is not generated',
      ],
    ]);
    const r = synth(f);
    for (const m of r.manifest.stacks.filter((x) => x.concern === 'patching')) {
      expect(r.resources(m.name, 'aws_ssm_maintenance_window').map(([, w]) => w.name)).not.toContain(
        'patchline-expedite',
      );
      expect(r.resources(m.name, 'aws_s3_object')).toEqual([]);
      expect(r.resources(m.name, 'aws_cloudwatch_event_rule').map(([, x]) => x.name)).not.toContain(
        'patchline-exploit-lane',
      );
    }
  });
});

describe('mappings', () => {
  test('cutoffs round up to whole hours; durations stay whole hours', () => {
    expect(windowHours(120, 30)).toEqual({ duration: 2, cutoff: 1 });
    expect(windowHours(180, 60)).toEqual({ duration: 3, cutoff: 1 });
    expect(windowHours(180, 61)).toEqual({ duration: 3, cutoff: 2 });
    expect(windowHours(60, 0)).toEqual({ duration: 1, cutoff: 0 });
  });

  test('log retention rounds up to a value CloudWatch accepts', () => {
    expect([1, 2, 365, 366, 400, 401, 3653].map(logGroupRetentionDays)).toEqual([1, 3, 365, 400, 400, 545, 3653]);
  });

  test('filters: PRODUCT defaults to *, severity is MSRC_SEVERITY on Windows, keys the OS lacks are dropped', () => {
    const rule: Rule = {
      classification: ['Security'],
      severity: ['Critical'],
      complianceLevel: 'HIGH',
      enableNonSecurity: false,
      expedite: false,
    };
    expect(ruleFilters('AMAZON_LINUX_2', rule)).toEqual([
      { key: 'PRODUCT', values: ['*'] },
      { key: 'CLASSIFICATION', values: ['Security'] },
      { key: 'SEVERITY', values: ['Critical'] },
    ]);
    expect(ruleFilters('WINDOWS', { ...rule, product: ['WindowsServer2022'] })).toEqual([
      { key: 'PRODUCT', values: ['WindowsServer2022'] },
      { key: 'CLASSIFICATION', values: ['Security'] },
      { key: 'MSRC_SEVERITY', values: ['Critical'] },
    ]);
    expect(ruleFilters('MACOS', rule).map((f) => f.key)).toEqual(['PRODUCT', 'CLASSIFICATION']);
  });

  test('override document: approveUntilDate is kept, and the document is identical for any baseline order', () => {
    const a: Baseline = {
      os: 'AMAZON_LINUX_2',
      rejectedPatchesAction: 'BLOCK',
      rules: [{ approveUntilDate: '2026-01-01', complianceLevel: 'HIGH', expedite: true, enableNonSecurity: false }],
    };
    const w: Baseline = {
      os: 'WINDOWS',
      rejectedPatchesAction: 'BLOCK',
      rules: [{ approveAfterDays: 3, complianceLevel: 'LOW', enableNonSecurity: false, expedite: false }],
    };
    const doc = JSON.parse(baselineOverrideDocument(baselineSpecs({ a, w })));
    expect(doc.find((e: any) => e.OperatingSystem === 'AMAZON_LINUX_2').ApprovalRules.PatchRules[0]).toMatchObject({
      ApproveUntilDate: '2026-01-01',
    });
    expect(doc.find((e: any) => e.OperatingSystem === 'WINDOWS').ApprovalRules.PatchRules).toEqual([]);
    expect(baselineOverrideDocument(baselineSpecs({ w, a }))).toBe(baselineOverrideDocument(baselineSpecs({ a, w })));
  });
});

describe('bad input gets a positioned diagnostic', () => {
  /** Errors of an edited Acme copy, and the line of `marker` in the edited text. */
  const problems = (edit: (t: string) => string, marker: string) => {
    let edited = '';
    const f = editedCopy(ACME, (t) => (edited = edit(t)));
    const r = loadProfile(f, { asOf: AS_OF });
    expect(r.model).toBeUndefined();
    // The last line holding the marker: edits add text below what they copy.
    const lines = edited.split('\n');
    let line = lines.length;
    while (line > 0 && !lines[line - 1].includes(marker)) line--;
    expect(line).toBeGreaterThan(0);
    return {
      line,
      found: r.diagnostics
        .filter((d) => d.severity === 'error')
        .map((d) => ({ line: d.line, path: d.path, message: d.message })),
    };
  };
  const expectOne = (edit: (t: string) => string, marker: string, path: string, message: string | RegExp) => {
    const { line, found } = problems(edit, marker);
    expect(found).toEqual([
      { line, path, message: typeof message === 'string' ? message : expect.stringMatching(message) },
    ]);
  };
  const ring = (from: string, to: string) => (t: string) =>
    replaceOnce(t, `    canary:\n      ${from}\n`, `    canary:\n      ${to}\n`);

  test('cron AWS would reject (day-of-month and day-of-week both set)', () => {
    expectOne(
      ring('schedule: cron(0 2 ? * WED *)', 'schedule: cron(0 2 1 * WED *)'),
      'cron(0 2 1 * WED *)',
      'patching.rings.canary.schedule',
      /^not a schedule AWS accepts for a maintenance window: one of day-of-month or day-of-week must be \?/,
    );
  });

  test('cron with a bad # and a five-field cron', () => {
    expectOne(
      ring('schedule: cron(0 2 ? * WED *)', 'schedule: cron(0 2 ? * WED#6 *)'),
      'WED#6',
      'patching.rings.canary.schedule',
      /the number after # must be 1-5/,
    );
    expectOne(
      ring('schedule: cron(0 2 ? * WED *)', 'schedule: cron(0 2 ? * WED)'),
      'cron(0 2 ? * WED)',
      'patching.rings.canary.schedule',
      /must have 6 fields/,
    );
  });

  test('rate in minutes for a maintenance window', () => {
    expectOne(
      ring('schedule: cron(0 2 ? * WED *)', 'schedule: rate(30 minutes)'),
      'rate(30 minutes)',
      'patching.rings.canary.schedule',
      /must use hours or days, not minutes/,
    );
  });

  test('scan schedule more often than associations allow', () => {
    expectOne(
      (t) => replaceOnce(t, '    schedule: rate(1 day)\n', '    schedule: rate(10 minutes)\n'),
      'rate(10 minutes)',
      'patching.scan.schedule',
      'not a schedule AWS accepts for an association: association rate expressions must be at least 30 minutes apart, found rate(10 minutes)',
    );
  });

  test('a time zone that is not IANA', () => {
    expectOne(
      ring(
        'schedule: cron(0 2 ? * WED *)\n      timezone: Australia/Sydney',
        'schedule: cron(0 2 ? * WED *)\n      timezone: AEST',
      ),
      'timezone: AEST',
      'patching.rings.canary.timezone',
      '"AEST" is not an IANA time zone name such as Australia/Sydney or UTC',
    );
    expectOne(
      (t) =>
        replaceOnce(
          t,
          '    timezone: Australia/Sydney\n    duration: 2h',
          '    timezone: Australia/Sydnee\n    duration: 2h',
        ),
      'Sydnee',
      'patching.expedite.timezone',
      /"Australia\/Sydnee" is not an IANA.* \(did you mean "Australia\/Sydney"\?\)$/,
    );
  });

  test('cutoff not shorter than the duration', () => {
    expectOne(
      (t) => replaceOnce(t, '      duration: 3h\n      cutoff: 1h', '      duration: 3h\n      cutoff: 3h'),
      'cutoff: 3h',
      'patching.rings.canary.cutoff',
      "cutoff 3h must be shorter than the window's duration 3h",
    );
  });

  test('a part-hour cutoff that rounds up to the whole window', () => {
    expectOne(
      (t) => replaceOnce(t, '    duration: 2h\n    cutoff: 30m', '    duration: 1h\n    cutoff: 30m'),
      'cutoff: 30m',
      'patching.expedite.cutoff',
      'cutoff 30m rounds up to 1h (AWS counts cutoffs in whole hours), which is not shorter than the 1h window; use a shorter cutoff or a longer duration',
    );
  });

  test.each([
    ['25h', 'a maintenance window lasts 1h to 24h, found 25h'],
    ['30m', 'a maintenance window lasts 1h to 24h, found 30m'],
    ['2h30m', 'AWS maintenance windows last whole hours; 2h30m cannot be expressed (use 2h or 3h)'],
  ])('duration %s', (duration, message) => {
    expectOne(
      (t) => replaceOnce(t, '      duration: 3h\n', `      duration: ${duration}\n`),
      `duration: ${duration}`,
      'patching.rings.canary.duration',
      message,
    );
  });

  test.each([
    ['maxConcurrency', 'ten'],
    ['maxErrors', '150%'],
  ])('%s that is neither a count nor a percentage (schema)', (field, value) => {
    expectOne(
      (t) =>
        replaceOnce(
          t,
          field === 'maxConcurrency' ? '      maxConcurrency: 50%' : '      maxErrors: 10%',
          `      ${field}: ${value}`,
        ),
      `${field}: ${value}`,
      `patching.rings.canary.${field}`,
      /must be a count such as 10 or a percentage such as 10%/,
    );
  });

  test('offsetDays with a rate schedule', () => {
    expectOne(
      ring('schedule: cron(0 2 ? * WED *)', 'schedule: rate(7 days)\n      offsetDays: 2'),
      'offsetDays: 2',
      'patching.rings.canary.offsetDays',
      'offsetDays needs a cron(...) schedule; AWS offsets only cron schedules, not rate(7 days)',
    );
  });

  const overrides = (body: string) => (t: string) =>
    replaceOnce(
      t,
      '  # Every night, across all rings',
      `  accountOverrides:\n${body}  # Every night, across all rings`,
    );

  test('an override of a ring that is not defined', () => {
    expectOne(
      overrides('    payments-prod:\n      rings:\n        canery:\n          schedule: cron(0 3 ? * WED *)\n'),
      'canery:',
      'patching.accountOverrides.payments-prod.rings.canery',
      'ring "canery" is not defined in patching.rings (did you mean "canary"?)',
    );
  });

  test('an override for an unknown account, and for an account patching does not target', () => {
    expectOne(
      overrides('    payments-prd:\n      rings:\n        canary:\n          schedule: cron(0 3 ? * WED *)\n'),
      'payments-prd:',
      'patching.accountOverrides.payments-prd',
      'unknown account "payments-prd" (did you mean "payments-prod"?)',
    );
    expectOne(
      overrides('    management:\n      rings:\n        canary:\n          schedule: cron(0 3 ? * WED *)\n'),
      '    management:',
      'patching.accountOverrides.management',
      'account "management" is not a patching target (patching.targets), so its overrides would never apply',
    );
  });

  test('an override that breaks the ring it lands on is reported at the override', () => {
    expectOne(
      overrides('    payments-prod:\n      rings:\n        canary:\n          duration: 1h\n'),
      'duration: 1h',
      'patching.accountOverrides.payments-prod.rings.canary.duration',
      "cutoff 1h must be shorter than the window's duration 1h (with the ring's cutoff)",
    );
    expectOne(
      overrides('    payments-prod:\n      rings:\n        canary:\n          timezone: Sydney\n'),
      'timezone: Sydney',
      'patching.accountOverrides.payments-prod.rings.canary.timezone',
      /"Sydney" is not an IANA time zone/,
    );
  });

  test('two baselines for the same OS', () => {
    expectOne(
      (t) => replaceOnce(t, '    windows:\n      os: WINDOWS', '    windows:\n      os: AMAZON_LINUX_2023'),
      'os: AMAZON_LINUX_2023',
      'patching.baselines.windows.os',
      'baselines "amazon-linux-2023" and "windows" are both for AMAZON_LINUX_2023; an account has one default baseline per operating system, so merge their rules',
    );
  });

  test('approveAfterDays on Ubuntu (schema)', () => {
    const { found } = problems(
      (t) =>
        replaceOnce(
          t,
          '        - priority: [Required, Important, Standard, Optional]\n',
          '        - priority: [Required, Important, Standard, Optional]\n          approveAfterDays: 3\n',
        ),
      'approveAfterDays: 3',
    );
    expect(found).toEqual([
      expect.objectContaining({
        path: 'patching.baselines.ubuntu.rules[0].approveAfterDays',
        message: expect.stringMatching(/^Ubuntu and Debian have no release-date approval delay/),
      }),
    ]);
  });

  test('more than 360 days (schema)', () => {
    expectOne(
      (t) =>
        replaceOnce(
          t,
          '          approveAfterDays: 5\n          complianceLevel: MEDIUM\n    ubuntu',
          '          approveAfterDays: 361\n          complianceLevel: MEDIUM\n    ubuntu',
        ),
      'approveAfterDays: 361',
      'patching.baselines.amazon-linux-2023.rules[1].approveAfterDays',
      /360/,
    );
  });

  test('a filter the OS does not have', () => {
    expectOne(
      (t) =>
        replaceOnce(
          t,
          '        - priority: [Required, Important, Standard, Optional]\n',
          '        - priority: [Required, Important, Standard, Optional]\n          severity: [Critical]\n',
        ),
      'severity: [Critical]',
      'patching.baselines.ubuntu.rules[0].severity',
      'UBUNTU patches have no severity; rules for UBUNTU can filter by product, priority, section',
    );
  });

  test('enableNonSecurity on Windows', () => {
    expectOne(
      (t) =>
        replaceOnce(
          t,
          '          severity: [Moderate, Low, Unspecified]\n',
          '          severity: [Moderate, Low, Unspecified]\n          enableNonSecurity: true\n',
        ),
      'enableNonSecurity: true',
      'patching.baselines.windows.rules[1].enableNonSecurity',
      'enableNonSecurity applies to Linux repositories only; remove it from Windows rules',
    );
  });

  test('a ring tag in the reserved aws: namespace', () => {
    expectOne(
      (t) => replaceOnce(t, '  ringTag: patch-ring', '  ringTag: aws:patch-ring'),
      'ringTag: aws:patch-ring',
      'patching.ringTag',
      /reserved by AWS/,
    );
  });
});
