// Command line of the critic-training CLI, parsed strictly: unknown or malformed options are errors
// that name the option.
import { parseFlags } from './cli-flags';
import { TRAIN_EXPLORERS, type TrainExplorer } from './train-args';

export interface TrainCriticArgs {
  checkpoint: string;
  scenario: string;
  scenarioFile: string | null;
  out: string;
  seed: number;
  backend: 'wasm' | 'cpu';
  /** Explorer episodes collected for training (each `episodeSteps` long). */
  episodes: number;
  episodeSteps: number;
  explorer: TrainExplorer;
  steps: number;
  batch: number;
  hidden: number;
  nStep: number;
  evalEvery: number;
  gamma: number;
  expectile: number;
  lr: number;
  /** td: n-step expectile TD along each episode; graph: hindsight shortest paths (critic-graph.ts). */
  targets: 'td' | 'graph';
  /** graph: metres between decoded positions that link two states as the same place. */
  linkRadius: number;
}

const DEFAULTS: TrainCriticArgs = {
  checkpoint: '',
  scenario: 'two-rooms',
  scenarioFile: null,
  out: '',
  seed: 1,
  backend: 'wasm',
  episodes: 120,
  episodeSteps: 400,
  explorer: 'mix',
  steps: 6000,
  batch: 256,
  hidden: 256,
  nStep: 8,
  evalEvery: 500,
  gamma: 0.97,
  expectile: 0.9,
  lr: 3e-4,
  targets: 'td',
  linkRadius: 0.2,
};

const INT_OPTS = [
  'seed',
  'episodes',
  'episodeSteps',
  'steps',
  'batch',
  'hidden',
  'nStep',
  'evalEvery',
] as const;
const UNIT_OPTS = ['gamma', 'expectile', 'lr', 'linkRadius'] as const;

export const TRAIN_CRITIC_USAGE = `usage: npm run train:critic -- --checkpoint C.ckpt --out F.critic.json [options]
  --checkpoint C         world-model checkpoint whose frozen encoder makes the latents (required)
  --out F                critic file to write (required)
  --scenario NAME        built-in scenario (default ${DEFAULTS.scenario}); or --scenario-file F
  --episodes N           explorer episodes to learn from (default ${DEFAULTS.episodes})
  --episode-steps N      steps per episode; the goal does not end them (default ${DEFAULTS.episodeSteps})
  --explorer E           ou | waypoint | mix (default ${DEFAULTS.explorer})
  --steps N              TD steps (default ${DEFAULTS.steps})
  --batch N              (state, goal) pairs per step (default ${DEFAULTS.batch})
  --hidden N             critic hidden width (default ${DEFAULTS.hidden})
  --n-step N             real steps before bootstrapping (default ${DEFAULTS.nStep})
  --gamma G              discount per step (default ${DEFAULTS.gamma})
  --expectile T          in (0.5, 1): lean toward the best path seen (default ${DEFAULTS.expectile})
  --lr X                 Adam learning rate (default ${DEFAULTS.lr})
  --targets T            td | graph: n-step expectile TD along each episode, or the fewest steps
                         between two states over the episode's transitions and revisits (default ${DEFAULTS.targets})
  --link-radius M        graph: decoded positions this close (m) count as one place (default ${DEFAULTS.linkRadius})
  --eval-every N         steps between held-out evaluations (default ${DEFAULTS.evalEvery})
  --seed S               (default ${DEFAULTS.seed}); --backend wasm|cpu (default wasm)`;

export function parseTrainCriticArgs(argv: string[]): TrainCriticArgs {
  const out = parseFlags(argv, {
    defaults: DEFAULTS,
    usage: TRAIN_CRITIC_USAGE,
    ints: INT_OPTS,
    intMin: 1,
    units: UNIT_OPTS,
    choices: { backend: ['wasm', 'cpu'], explorer: TRAIN_EXPLORERS, targets: ['td', 'graph'] },
  });
  if (!out.checkpoint) throw new Error(`option --checkpoint is required\n${TRAIN_CRITIC_USAGE}`);
  if (!out.out) throw new Error(`option --out is required\n${TRAIN_CRITIC_USAGE}`);
  if (out.scenarioFile) out.scenario = '';
  if (out.expectile <= 0.5) throw new Error(`option --expectile must be above 0.5, got ${out.expectile}`);
  return out;
}
