// The repository root, whether this runs from the sources (src/) or the compiled output (dist/src/).
import { basename, resolve } from 'path';

const up = resolve(__dirname, '..');
export const PACKAGE_ROOT = basename(up) === 'dist' ? resolve(up, '..') : up;
