// What a security rule is: data (ID, description, the well-known equivalents) plus a check over one stack.
import type { StackView } from './stack';

export interface Finding {
  readonly rule: string;
  readonly stack: string;
  /** Terraform address (type.logicalId), provider (provider.aws.<alias>) or JSON path in the stack. */
  readonly address: string;
  readonly message: string;
}

/** The same check in other tools, so a reviewer can map our findings to theirs. */
export interface Equivalents {
  readonly checkov?: readonly string[];
  readonly trivy?: readonly string[];
  readonly securityHub?: readonly string[];
}

/** A problem at an address; the runner adds the rule ID and the stack name. */
export interface Problem {
  readonly address: string;
  readonly message: string;
}

export interface Rule {
  /** PL-<AREA>-<n>; stable, so users can refer to it. */
  readonly id: string;
  readonly description: string;
  readonly equivalents: Equivalents;
  /** Why ours differs from, or goes beyond, the equivalents (or that none exists). */
  readonly note?: string;
  readonly check: (stack: StackView) => Iterable<Problem>;
}
