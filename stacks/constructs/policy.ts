// IAM, KMS and S3 policy documents as plain, typed data, written out as literal JSON (no
// aws_iam_policy_document data source: plans run offline and the output reads as it deploys).

/** A condition block: operator → condition key → value(s). */
export type Condition = Record<string, Record<string, string | boolean | readonly string[]>>;

export type Principal =
  '*' | { readonly AWS?: string | readonly string[]; readonly Service?: string | readonly string[] };

export interface Statement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal?: Principal;
  readonly Action: string | readonly string[];
  readonly Resource: string | readonly string[];
  readonly Condition?: Condition;
}

/** Trust policy statements have no Resource. */
export interface TrustStatement {
  readonly Sid: string;
  readonly Effect: 'Allow';
  readonly Principal: Principal;
  readonly Action: string | readonly string[];
  readonly Condition?: Condition;
}

/** The policy document as JSON; statement order is the caller's (deterministic) order. */
export const policyJson = (statements: readonly (Statement | TrustStatement)[]): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements });

/** Sorted, de-duplicated copy: list order in a profile never reaches a policy. */
export const sorted = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** Trust for Image Builder acting for one account only (aws:SourceAccount guards against the confused deputy). */
export const imageBuilderTrust = (accountId: string): TrustStatement => ({
  Sid: 'ImageBuilderOfThisAccount',
  Effect: 'Allow',
  Principal: { Service: 'imagebuilder.amazonaws.com' },
  Action: 'sts:AssumeRole',
  Condition: { StringEquals: { 'aws:SourceAccount': accountId } },
});
