// zod 4 builds a faster object parser with `new Function` where it can, and probes whether it can
// by trying once: under the app's CSP (no 'unsafe-eval') that probe is refused and reported as a
// violation on every load. Its plain parser gives the same results, so dynamic code is switched off
// before any schema exists: every module that builds zod schemas imports this before zod itself.
import { z } from 'zod';

z.config({ jitless: true });
