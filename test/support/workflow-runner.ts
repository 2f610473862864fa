/**
 * Runs the jobs of a GitHub Actions workflow locally, for test/workflow.test.ts: every `run:` step for real
 * (bash -eo pipefail, as `shell: bash` does on GitHub's runners), with `${{ }}` expressions evaluated from a
 * fixture event, GITHUB_OUTPUT/GITHUB_STEP_SUMMARY files, job outputs and `needs`. Actions (`uses:`) have
 * small stand-ins that do what the workflow relies on:
 *   actions/checkout               git clone of the fixture repository at the event's commit (full history, tags)
 *   actions/setup-node             nothing: this node is on PATH
 *   hashicorp/setup-terraform      nothing: terraform (real, or the test's stand-in) is on PATH
 *   aws-actions/configure-aws-credentials  records the role, exports placeholder credentials, and points every
 *                                  synthesized stack at the offline harness (STS stub, local state, plugin mirror)
 *   actions/upload-artifact, download-artifact  copy files through a folder shared by the jobs of a run
 *   actions/github-script          runs the script with a recording `github` client
 * `npm ci` is answered by a shim that links this repository's node_modules (no network, seconds not minutes).
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { condition, evaluate, substitute, type Context } from './gha-expressions';
import { offlineEnv, prepareOffline } from './offline-terraform';

type Step = {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
  if?: string | boolean;
  'working-directory'?: string;
};
export type Job = {
  steps: Step[];
  if?: string;
  needs?: string | string[];
  env?: Record<string, unknown>;
  outputs?: Record<string, string>;
  strategy?: { matrix?: unknown };
  permissions?: Record<string, string>;
  environment?: string;
};
export type Workflow = { env?: Record<string, unknown>; jobs: Record<string, Job> };

export interface Event {
  readonly name: 'pull_request' | 'push' | 'workflow_dispatch';
  readonly sha: string;
  readonly ref: string;
  readonly payload: Record<string, unknown>;
}

export interface RunSetup {
  /** Bare repository standing in for the GitHub repository. */
  readonly origin: string;
  /** Scratch folder: one workspace per job (and matrix entry), artifacts, shims. */
  readonly root: string;
  readonly vars?: Record<string, string>;
  readonly secrets?: Record<string, string>;
  /** Prepended to PATH (e.g. a stand-in terraform). */
  readonly binDirs?: readonly string[];
  /** The STS stub for the offline harness. */
  readonly stsUrl: string;
  /** Extra environment for every step. */
  readonly env?: Record<string, string>;
}

export interface StepLog {
  job: string;
  step: string;
  outcome: 'success' | 'failure' | 'skipped';
  stdout: string;
  stderr: string;
}
export interface JobResult {
  result: 'success' | 'failure' | 'skipped';
  outputs: Record<string, string>;
  summary: string;
}

export interface RunRecord {
  steps: StepLog[];
  roles: { job: string; role: string }[];
  comments: { body: string }[];
  jobs: Record<string, JobResult>;
}

const REPO = 'acme/patchline-config';

function shims(root: string): string {
  const bin = path.join(root, 'shim-bin');
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(bin, { recursive: true });
  const npm = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  const nodeModules = path.join(__dirname, '..', '..', 'node_modules');
  fs.writeFileSync(
    path.join(bin, 'npm'),
    `#!/bin/sh
if [ "$1" = ci ]; then
  [ -e node_modules ] || ln -s ${JSON.stringify(nodeModules)} node_modules
  echo "npm ci: node_modules linked (workflow test stand-in)"
  exit 0
fi
exec ${JSON.stringify(npm)} "$@"
`,
    { mode: 0o755 },
  );
  return bin;
}

function parseOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (!fs.existsSync(file)) return out;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([\w-]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const body: string[] = [];
      while (++i < lines.length && lines[i] !== heredoc[2]) body.push(lines[i]);
      out[heredoc[1]] = body.join('\n');
    } else if (lines[i].includes('='))
      out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
  }
  return out;
}

