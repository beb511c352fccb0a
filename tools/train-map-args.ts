// Command line of the wall-map CLI (tools/train-map.ts), parsed strictly by the shared flag parser.
import { parseFlags } from './cli-flags';

export interface TrainMapArgs {
  checkpoint: string;
  scenario: string;
  scenarioFile: string | null;
  out: string;
  seed: number;
  /** Layouts (episode resets) drawn; the last eighth are held out for grading. */
  layouts: number;
  /** Agent placements encoded per layout. */
  perLayout: number;
  grid: number;
  /** Metres from a wall within which a cell centre counts as wall. */
  margin: number;
  steps: number;
  batch: number;
  lr: number;
}

const DEFAULTS: TrainMapArgs = {
  checkpoint: '',
  scenario: 'two-rooms',
  scenarioFile: null,
  out: '',
  seed: 1,
  layouts: 480,
  perLayout: 8,
  grid: 32,
  margin: 0.15,
  steps: 4000,
  batch: 256,
  lr: 3e-3,
};

export const TRAIN_MAP_USAGE = `usage: npm run train:map -- --checkpoint C.ckpt --out C2.ckpt [options]
  --checkpoint C     world-model checkpoint whose frozen encoder makes the latents (required)
  --out F            checkpoint to write: C's weights plus the fitted wall map (required; may be C)
  --scenario NAME    built-in scenario (default ${DEFAULTS.scenario}); or --scenario-file F
  --layouts N        episode layouts drawn; the last eighth are held out (default ${DEFAULTS.layouts})
  --per-layout N     agent placements encoded per layout (default ${DEFAULTS.perLayout})
  --grid G           map cells per side (default ${DEFAULTS.grid})
  --margin M         metres from a wall at which a cell still counts as wall (default ${DEFAULTS.margin})
  --steps N          Adam steps (default ${DEFAULTS.steps})
  --batch N          latents per step (default ${DEFAULTS.batch})
  --lr X             Adam learning rate, in (0, 1) (default ${DEFAULTS.lr})
  --seed S           world and sampling seed (default ${DEFAULTS.seed})`;

export function parseTrainMapArgs(argv: readonly string[]): TrainMapArgs {
  const a = parseFlags(argv, {
    defaults: DEFAULTS,
    usage: TRAIN_MAP_USAGE,
    ints: ['seed', 'layouts', 'perLayout', 'grid', 'steps', 'batch'],
    units: ['lr'],
  });
  if (!a.checkpoint || !a.out) throw new Error(`--checkpoint and --out are required\n${TRAIN_MAP_USAGE}`);
  const margin = Number(a.margin);
  if (!(margin >= 0 && margin < 5))
    throw new Error(`option '--margin' needs metres in [0, 5), got '${a.margin}'`);
  if (a.grid < 2 || a.grid > 64) throw new Error(`option '--grid' needs 2..64 cells, got '${a.grid}'`);
  if (a.layouts < 8)
    throw new Error(`option '--layouts' needs at least 8 (one eighth is held out), got '${a.layouts}'`);
  return { ...a, margin };
}
