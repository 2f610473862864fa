// Synthetic org profiles of any size for the benchmark: every capability on, two regions per account.
import { mkdirSync, writeFileSync } from 'fs';
import { join } from 'path';
import { stringify } from 'yaml';

/** The assessment date the benchmark validates and synthesizes as of. */
export const BENCH_AS_OF = '2026-11-24';

const REGIONS = ['ap-southeast-2', 'us-east-1'];
const accountId = (i: number) => String(100_000_000_000 + i);

/** Fixed accounts besides the workloads: management, the Inspector admin, the image factory. */
const FIXED = 3;

/**
 * A profile with `accounts` accounts (at least 4): management, audit (Inspector delegated admin), shared-services
 * (image factory, patched via the infrastructure OU), and workload accounts alternating between the prod and nonprod
 * OUs below `workloads`. Every 5th workload is internet-facing and every 7th a workstation account; 1 in 50 gets an
 * image copy (an image-consumer stack), 1 in 100 a ring override, 1 in 100 an exemption.
 */
export function generateProfile(accounts: number): Record<string, unknown> {
  if (accounts < FIXED + 1) throw new Error(`a benchmark profile needs at least ${FIXED + 1} accounts`);
  const workloads = Array.from({ length: accounts - FIXED }, (_, i) => {
    const n = i + 1;
    const ou = n % 2 ? 'workloads-prod' : 'workloads-nonprod';
    const exposure = n % 5 === 0 ? 'internet-facing' : n % 7 === 0 ? 'workstation' : undefined;
    return {
      alias: `app-${String(n).padStart(4, '0')}-${ou === 'workloads-prod' ? 'prod' : 'dev'}`,
      id: accountId(FIXED + n),
      ou,
      exposure,
    };
  });
  const every = (k: number) => workloads.filter((_, i) => (i + 1) % k === 0 || (i === 0 && workloads.length < k));
  const copyTo = every(50).map((a) => a.alias);

  const pipeline = (
    os: string,
    architecture: string,
    ssm: string,
    components: object[],
    tests: string,
    cron: string,
    distribution: object,
  ) => ({
    os,
    architecture,
    parentImage: { ssm },
    components,
    tests: [{ aws: tests }],
    schedule: { cron, timezone: 'Australia/Sydney', onlyWhenUpdatesAvailable: true },
    scanning: true,
    distribution,
    retention: { keepLatest: 3, deprecateAfterDays: 60 },
  });
  const rule = (
    classification: string[],
    severity: string[],
    approveAfterDays: number,
    complianceLevel: string,
    expedite = false,
  ) => ({ classification, severity, approveAfterDays, complianceLevel, ...(expedite ? { expedite } : {}) });

  return {
    version: 1,
    organization: {
      id: 'o-benchmark01',
      rootId: 'r-bnch',
      deploymentRole: 'PatchlineDeploy',
      managementAccount: 'management',
      homeRegion: REGIONS[0],
      regions: REGIONS,
      organizationalUnits: {
        security: { id: 'ou-bnch-5ec00001' },
        infrastructure: { id: 'ou-bnch-1nf00001' },
        workloads: { id: 'ou-bnch-w0rk0001' },
        'workloads-prod': { id: 'ou-bnch-pr0d0001', parent: 'workloads' },
        'workloads-nonprod': { id: 'ou-bnch-n0np0001', parent: 'workloads' },
      },
      accounts: {
        management: { id: accountId(0) },
        audit: { id: accountId(1), ou: 'security' },
        'shared-services': { id: accountId(2), ou: 'infrastructure' },
        ...Object.fromEntries(
          workloads.map((a) => [a.alias, { id: a.id, ou: a.ou, ...(a.exposure ? { exposure: a.exposure } : {}) }]),
        ),
      },
    },
    terraform: {
      backend: {
        s3: {
          bucket: `bench-terraform-state-${accountId(0)}`,
          region: REGIONS[0],
          keyPrefix: 'patchline/',
          useLockfile: true,
        },
      },
      defaultTags: { owner: 'platform', 'managed-by': 'terraform' },
    },
    compliance: { framework: 'essential-eight', edition: '2023-11', targetMaturity: 2, enforce: true },
    inspector: { delegatedAdmin: 'audit', autoEnable: ['ec2', 'ecr', 'lambda', 'lambda-code'] },
    imageFactory: {
      account: 'shared-services',
      buildRegion: REGIONS[0],
      notifications: { email: 'platform-alerts@bench.example' },
      pipelines: {
        'al2023-base': pipeline(
          'amazon-linux-2023',
          'x86_64',
          '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64',
          [{ aws: 'update-linux' }, { aws: 'stig-build-linux-high' }, { file: 'components/bench-agents.yaml' }],
          'reboot-test-linux',
          'cron(0 9 ? * TUE *)',
          {
            regions: REGIONS,
            shareWith: { organizationalUnits: ['workloads'] },
            parameter: '/bench/golden-ami/al2023-x86_64/latest',
          },
        ),
        'ubuntu-2404-base': pipeline(
          'ubuntu-24.04',
          'arm64',
          '/aws/service/canonical/ubuntu/server/24.04/stable/current/arm64/hvm/ebs-gp3/ami-id',
          [{ aws: 'update-linux' }, { file: 'components/bench-agents.yaml' }],
          'reboot-test-linux',
          'cron(0 10 ? * TUE *)',
          {
            regions: REGIONS,
            shareWith: { organizationalUnits: ['workloads-prod'] },
            copyTo,
            parameter: '/bench/golden-ami/ubuntu-2404-arm64/latest',
          },
        ),
        'windows-2022-base': pipeline(
          'windows-server-2022',
          'x86_64',
          '/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-Base',
          [{ aws: 'update-windows' }, { aws: 'stig-build-windows-high' }],
          'reboot-test-windows',
          'cron(0 12 ? * WED#2 *)',
          { regions: REGIONS, shareWith: { organization: true }, parameter: '/bench/golden-ami/windows-2022/latest' },
        ),
      },
    },
    patching: {
      targets: { organizationalUnits: ['workloads', 'infrastructure'] },
      ringTag: 'patch-ring',
      baselines: {
        'amazon-linux-2023': {
          os: 'AMAZON_LINUX_2023',
          rules: [
            rule(['Security'], ['Critical', 'Important'], 0, 'CRITICAL', true),
            rule(['Security', 'Bugfix'], ['Medium', 'Low'], 5, 'MEDIUM'),
          ],
        },
        ubuntu: {
          os: 'UBUNTU',
          rules: [
            {
              priority: ['Required', 'Important', 'Standard', 'Optional'],
              section: ['*'],
              complianceLevel: 'CRITICAL',
              expedite: true,
            },
          ],
        },
        windows: {
          os: 'WINDOWS',
          rules: [rule(['CriticalUpdates', 'SecurityUpdates'], ['Critical', 'Important'], 0, 'CRITICAL', true)],
        },
      },
      rings: {
        canary: {
          schedule: 'cron(0 2 ? * WED *)',
          timezone: 'Australia/Sydney',
          duration: '3h',
          cutoff: '1h',
          maxConcurrency: '50%',
          maxErrors: '10%',
          reboot: 'if-needed',
        },
        production: {
          schedule: 'cron(0 2 ? * SAT *)',
          timezone: 'Australia/Sydney',
          duration: '4h',
          cutoff: '1h',
          maxConcurrency: '20%',
          maxErrors: '5%',
          reboot: 'if-needed',
        },
      },
      accountOverrides: Object.fromEntries(
        every(100).map((a) => [a.alias, { rings: { production: { schedule: 'cron(0 3 ? * SUN *)' } } }]),
      ),
      expedite: {
        exposures: ['internet-facing', 'workstation'],
        schedule: 'cron(0 22 * * ? *)',
        timezone: 'Australia/Sydney',
        duration: '2h',
        cutoff: '30m',
        maxConcurrency: '10%',
        maxErrors: '5%',
        reboot: 'if-needed',
      },
      scan: { schedule: 'rate(1 day)' },
    },
    exemptions: every(100).map((a, i) => ({
      id: `EXC-2026-${String(i + 1).padStart(3, '0')}`,
      title: `Vendor appliance in ${a.alias} stays on its certified build`,
      category: 'third-party',
      scope: { account: a.alias, tags: { app: 'vendor-appliance' } },
      waives: ['patch-timeframe'],
      justification: 'The vendor certifies updates quarterly.',
      compensatingControls: ['Isolated subnet with no route to the internet', 'Application control in enforce mode'],
      risk: 'medium',
      approvedBy: 'ciso@bench.example',
      approvedOn: '2026-10-01',
      expires: '2027-09-30',
      reviewEvery: '180d',
    })),
  };
}