function runBash(
  script: string,
  o: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], {
      cwd: o.cwd,
      env: o.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('error', (e) => (stderr += String(e)));
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 128, stdout, stderr });
    });
  });
}

const git = (cwd: string, ...args: string[]) => {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
};

/** Everything (recursively) under dir, relative paths. */
const filesUnder = (dir: string): string[] =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)));

export class WorkflowRun {
  readonly record: RunRecord = { steps: [], roles: [], comments: [], jobs: {} };
  private readonly artifacts: string;

  constructor(
    private readonly wf: Workflow,
    private readonly event: Event,
    private readonly setup: RunSetup,
  ) {
    this.artifacts = path.join(setup.root, `artifacts-${event.sha.slice(0, 7)}-${Date.now()}`);
    fs.mkdirSync(this.artifacts, { recursive: true });
  }

  private baseContext(): Context {
    const e = this.event;
    return {
      github: {
        event_name: e.name,
        event: e.payload,
        sha: e.sha,
        ref: e.ref,
        repository: REPO,
        run_id: '4242',
        server_url: 'https://github.com',
      },
      vars: this.setup.vars ?? {},
      secrets: this.setup.secrets ?? {},
      needs: Object.fromEntries(
        Object.entries(this.record.jobs).map(([k, j]) => [k, { result: j.result, outputs: j.outputs }]),
      ),
      runner: { os: 'Linux', temp: path.join(this.setup.root, 'runner-temp') },
    };
  }

  /** Runs a job (every matrix entry, one after another); returns its result, also kept for later jobs' `needs`. */
  async runJob(name: string): Promise<JobResult> {
    const job = this.wf.jobs[name];
    const ctx = this.baseContext();
    const needs = job.needs === undefined ? [] : ([] as string[]).concat(job.needs);
    const needsFailed = needs.some((n) => this.record.jobs[n]?.result !== 'success');
    if (!condition(job.if, ctx, { failed: needsFailed }))
      return (this.record.jobs[name] = { result: 'skipped', outputs: {}, summary: '' });
    const matrix =
      job.strategy?.matrix === undefined
        ? undefined
        : typeof job.strategy.matrix === 'string'
          ? evaluate(job.strategy.matrix.trim().replace(/^\$\{\{([\s\S]*)\}\}$/, '$1'), ctx)
          : job.strategy.matrix;
    const entries: Record<string, unknown>[] = matrix
      ? ((matrix as { include?: Record<string, unknown>[] }).include ?? [])
      : [{}];
    let result: JobResult = { result: 'success', outputs: {}, summary: '' };
    for (const [index, entry] of entries.entries()) {
      const r = await this.runSteps(name, job, { ...ctx, matrix: entry, strategy: { 'job-index': index } });
      result = {
        result: r.result === 'failure' || result.result === 'failure' ? 'failure' : 'success',
        outputs: { ...result.outputs, ...r.outputs },
        summary: result.summary + r.summary,
      };
    }
    return (this.record.jobs[name] = result);
  }

