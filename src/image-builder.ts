// EC2 Image Builder facts that both the profile checks and the stacks rely on.

/** Graviton (arm64) instance types: a1, and families with a `g` after the generation (m7g, c6gn, im4gn, x2gd). */
export const isArmInstanceType = (type: string) => /^(a1|[a-z]+\d+g[a-z]*)\./.test(type);

/** Windows or Linux, from the profile's os. */
export const osFamily = (os: string): 'windows' | 'linux' => (os.startsWith('windows-') ? 'windows' : 'linux');

/** Root device of images by OS family: Amazon Linux uses /dev/xvda, the others /dev/sda1. */
export const defaultRootDevice = (os: string) => (os.startsWith('amazon-linux') ? '/dev/xvda' : '/dev/sda1');

/** Image Builder takes inline component documents of at most this many characters. */
export const MAX_COMPONENT_DOCUMENT_CHARS = 16_000;

/** Lifecycle age rules retain at most this many images (retainAtLeast 1-10). */
export const MAX_RETAIN_WITH_AGE_RULE = 10;