const COMPONENT = `name: bench-agents
description: Installs the monitoring agent.
schemaVersion: 1.0
phases:
  - name: build
    steps:
      - name: InstallAgent
        action: ExecuteBash
        inputs:
          commands:
            - echo installing agent
`;

/** Writes `<dir>/org-<accounts>.yaml` (and the component it uses); returns the profile's path. */
export function writeProfile(dir: string, accounts: number): string {
  mkdirSync(join(dir, 'components'), { recursive: true });
  writeFileSync(join(dir, 'components', 'bench-agents.yaml'), COMPONENT);
  const file = join(dir, `org-${accounts}.yaml`);
  writeFileSync(
    file,
    `# Generated by bench/generate.ts: ${accounts} accounts, every capability on.\n${stringify(generateProfile(accounts), { lineWidth: 0 })}`,
  );
  return file;
}

// `node --import tsx bench/generate.ts <accounts> [dir]` writes one profile, e.g. to try it by hand.
if (require.main === module) {
  const accounts = Number(process.argv[2]);
  if (!Number.isInteger(accounts)) {
    process.stderr.write('usage: bench/generate.ts <accounts> [dir]\n');
    process.exit(1);
  }
  process.stdout.write(writeProfile(process.argv[3] ?? 'bench/results/profiles', accounts) + '\n');
}
