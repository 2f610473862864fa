// policy.ts is helper types and functions, tested as functions here (the roles and buckets that use them
// assert their own statements).
import { imageBuilderTrust, policyJson, sorted } from '../../stacks/constructs/policy';

describe('policy helpers', () => {
  test("policyJson writes the 2012-10-17 version and keeps the caller's statement order", () => {
    const doc = JSON.parse(
      policyJson([
        { Sid: 'B', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
        { Sid: 'A', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' },
      ]),
    );
    expect(doc.Version).toBe('2012-10-17');
    expect(doc.Statement.map((s: any) => s.Sid)).toEqual(['B', 'A']);
  });

  test('sorted de-duplicates and sorts, so profile list order never reaches a policy', () => {
    expect(sorted(['b', 'a', 'b', 'c'])).toEqual(['a', 'b', 'c']);
    expect(sorted(new Set(['z', 'y']))).toEqual(['y', 'z']);
  });

  test('imageBuilderTrust admits Image Builder acting for the one account only (confused-deputy guard)', () => {
    expect(imageBuilderTrust('111111111111')).toEqual({
      Sid: 'ImageBuilderOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'imagebuilder.amazonaws.com' },
      Action: 'sts:AssumeRole',
      Condition: { StringEquals: { 'aws:SourceAccount': '111111111111' } },
    });
  });
});
