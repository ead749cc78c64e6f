// Run as a child process (tests/hub/zod-json-only.test.ts): the hub's first import, then the
// schemas the hub parses with, as in hub/src/main.ts. Reads messages and records (ParseInput) on
// stdin, prints what each schema made of them.
import { jsonOnlyMemoizer } from '../../../hub/src/zod-json-only';
import { readFileSync } from 'node:fs';
import { globalConfig } from 'zod/v4/core';
import { parseAll, type ParseInput } from './zod-json-only-cases';

const input = JSON.parse(readFileSync(0, 'utf8')) as ParseInput;
process.stdout.write(JSON.stringify({ passThrough: globalConfig.memoizer === jsonOnlyMemoizer, results: parseAll(input) }));
