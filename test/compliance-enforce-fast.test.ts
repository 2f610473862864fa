// Enforcement decides on the requirements of the levels up to the target alone (assessIfTargetMissed): the same
// verdict as the whole assessment, and the whole assessment itself when the target is missed.
import { assess, assessIfTargetMissed } from '../src/compliance/assess';
import { ACME, AS_OF, DEFAULT_PROFILE, editedCopy, loadModel, replaceOnce } from './support/profiles';

const withoutEngine = ({ engine: _, ...rest }: ReturnType<typeof assess>) => rest;

const cases: [string, () => string][] = [
  ['the default profile (meets ML2)', () => DEFAULT_PROFILE],
  ['Acme (meets ML2)', () => ACME],
  [
    'the default profile at ML3 (missed: ISM-1696 and what cannot be assessed)',
    () => editedCopy(DEFAULT_PROFILE, (t) => replaceOnce(t, 'targetMaturity: 2', 'targetMaturity: 3')),
  ],
  [
    'the default profile at ML1 (met)',
    () => editedCopy(DEFAULT_PROFILE, (t) => replaceOnce(t, 'targetMaturity: 2', 'targetMaturity: 1')),
  ],
  // A slow broad ring: internet-facing patches miss 48 hours at every level.
  [
    'a two-weekly broad ring (missed at ML1)',
    () =>
      editedCopy(DEFAULT_PROFILE, (t) =>
        replaceOnce(t, 'schedule: cron(0 22 ? * THU *)', 'schedule: cron(0 22 ? * THU#2 *)'),
      ),
  ],
];

test.each(cases)('%s: the same verdict as the whole assessment', (_, profile) => {
  const model = loadModel(profile(), AS_OF);
  const whole = assess(model);
  const fast = assessIfTargetMissed(model);
  expect(fast === undefined).toBe(whole.achieved >= whole.targetMaturity);
  if (fast) expect(withoutEngine(fast)).toEqual(withoutEngine(whole));
});

test('the cases include a missed target and a met one', () => {
  const verdicts = cases.map(([, p]) => assessIfTargetMissed(loadModel(p(), AS_OF)) === undefined);
  expect(verdicts).toContain(true);
  expect(verdicts).toContain(false);
});
