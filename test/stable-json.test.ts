// stableJson writes what cdktf writes a stack with, json-stable-stringify(value, { space: 2 }), byte for byte:
// keys sorted, empty objects and arrays broken over two lines, undefined left out of objects and written as
// null in arrays, toJSON honoured, and the value itself never modified.
import fc from 'fast-check';
import { stableJson } from '../stacks/synthesis';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const stableStringify: (
  value: unknown,
  opts: { space: number },
) => string | undefined = require('cdktf/node_modules/json-stable-stringify');

const key = fc.oneof(
  fc.constantFrom('a', 'b', 'provider', '//', 'depends_on', 'Z', '_x', 'a-b', 'é', '10', '0', '01', '1e3'),
  fc.string({ maxLength: 6 }),
);
const leaf = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.constant(new Date(Date.UTC(2026, 11, 2))),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
}));

describe('stableJson', () => {
  test('writes exactly what json-stable-stringify writes, and leaves the value as it was', () => {
    fc.assert(
      fc.property(value, (v) => {
        const before = stableStringify(v, { space: 2 });
        expect(stableJson(v)).toBe(before);
        expect(stableStringify(v, { space: 2 })).toBe(before);
      }),
      { numRuns: 2000 },
    );
  });

  test('keys out of order are written sorted, empty objects and arrays over two lines', () => {
    const inner = { a: 1, b: [2, {}], c: { d: [] } };
    const value = { z: inner, y: { b: 1, a: 2 }, x: undefined };
    expect(stableJson(value)).toBe(stableStringify(value, { space: 2 }));
    expect(stableJson(value)).toContain('"y": {\n    "a": 2,\n    "b": 1\n  }');
    expect(stableJson({ e: {}, f: [] })).toBe('{\n  "e": {\n  },\n  "f": [\n  ]\n}');
  });
});
