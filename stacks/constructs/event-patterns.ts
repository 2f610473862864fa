// EventBridge patterns of the failures Patchline alerts on, from the services' documented events:
// - "Maintenance Window Task Execution State-change Notification" (status FAILED / TIMED_OUT) and
//   "EC2 State Manager Instance Association State Change" (status Failed): AWS Systems Manager User Guide,
//   "Monitoring Systems Manager events with Amazon EventBridge" / EventBridge event examples for Systems Manager.
// - "EC2 Image Builder Image State Change" (state.status FAILED): EC2 Image Builder User Guide, "Image Builder
//   events sent to EventBridge".
// - "Inspector2 Finding": Amazon Inspector User Guide, "Creating custom responses to findings with EventBridge".

export type EventPattern = Readonly<Record<string, unknown>>;

export const FAILURE_PATTERNS: Readonly<Record<string, EventPattern>> = {
  'maintenance-window-task': {
    source: ['aws.ssm'],
    'detail-type': ['Maintenance Window Task Execution State-change Notification'],
    detail: { status: ['FAILED', 'TIMED_OUT'] },
  },
  association: {
    source: ['aws.ssm'],
    'detail-type': ['EC2 State Manager Instance Association State Change'],
    detail: { status: ['Failed'] },
  },
  'image-build': {
    source: ['aws.imagebuilder'],
    'detail-type': ['EC2 Image Builder Image State Change'],
    detail: { state: { status: ['FAILED'] } },
  },
};

export const INSPECTOR_FINDING_PATTERN: EventPattern = {
  source: ['aws.inspector2'],
  'detail-type': ['Inspector2 Finding'],
};

/** One pattern matching any of several (EventBridge `$or`). */
export const anyOf = (patterns: readonly EventPattern[]): EventPattern =>
  patterns.length === 1 ? patterns[0] : { $or: patterns };
