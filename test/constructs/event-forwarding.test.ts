import { defaultBusArn, EventForwarding, putEventsStatement } from '../../stacks/constructs/event-forwarding';
import { FAILURE_PATTERNS } from '../../stacks/constructs/event-patterns';
import { synthConstruct } from '../support/construct-harness';

const BUS = 'arn:aws:events:ap-southeast-2:222222222222:event-bus/default';
const ROLE = 'arn:aws:iam::111111111111:role/patchline-forward';

describe('EventForwarding', () => {
  const out = synthConstruct(
    (stack, provider) =>
      new EventForwarding(stack, 'f', {
        provider,
        ruleName: 'patchline-forward-failures',
        description: 'failures',
        pattern: FAILURE_PATTERNS.association,
        targetBusArn: BUS,
        roleArn: ROLE,
      }),
    'us-east-1',
  );

  test('the rule matches exactly the given pattern', () => {
    const rule = out.one('aws_cloudwatch_event_rule');
    expect(rule.name).toBe('patchline-forward-failures');
    expect(JSON.parse(rule.event_pattern)).toEqual(FAILURE_PATTERNS.association);
  });

  test('its one target is the other bus, put there with the given role', () => {
    const target = out.one('aws_cloudwatch_event_target');
    expect(target).toMatchObject({
      arn: BUS,
      role_arn: ROLE,
      rule: out.ref('aws_cloudwatch_event_rule', out.one('aws_cloudwatch_event_rule'), 'name'),
    });
  });
});

describe('forwarding helpers', () => {
  test('the forwarding role may put events on the target bus and nothing else', () => {
    expect(putEventsStatement(BUS)).toEqual({
      Sid: 'PutEventsOnTheEvidenceBus',
      Effect: 'Allow',
      Action: 'events:PutEvents',
      Resource: BUS,
    });
  });

  test("defaultBusArn names the account's default bus in the region", () => {
    expect(defaultBusArn('ap-southeast-2', '222222222222')).toBe(BUS);
  });
});
