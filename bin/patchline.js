#!/usr/bin/env node
// The patchline command line (`npx patchline <verb>`): compiled output when current, else the sources via tsx.
require('./launch').launch('cli');
