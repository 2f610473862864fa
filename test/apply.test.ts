// Apply summaries; the runner's scheduling against a stand-in terraform is in e2e/apply.test.ts.
import { parseApplySummary } from '../src/terraform/apply';

describe('apply', () => {
  test('apply summaries are parsed', () => {
    expect(parseApplySummary('x\nApply complete! Resources: 3 added, 1 changed, 2 destroyed.\n')).toEqual({
      add: 3,
      change: 1,
      destroy: 2,
    });
    expect(parseApplySummary('Destroy complete! Resources: 5 destroyed.')).toEqual({ add: 0, change: 0, destroy: 5 });
    expect(parseApplySummary('Error')).toBeUndefined();
  });
});
