// npm run soak -- [--ticks 10000] [--every 250]: the agent plans and learns for many ticks in Node
// (wasm, shipped checkpoint) and fails if tfjs tensors grow or the heap keeps climbing.
// Run with --expose-gc (the npm script does) so heap samples are taken after a collection.
// Loaded by tools/soak.ts after the tfjs resolve hooks.
import { judgeSoak, runSoak, SOAK_PLANNER } from './soak-run';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < 1)
    throw new Error(`--${name} must be a positive integer, got ${process.argv[i + 1]}`);
  return v;
}

const ticks = arg('ticks', 10_000);
const every = arg('every', 250);
console.log(
  `soak: ${ticks} ticks, planner ${JSON.stringify(SOAK_PLANNER)} (smaller than the page's K16 H12 x5 to fit a shared 2-core machine), batch 8, memory 2000 frames`,
);
const report = await runSoak({
  ticks,
  sampleEvery: every,
  onSample: (s) =>
    console.log(
      `tick ${s.tick}: tensors ${s.numTensors} (${(s.numBytes / 2 ** 20).toFixed(2)} MB), heap ${s.heapMB.toFixed(1)} MB, train steps ${s.trainSteps}, episodes ${s.episodes}`,
    ),
});
const verdict = judgeSoak(report);
console.log(
  `done in ${(report.ms / 1000).toFixed(0)} s: ${report.ticks} ticks, ${report.trainSteps} train steps, ${report.episodes} episodes (${report.successes} reached the goal)`,
);
for (const line of verdict.lines) console.log(line);
if (report.learningErrors.length > 0)
  console.log(`learning messages: ${[...new Set(report.learningErrors)].join(' | ')}`);
if (!verdict.ok) {
  console.error('soak FAILED');
  process.exit(1);
}
console.log('soak ok');
