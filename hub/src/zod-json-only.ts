import { z } from 'zod';
import type { $ZodMemoizer } from 'zod/v4/core';

/**
 * Zod (4.5 on) gives every object and array schema a memoizer, so that data reaching the same
 * object twice — a cycle — parses once. Its per-parse state hangs off the schemas (each keeps
 * the last parse's context until the next parse), and with zod 4.6.7 a parse's objects no longer
 * die young: in the hub under 3101 load, 5 MB of every 50 MB allocated survived each scavenge and
 * was promoted, and scavenges took 13–40 ms copying it — the service's p99. With this
 * pass-through memoizer the same load promotes about 30 KB per scavenge and scavenges take a few
 * milliseconds. (Zod's fix for the old-generation side of this, issue #6557, is in 4.6.7.)
 *
 * The hub parses only JSON (requests, stored rows, files), which holds neither cycles nor a
 * second reference to one object, so the memoizer never has anything to do here and parses give
 * the same result without it (tests/hub/zod-json-only.test.ts). A schema takes the memoizer
 * configured when it is built, so this module is the server's first import (main.ts).
 */
export const jsonOnlyMemoizer: $ZodMemoizer = {
  attach() {},
  guard() {},
  alloc: (_inst, _payload, empty) => empty,
};

z.config({ memoizer: jsonOnlyMemoizer });