  private async runSteps(jobName: string, job: Job, jobCtx: Context): Promise<JobResult> {
    const ws = fs.mkdtempSync(path.join(this.setup.root, `ws-${jobName}-`));
    const summaryFile = path.join(ws, '..', `${path.basename(ws)}.summary.md`);
    fs.writeFileSync(summaryFile, '');
    const status = { failed: false };
    const steps: Record<string, { outputs: Record<string, string>; outcome: string }> = {};
    const jobEnv: Record<string, string> = {};
    const ctxNow = (): Context => ({ ...jobCtx, steps, env: envNow() });
    const envNow = () => {
      const env: Record<string, string> = {};
      const base: Context = { ...jobCtx, steps, env };
      for (const [k, v] of Object.entries(this.wf.env ?? {})) env[k] = substitute(String(v), base);
      for (const [k, v] of Object.entries(job.env ?? {})) env[k] = substitute(String(v), { ...base, env });
      return { ...env, ...jobEnv };
    };
    for (const [i, step] of job.steps.entries()) {
      const label = step.name ?? step.uses ?? step.run?.split('\n')[0] ?? `step ${i}`;
      const ctx = ctxNow();
      if (!condition(step.if, ctx, status)) {
        this.record.steps.push({ job: jobName, step: label, outcome: 'skipped', stdout: '', stderr: '' });
        continue;
      }
      const env: Record<string, string> = { ...(ctx.env as Record<string, string>) };
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = substitute(String(v), ctx);
      const w = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)]));
      const outputFile = path.join(ws, '..', `${path.basename(ws)}.output-${i}`);
      fs.writeFileSync(outputFile, '');
      let ok = true;
      let stdout = '';
      let stderr = '';
      if (step.run !== undefined) {
        const script = path.join(ws, '..', `${path.basename(ws)}.step-${i}.sh`);
        fs.writeFileSync(script, substitute(step.run, ctx));
        const cwd = path.join(ws, step['working-directory'] ? substitute(step['working-directory'], ctx) : '');
        const hostEnv = Object.fromEntries(
          Object.entries(process.env).filter(
            ([k]) => !k.startsWith('AWS_') && !k.startsWith('TF_') && !k.startsWith('GITHUB_') && k !== 'PROFILE',
          ),
        );
        // Asynchronously: the STS stub answering terraform lives in this process.
        const r = await runBash(script, {
          cwd,
          env: {
            ...hostEnv,
            ...this.setup.env,
            PATH: [...(this.setup.binDirs ?? []), shims(this.setup.root), process.env.PATH].join(':'),
            CI: 'true',
            GITHUB_ACTIONS: 'true',
            GITHUB_WORKSPACE: ws,
            GITHUB_OUTPUT: outputFile,
            GITHUB_STEP_SUMMARY: summaryFile,
            GITHUB_EVENT_NAME: this.event.name,
            GITHUB_SHA: this.event.sha,
            GITHUB_REF: this.event.ref,
            GITHUB_REPOSITORY: REPO,
            GITHUB_RUN_ID: '4242',
            ...env,
          },
        });
        ok = r.code === 0;
        stdout = r.stdout;
        stderr = r.stderr;
      } else {
        try {
          stdout = (await this.action(step.uses!, w, ws, jobName, jobEnv)) ?? '';
        } catch (e) {
          ok = false;
          stderr = String((e as Error).stack ?? e);
        }
      }
      if (!ok) status.failed = true;
      this.record.steps.push({ job: jobName, step: label, outcome: ok ? 'success' : 'failure', stdout, stderr });
      if (step.id) steps[step.id] = { outputs: parseOutputs(outputFile), outcome: ok ? 'success' : 'failure' };
    }
    const outputs = Object.fromEntries(Object.entries(job.outputs ?? {}).map(([k, v]) => [k, substitute(v, ctxNow())]));
    return { result: status.failed ? 'failure' : 'success', outputs, summary: fs.readFileSync(summaryFile, 'utf8') };
  }

  /** The stand-ins for the actions the workflow uses. */
  private async action(
    uses: string,
    w: Record<string, string>,
    ws: string,
    job: string,
    jobEnv: Record<string, string>,
  ): Promise<string | undefined> {
    const name = uses.replace(/@.*/, '');
    switch (name) {
      case 'actions/checkout': {
        const dir = path.join(ws, w.path ?? '');
        git(ws, 'clone', '-q', this.setup.origin, dir);
        git(dir, 'checkout', '-q', '--detach', w.ref || this.event.sha);
        return `checked out ${w.ref || this.event.sha} into ${w.path ?? '.'}`;
      }
      case 'actions/setup-node':
      case 'hashicorp/setup-terraform':
        return undefined;
      case 'aws-actions/configure-aws-credentials': {
        this.record.roles.push({ job, role: w['role-to-assume'] });
        if (!w['role-to-assume']) throw new Error('role-to-assume is empty');
        Object.assign(jobEnv, {
          AWS_ACCESS_KEY_ID: 'ASIAWORKFLOWTESTONLY',
          AWS_SECRET_ACCESS_KEY: 'workflow-test',
          AWS_SESSION_TOKEN: 'workflow-test',
          AWS_REGION: w['aws-region'],
          AWS_DEFAULT_REGION: w['aws-region'],
        });
        // Offline: the synthesized stacks reach the STS stub and keep state locally; terraform installs from the mirror.
        const offline = offlineEnv(path.join(ws, '..', `${path.basename(ws)}.tf`));
        for (const k of [
          'TF_CLI_CONFIG_FILE',
          'AWS_EC2_METADATA_DISABLED',
          'AWS_CONFIG_FILE',
          'AWS_SHARED_CREDENTIALS_FILE',
        ])
          jobEnv[k] = offline[k]!;
        for (const out of ['out/head', 'out/base']) {
          const stacks = path.join(ws, out, 'stacks');
          if (!fs.existsSync(stacks)) continue;
          for (const s of fs.readdirSync(stacks))
            prepareOffline(path.join(stacks, s), this.setup.stsUrl, path.join(ws, 'offline-state'));
        }
        return `credentials for ${w['role-to-assume']}`;
      }
      case 'actions/upload-artifact': {
        const src = path.join(ws, w.path);
        const dest = path.join(this.artifacts, w.name);
        if (!fs.existsSync(src)) {
          if (w['if-no-files-found'] === 'ignore') return 'no files';
          throw new Error(`upload-artifact: ${w.path} does not exist`);
        }
        if (fs.existsSync(dest)) throw new Error(`artifact ${w.name} already exists`);
        fs.mkdirSync(dest, { recursive: true });
        if (fs.statSync(src).isDirectory()) fs.cpSync(src, dest, { recursive: true });
        else fs.copyFileSync(src, path.join(dest, path.basename(src)));
        return `uploaded ${filesUnder(dest).length} files as ${w.name}`;
      }
      case 'actions/download-artifact': {
        const dest = path.join(ws, w.path ?? '');
        const names = fs
          .readdirSync(this.artifacts)
          .filter((n) => (w.name ? n === w.name : new RegExp(`^${(w.pattern ?? '*').replace(/\*/g, '.*')}$`).test(n)));
        if (w.name && !names.length) throw new Error(`artifact ${w.name} not found`);
        for (const n of names)
          fs.cpSync(
            path.join(this.artifacts, n),
            w.name || w['merge-multiple'] === 'true' ? dest : path.join(dest, n),
            { recursive: true },
          );
        return `downloaded ${names.join(', ')}`;
      }
      case 'actions/github-script': {
        const script = w.script;
        const calls: { body: string }[] = this.record.comments;
        const fsInWorkspace = {
          ...fs,
          readFileSync: (p: string, e?: BufferEncoding) => fs.readFileSync(path.resolve(ws, p), e),
        };
        const github = {
          paginate: async () => [],
          rest: {
            issues: {
              listComments: () => [],
              createComment: async (a: { body: string }) => void calls.push({ body: a.body }),
              updateComment: async (a: { body: string }) => void calls.push({ body: a.body }),
            },
          },
        };
        const [owner, repo] = REPO.split('/');
        const context = {
          serverUrl: 'https://github.com',
          repo: { owner, repo },
          runId: 4242,
          sha: this.event.sha,
          issue: { number: (this.event.payload as any).pull_request?.number },
        };
        const env = { ...process.env, ...Object.fromEntries(Object.entries(jobEnv)) };
        const run = new Function('require', 'github', 'context', 'process', `return (async () => {\n${script}\n})();`);
        await run((m: string) => (m === 'fs' ? fsInWorkspace : require(m)), github, context, { env });
        return 'script ran';
      }
      default:
        throw new Error(`no stand-in for ${uses}`);
    }
  }
}
