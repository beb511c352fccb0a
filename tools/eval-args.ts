// Command line of the evaluation CLI, parsed strictly: an unknown or malformed option is an error
// that names it.
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
  /** Planner settings as JSON, e.g. '{"horizon":16,"criticWeight":0}'. */
  plannerJson: string | null;
  /** Practice episodes that train the critic from short-term memory before evaluating with it. */
  criticEpisodes: number;
  /** Cost-term patches as JSON, e.g. '{"goal":{"weight":0.2}}' (ids as in the cost table). */
  costJson: string | null;
  /** A trained critic file (npm run train:critic), used past the horizon. */
  critic: string | null;
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
  plannerJson: null,
  criticEpisodes: 0,
  costJson: null,
  critic: null,
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
  --planner-json J       planner settings, e.g. '{"horizon":16}'
  --critic F             critic file from npm run train:critic, added past the horizon
                         (criticWeight 1 unless --planner-json sets it)
  --cost-json J          cost-term patches, e.g. '{"goal":{"weight":0.2},"wall":{"enabled":false}}'
  --critic-episodes N    practice episodes training the critic first; then plan with it
                         (criticWeight 1 unless --planner-json sets it) (default 0: no critic)`;

const INT_OPTS = ['episodes', 'seed', 'maxSteps', 'distillEpisodes', 'criticEpisodes', 'skip'] as const;
const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function parseEvalArgs(argv: string[]): EvalArgs {
  const out: EvalArgs = { ...DEFAULTS };
  let sawScenario = false;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (!flag.startsWith('--')) throw new Error(`unexpected argument '${flag}'\n${EVAL_USAGE}`);
    const key = camel(flag.slice(2)) as keyof EvalArgs;
    if (!(key in DEFAULTS)) throw new Error(`unknown option '${flag}'\n${EVAL_USAGE}`);
    if (key === 'json') {
      out.json = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith('--')) throw new Error(`option '${flag}' needs a value`);
    if ((INT_OPTS as readonly string[]).includes(key)) {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0)
        throw new Error(`option '${flag}' needs a non-negative integer, got '${value}'`);
      (out as unknown as Record<string, number>)[key] = n;
    } else if (key === 'planner') {
      if (!(EVAL_PLANNERS as readonly string[]).includes(value)) {
        throw new Error(`option '--planner' must be one of ${EVAL_PLANNERS.join(', ')}, got '${value}'`);
      }
      out.planner = value as EvalPlanner;
    } else if (key === 'backend') {
      if (value !== 'wasm' && value !== 'cpu')
        throw new Error(`option '--backend' must be wasm or cpu, got '${value}'`);
      out.backend = value;
    } else if (key === 'scenario' || key === 'scenarioFile') {
      if (sawScenario) throw new Error('give either --scenario or --scenario-file, not both');
      sawScenario = true;
      out[key] = value;
    } else if (key === 'checkpoint' || key === 'plannerJson' || key === 'costJson' || key === 'critic') {
      out[key] = value;
    }
  }
  if (out.scenarioFile) out.scenario = '';
  if (out.episodes < 1) throw new Error("option '--episodes' must be at least 1");
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
