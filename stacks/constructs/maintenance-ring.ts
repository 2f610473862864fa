// One Systems Manager maintenance window that installs patches on the instances a tag selects: the window,
// its target and an AWS-RunPatchBaseline Install task. Used for every ring and for the expedite lane.
//
// The task sets no service role: Systems Manager then runs it with its service-linked role
// (AWSServiceRoleForAmazonSSM), so there is no IAM to write. Command output is written by SSM Agent on the
// instance, with the instance's own credentials, to the S3 prefix and log group given here.
import type { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { SsmMaintenanceWindow } from '@cdktf/provider-aws/lib/ssm-maintenance-window';
import { SsmMaintenanceWindowTarget } from '@cdktf/provider-aws/lib/ssm-maintenance-window-target';
import { SsmMaintenanceWindowTask } from '@cdktf/provider-aws/lib/ssm-maintenance-window-task';
import { Construct } from 'constructs';

export type RebootOption = 'RebootIfNeeded' | 'NoReboot';

export interface MaintenanceRingProps {
  /** Provider of the account and region. */
  readonly provider: AwsProvider;
  /** Window name (unique in the account and region). */
  readonly name: string;
  /** What the window is for. */
  readonly description: string;
  /** cron(...) or rate(...) expression, validated by the loader. */
  readonly schedule: string;
  /** IANA time zone the schedule is read in. */
  readonly timezone: string;
  /** Days after the cron match the window opens (cron schedules only).
   * @default none */
  readonly offsetDays?: number;
  /** Window length in whole hours, 1-24. */
  readonly durationHours: number;
  /** Hours before the end when no new task starts, 0-23, less than the duration. */
  readonly cutoffHours: number;
  /** Instance tag key that selects targets. */
  readonly tagKey: string;
  /** Tag values selected (any of them). */
  readonly tagValues: readonly string[];
  /** How many targets patch at once: a count or a percentage. */
  readonly maxConcurrency: string;
  /** Failures after which the task stops: a count or a percentage. */
  readonly maxErrors: string;
  /** Whether instances reboot after installing. */
  readonly reboot: RebootOption;
  /** `s3://` URL of a BaselineOverride document to install from instead of the default baselines.
   * @default the default patch baselines */
  readonly baselineOverrideUrl?: string;
  /** Bucket Run Command output goes to. */
  readonly outputBucket: string;
  /** Key prefix of this window's output in the bucket. */
  readonly outputPrefix: string;
  /** Log group Run Command output streams to. */
  readonly logGroupName: string;
}

export class MaintenanceRing extends Construct {
  readonly window: SsmMaintenanceWindow;
  readonly target: SsmMaintenanceWindowTarget;
  readonly task: SsmMaintenanceWindowTask;

  constructor(scope: Construct, id: string, props: MaintenanceRingProps) {
    super(scope, id);
    const { provider } = props;
    const { durationHours: duration, cutoffHours: cutoff } = props;
    // The loader rejects profiles that break these; a throw here means a generator bug.
    if (!Number.isInteger(duration) || duration < 1 || duration > 24)
      throw new RangeError(`${props.name}: duration ${duration}h is not 1-24 whole hours`);
    if (!Number.isInteger(cutoff) || cutoff < 0 || cutoff >= duration)
      throw new RangeError(`${props.name}: cutoff ${cutoff}h is not whole hours below the duration`);
    if (props.offsetDays !== undefined && !props.schedule.startsWith('cron('))
      throw new Error(`${props.name}: offsetDays needs a cron schedule`);

    this.window = new SsmMaintenanceWindow(this, 'window', {
      provider,
      name: props.name,
      description: props.description,
      schedule: props.schedule,
      scheduleTimezone: props.timezone,
      scheduleOffset: props.offsetDays,
      duration,
      cutoff,
      // Only registered targets: an instance is patched because its tag says so, never by accident.
      allowUnassociatedTargets: false,
      enabled: true,
    });
    this.target = new SsmMaintenanceWindowTarget(this, 'target', {
      provider,
      windowId: this.window.id,
      name: props.name,
      description: `Instances tagged ${props.tagKey} = ${props.tagValues.join(' or ')}`,
      resourceType: 'INSTANCE',
      targets: [{ key: `tag:${props.tagKey}`, values: [...props.tagValues] }],
    });
    const parameters: Record<string, string> = { Operation: 'Install', RebootOption: props.reboot };
    if (props.baselineOverrideUrl) parameters.BaselineOverride = props.baselineOverrideUrl;
    this.task = new SsmMaintenanceWindowTask(this, 'task', {
      provider,
      windowId: this.window.id,
      name: props.name,
      description: props.baselineOverrideUrl
        ? 'Install what the override document approves'
        : 'Install approved patches',
      taskType: 'RUN_COMMAND',
      taskArn: 'AWS-RunPatchBaseline',
      priority: 1,
      maxConcurrency: props.maxConcurrency,
      maxErrors: props.maxErrors,
      // A patch run interrupted halfway is worse than one that overruns: running commands finish.
      cutoffBehavior: 'CONTINUE_TASK',
      targets: [{ key: 'WindowTargetIds', values: [this.target.id] }],
      taskInvocationParameters: {
        runCommandParameters: {
          comment: props.name,
          outputS3Bucket: props.outputBucket,
          outputS3KeyPrefix: props.outputPrefix,
          cloudwatchConfig: { cloudwatchLogGroupName: props.logGroupName, cloudwatchOutputEnabled: true },
          parameter: Object.keys(parameters)
            .sort()
            .map((name) => ({ name, values: [parameters[name]] })),
        },
      },
    });
  }
}
