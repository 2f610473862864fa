// event-patterns.ts is data and a function, tested as such: each pattern against the services' documented
// event shapes (the test/support matcher implements EventBridge's matching rules offline).
import { anyOf, FAILURE_PATTERNS, INSPECTOR_FINDING_PATTERN } from '../../stacks/constructs/event-patterns';
import { EC2_EXPLOITABLE_FINDING } from '../fixtures/inspector-events';
import { matchesEventPattern } from '../support/event-pattern';

const event = (source: string, detailType: string, detail: unknown) => ({
  version: '0',
  id: 'x',
  source,
  'detail-type': detailType,
  account: '111111111111',
  region: 'ap-southeast-2',
  detail,
});
const windowTask = (status: string) =>
  event('aws.ssm', 'Maintenance Window Task Execution State-change Notification', { status });
const association = (status: string) =>
  event('aws.ssm', 'EC2 State Manager Instance Association State Change', { status });
const imageBuild = (status: string) =>
  event('aws.imagebuilder', 'EC2 Image Builder Image State Change', { state: { status } });

describe('failure patterns', () => {
  test.each([
    ['maintenance-window-task', windowTask('FAILED'), true],
    ['maintenance-window-task', windowTask('TIMED_OUT'), true],
    ['maintenance-window-task', windowTask('SUCCESS'), false],
    ['maintenance-window-task', windowTask('CANCELLED'), false],
    ['association', association('Failed'), true],
    ['association', association('Success'), false],
    ['image-build', imageBuild('FAILED'), true],
    ['image-build', imageBuild('AVAILABLE'), false],
  ])('%s pattern on %j → %s', (name, e, expected) => {
    expect(matchesEventPattern(FAILURE_PATTERNS[name], e)).toBe(expected);
  });

  test("a pattern selects only its own service's event", () => {
    expect(matchesEventPattern(FAILURE_PATTERNS['image-build'], windowTask('FAILED'))).toBe(false);
    expect(matchesEventPattern(FAILURE_PATTERNS.association, windowTask('FAILED'))).toBe(false);
  });

  test('anyOf matches every failure and no success; one pattern stays itself', () => {
    const all = anyOf(Object.values(FAILURE_PATTERNS));
    for (const e of [windowTask('FAILED'), windowTask('TIMED_OUT'), association('Failed'), imageBuild('FAILED')]) {
      expect(matchesEventPattern(all, e)).toBe(true);
    }
    for (const e of [windowTask('SUCCESS'), association('Success'), imageBuild('AVAILABLE')]) {
      expect(matchesEventPattern(all, e)).toBe(false);
    }
    expect(anyOf([FAILURE_PATTERNS.association])).toBe(FAILURE_PATTERNS.association);
  });
});

describe('Inspector finding pattern', () => {
  test('selects Inspector2 Finding events, not coverage events', () => {
    expect(matchesEventPattern(INSPECTOR_FINDING_PATTERN, EC2_EXPLOITABLE_FINDING)).toBe(true);
    expect(
      matchesEventPattern(INSPECTOR_FINDING_PATTERN, {
        ...EC2_EXPLOITABLE_FINDING,
        'detail-type': 'Inspector2 Coverage',
      }),
    ).toBe(false);
  });
});
