// Command line of the evaluation CLI, parsed strictly: an unknown or malformed option is an error
// that names it.
import { parseFlags } from './cli-flags';
export const EVAL_PLANNERS = [
  'random',
  'straight',
  'oracle',
  'gd',
  'sampling',
  'hybrid',
  'mode1',
  'mode1+mode2',
] as const;
export type EvalPlanner = (typeof EVAL_PLANNERS)[number];

export interface EvalArgs {
  scenario: string;
  scenarioFile: string | null;
  episodes: number;
  seed: number;
  planner: EvalPlanner;
  /** A checkpoint file, or 'analytic' for the wall-blind point-mass model with a centroid encoder. */
  checkpoint: string | null;
  json: boolean;
  backend: 'wasm' | 'cpu';
  /** Override the scenario's step budget (0 keeps it). */
  maxSteps: number;
  /** Hybrid episodes run first to distil the Mode-1 policy ('mode1' and 'mode1+mode2' only). */
  distillEpisodes: number;
  /** Mode-1 imitation steps (batches of 64) per tick of those episodes. */
  distillFit: number;
  /** The last this many distillation episodes let Mode-1 act while Mode-2 labels (DAgger). */
  daggerEpisodes: number;
  /** Mode-1 also sees which way the route around the seen walls goes (when the model has a wall map). */
  policyCue: 'route' | 'none';
  /** Planner settings as JSON, e.g. '{"horizon":16,"criticWeight":0}'. */
  plannerJson: string | null;
  /** Practice episodes that train the critic from short-term memory before evaluating with it. */
  criticEpisodes: number;
  /** Cost-term patches as JSON, e.g. '{"goal":{"weight":0.2}}' (ids as in the cost table). */
  costJson: string | null;
  /** A trained critic file (npm run train:critic), used past the horizon; comma-separated files: an ensemble. */
  critic: string | null;
  /** An ensemble's pessimism: V = mean + kappa * std over its critics. */
  criticKappa: number;
  /** Start at this episode index: runs episodes skip..skip+episodes-1, so shards add up to one run. */
  skip: number;
}

const DEFAULTS: EvalArgs = {
  scenario: 'two-rooms',
  scenarioFile: null,
  episodes: 20,
  seed: 0,
  planner: 'hybrid',
  checkpoint: null,
  json: false,
  backend: 'wasm',
  maxSteps: 0,
  distillEpisodes: 10,
  distillFit: 1,
  daggerEpisodes: 0,
  policyCue: 'route',
  plannerJson: null,
  criticEpisodes: 0,
  costJson: null,
  critic: null,
  criticKappa: 1,
  skip: 0,
};

export const EVAL_USAGE = `usage: npm run eval -- (--scenario NAME | --scenario-file F) --planner P [--checkpoint C] [options]
  --scenario NAME        built-in scenario (default ${DEFAULTS.scenario})
  --scenario-file F      scenario JSON file instead of a built-in
  --episodes N           episodes (default ${DEFAULTS.episodes})
  --skip N               start at episode N (shards: --skip 0/10/20 --episodes 10 = one 30-episode run)
  --seed S               seed for episodes and planner (default ${DEFAULTS.seed}); same seed, same numbers
  --planner P            ${EVAL_PLANNERS.join(' | ')} (default ${DEFAULTS.planner})
  --checkpoint C         world-model checkpoint (.ckpt) for model-based planners, or 'analytic'
  --json                 print one JSON object instead of a table
  --backend wasm|cpu     tfjs backend (default wasm)
  --max-steps N          step budget per episode (default: the scenario's)
  --distill-episodes N   hybrid episodes that train Mode-1 first (default ${DEFAULTS.distillEpisodes})
  --distill-fit N        Mode-1 imitation steps per tick while distilling (default ${DEFAULTS.distillFit})
  --dagger-episodes N    of those, the last N let Mode-1 act while Mode-2 labels (DAgger) (default ${DEFAULTS.daggerEpisodes})
  --policy-cue route|none  Mode-1 sees the route's direction over the model's wall map, or only (s, s_goal)
                         (default ${DEFAULTS.policyCue}; none without a wall map)
  --planner-json J       planner settings, e.g. '{"horizon":16}'
  --critic F             critic file from npm run train:critic, added past the horizon
                         (criticWeight 1 unless --planner-json sets it); F1,F2,...: an ensemble
                         valued mean + kappa * std (src/agent/plan/critic-ensemble.ts)
  --critic-kappa K       the ensemble's kappa, >= 0 (default ${DEFAULTS.criticKappa})
  --cost-json J          cost-term patches, e.g. '{"goal":{"weight":0.2},"wall":{"enabled":false}}'
  --critic-episodes N    practice episodes training the critic first; then plan with it
                         (criticWeight 1 unless --planner-json sets it) (default 0: no critic)`;

const INT_OPTS = [
  'episodes',
  'seed',
  'maxSteps',
  'distillEpisodes',
  'distillFit',
  'daggerEpisodes',
  'criticEpisodes',
  'skip',
] as const;
export function parseEvalArgs(argv: string[]): EvalArgs {
  let sawScenario = false;
  const out = parseFlags(argv, {
    defaults: DEFAULTS,
    usage: EVAL_USAGE,
    ints: INT_OPTS,
    switches: ['json'],
    choices: { planner: EVAL_PLANNERS, backend: ['wasm', 'cpu'], policyCue: ['route', 'none'] },
    onValue: (key) => {
      if (key !== 'scenario' && key !== 'scenarioFile') return;
      if (sawScenario) throw new Error('give either --scenario or --scenario-file, not both');
      sawScenario = true;
    },
  });
  if (out.scenarioFile) out.scenario = '';
  const kappa = Number(out.criticKappa);
  if (!(kappa >= 0 && Number.isFinite(kappa)))
    throw new Error(`option '--critic-kappa' needs a number >= 0, got '${out.criticKappa}'`);
  out.criticKappa = kappa;
  if (out.episodes < 1) throw new Error("option '--episodes' must be at least 1");
  if (out.distillFit < 1) throw new Error("option '--distill-fit' must be at least 1");
  if (out.daggerEpisodes > out.distillEpisodes)
    throw new Error(
      `option '--dagger-episodes' (${out.daggerEpisodes}) must not exceed --distill-episodes (${out.distillEpisodes})`,
    );
  const modelBased = !['random', 'straight', 'oracle'].includes(out.planner);
  if (modelBased && !out.checkpoint) {
    throw new Error(`planner '${out.planner}' needs --checkpoint FILE (or --checkpoint analytic)`);
  }
  if (out.critic && out.criticEpisodes > 0)
    throw new Error('give either --critic or --critic-episodes, not both');
  for (const [flag, text] of [
    ['--planner-json', out.plannerJson],
    ['--cost-json', out.costJson],
  ] as const) {
    if (text === null) continue;
    try {
      const v = JSON.parse(text);
      if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('not an object');
    } catch (e) {
      throw new Error(`option '${flag}' must be a JSON object: ${(e as Error).message}`);
    }
  }
  return out;
}
