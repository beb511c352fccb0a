// Command line of the training CLI: one table of options, parsed strictly (unknown or malformed
// options are errors that name the option).
import { parseFlags } from './cli-flags';
export interface TrainArgs {
  scenario: string;
  scenarioFile: string | null;
  steps: number;
  seed: number;
  out: string;
  backend: 'wasm' | 'cpu';
  obsSize: number;
  batch: number;
  /** Environment steps collected per training step. */
  envSteps: number;
  /** Environment steps collected before the first training step. */
  warmup: number;
  capacity: number;
  evalEpisodes: number;
  evalEvery: number;
  /** Start from this checkpoint's config and weights instead of a fresh model. */
  init: string | null;
  /** Steps fitting only the probe heads on the final, frozen encoder. */
  probeSteps: number;
  /** Behaviour that collects experience: OU noise, waypoint-seeking, or half of each per episode. */
  explorer: TrainExplorer;
}

export const TRAIN_EXPLORERS = ['ou', 'waypoint', 'mix'] as const;
export type TrainExplorer = (typeof TRAIN_EXPLORERS)[number];

const DEFAULTS: TrainArgs = {
  scenario: 'two-rooms',
  scenarioFile: null,
  steps: 3000,
  seed: 1,
  out: '',
  backend: 'wasm',
  obsSize: 64,
  batch: 64,
  envSteps: 4,
  warmup: 3000,
  capacity: 30000,
  evalEpisodes: 16,
  evalEvery: 500,
  init: null,
  probeSteps: 0,
  explorer: 'ou',
};

const INT_OPTS = [
  'steps',
  'seed',
  'obsSize',
  'batch',
  'envSteps',
  'warmup',
  'capacity',
  'evalEpisodes',
  'evalEvery',
] as const;

export const TRAIN_USAGE = `usage: npm run train -- --out assets/checkpoints/NAME [options]
  --scenario NAME        built-in scenario (default two-rooms)
  --scenario-file F      scenario JSON file instead of a built-in
  --steps N              training steps (default ${DEFAULTS.steps})
  --seed S               seed for world, explorer and weights (default ${DEFAULTS.seed})
  --backend wasm|cpu     tfjs backend (default wasm)
  --obs-size N           observation side in pixels (default ${DEFAULTS.obsSize})
  --batch N              sequences per training step (default ${DEFAULTS.batch})
  --env-steps N          environment steps per training step (default ${DEFAULTS.envSteps})
  --warmup N             environment steps before training (default ${DEFAULTS.warmup})
  --capacity N           short-term memory frames (default ${DEFAULTS.capacity})
  --eval-episodes N      held-out episodes for the metrics (default ${DEFAULTS.evalEpisodes})
  --eval-every N         steps between held-out evaluations (default ${DEFAULTS.evalEvery})
  --probe-steps N        final steps fitting the probe heads on the frozen encoder (default ${DEFAULTS.probeSteps})
  --init F.ckpt          continue from a checkpoint (its config wins; --steps may then be 0)
  --explorer E           ou | waypoint | mix: how experience is collected (default ${DEFAULTS.explorer});
                         waypoint drives to random points, so it presses into walls and finds doors`;

export function parseTrainArgs(argv: string[]): TrainArgs {
  const out = parseFlags(argv, {
    defaults: DEFAULTS,
    usage: TRAIN_USAGE,
    ints: INT_OPTS,
    choices: { backend: ['wasm', 'cpu'], explorer: TRAIN_EXPLORERS },
  });
  if (!out.out) throw new Error(`option --out is required\n${TRAIN_USAGE}`);
  if (out.steps < 1 && !out.init) throw new Error('option --steps must be at least 1 (or 0 with --init)');
  if (out.batch < 1) throw new Error('option --batch must be at least 1');
  return out;
}
