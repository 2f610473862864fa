// The YAML parser. The compiled output carries it as one file, yaml-bundle.js beside this one (scripts/build.js
// bundles the package): loading the package's 72 modules took `validate` longer than parsing a profile. The
// TypeScript sources (tsx, jest) load the package itself; both are the same code.
import type * as YAML from 'yaml';

function load(): typeof YAML {
  try {
    return require('./yaml-bundle.js');
  } catch (e) {
    if (
      (e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' &&
      String((e as Error).message).includes('yaml-bundle')
    )
      return require('yaml');
    throw e;
  }
}

const yaml = load();

export const {
  isAlias,
  isCollection,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  YAMLParseError,
} = yaml;
export type { Document, Node, Pair, YAMLMap } from 'yaml';
