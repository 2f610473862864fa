import { MaintenanceRing, type MaintenanceRingProps } from '../../stacks/constructs/maintenance-ring';
import { synthConstruct } from '../support/construct-harness';

type Props = Omit<MaintenanceRingProps, 'provider'>;
const BASE: Props = {
  name: 'patchline-ring-canary',
  description: 'Canary ring',
  schedule: 'cron(0 22 ? * TUE#2 *)',
  timezone: 'Australia/Sydney',
  offsetDays: 2,
  durationHours: 4,
  cutoffHours: 1,
  tagKey: 'PatchRing',
  tagValues: ['canary', 'canary-db'],
  maxConcurrency: '10%',
  maxErrors: '2',
  reboot: 'RebootIfNeeded',
  outputBucket: 'patchline-patch-logs',
  outputPrefix: 'logs/canary/',
  logGroupName: '/patchline/patching',
};
const build = (extra: Partial<Props> = {}) =>
  synthConstruct((stack, provider) => new MaintenanceRing(stack, 'm', { provider, ...BASE, ...extra }));

describe('MaintenanceRing', () => {
  const out = build();
  const window = out.one('aws_ssm_maintenance_window');
  const target = out.one('aws_ssm_maintenance_window_target');
  const task = out.one('aws_ssm_maintenance_window_task');
  const params = (t: any) =>
    Object.fromEntries(
      t.task_invocation_parameters.run_command_parameters.parameter.map((p: any) => [p.name, p.values]),
    );

  test('the window: schedule read in its time zone, offset, duration and cutoff; only registered targets', () => {
    expect(window).toMatchObject({
      name: 'patchline-ring-canary',
      schedule: 'cron(0 22 ? * TUE#2 *)',
      schedule_timezone: 'Australia/Sydney',
      schedule_offset: 2,
      duration: 4,
      cutoff: 1,
      allow_unassociated_targets: false,
      enabled: true,
    });
  });

  test("targets: instances with any of the ring's tag values", () => {
    expect(target).toMatchObject({
      window_id: out.ref('aws_ssm_maintenance_window', window, 'id'),
      resource_type: 'INSTANCE',
      targets: [{ key: 'tag:PatchRing', values: ['canary', 'canary-db'] }],
    });
  });

  test("the task installs with AWS-RunPatchBaseline on the window's target, finishing what runs at the cutoff", () => {
    expect(task).toMatchObject({
      window_id: out.ref('aws_ssm_maintenance_window', window, 'id'),
      task_type: 'RUN_COMMAND',
      task_arn: 'AWS-RunPatchBaseline',
      max_concurrency: '10%',
      max_errors: '2',
      cutoff_behavior: 'CONTINUE_TASK',
      targets: [{ key: 'WindowTargetIds', values: [out.ref('aws_ssm_maintenance_window_target', target, 'id')] }],
    });
    expect(task.service_role_arn).toBeUndefined(); // Systems Manager's service-linked role
    expect(params(task)).toEqual({ Operation: ['Install'], RebootOption: ['RebootIfNeeded'] });
  });

  test('output goes to the bucket prefix and streams to the log group', () => {
    expect(task.task_invocation_parameters.run_command_parameters).toMatchObject({
      output_s3_bucket: 'patchline-patch-logs',
      output_s3_key_prefix: 'logs/canary/',
      cloudwatch_config: { cloudwatch_log_group_name: '/patchline/patching', cloudwatch_output_enabled: true },
    });
  });

  test('a BaselineOverride URL is passed to the task (parameters sorted); NoReboot is passed through', () => {
    const t = build({ baselineOverrideUrl: 's3://b/documents/expedite.json', reboot: 'NoReboot' }).one(
      'aws_ssm_maintenance_window_task',
    );
    expect(t.task_invocation_parameters.run_command_parameters.parameter.map((p: any) => p.name)).toEqual([
      'BaselineOverride',
      'Operation',
      'RebootOption',
    ]);
    expect(params(t)).toEqual({
      BaselineOverride: ['s3://b/documents/expedite.json'],
      Operation: ['Install'],
      RebootOption: ['NoReboot'],
    });
  });

  test('no offset: none written; a rate schedule works without one', () => {
    const w = build({ offsetDays: undefined, schedule: 'rate(7 days)' }).one('aws_ssm_maintenance_window');
    expect(w.schedule_offset).toBeUndefined();
    expect(w.schedule).toBe('rate(7 days)');
  });

  test.each([
    [{ durationHours: 0 }, /duration 0h/],
    [{ durationHours: 25 }, /duration 25h/],
    [{ durationHours: 2.5 }, /duration 2.5h/],
    [{ cutoffHours: 4 }, /cutoff 4h/],
    [{ cutoffHours: -1 }, /cutoff -1h/],
    [{ schedule: 'rate(1 day)' }, /offsetDays needs a cron schedule/],
  ])('refuses %j', (extra, message) => {
    expect(() => build(extra as Partial<Props>)).toThrow(message);
  });
});
