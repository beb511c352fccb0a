// What each box of the module diagram says, from the numbers the page already has: pure, so the
// wording and the "data flowed" rules are tested without a DOM. The diagram draws these; the
// details card lists them.
import type { AgentStatus } from '../../workers/agent-api';

export const MODULE_IDS = [
  'configurator',
  'perception',
  'worldModel',
  'cost',
  'critic',
  'actor',
  'memory',
] as const;
export type ModuleId = (typeof MODULE_IDS)[number];

export interface DiagramInput {
  status: AgentStatus | null;
  agentState: string;
  mode: string;
  criticOn: boolean;
  /** The last plan's total cost and its per-term split (null before the first plan, or in mode1). */
  plan: { cost: number; breakdown: Record<string, number>; ms: number } | null;
  plansPerSecond: number;
  plans: number;
  preset: string | null;
  backend: string | null;
}

export interface ModuleState {
  title: string;
  /** Two short lines for the box. */
  lines: [string, string];
  /** What it is, in one sentence. */
  what: string;
  /** label/value rows for the details card. */
  numbers: [string, string][];
  /** Which panel changes it. */
  controls: string;
  /** Drawn dimmed (switched off or not started). */
  idle: boolean;
}

const fmt = (v: number | null | undefined, digits = 3): string =>
  v === null || v === undefined || !Number.isFinite(v)
    ? '–'
    : Math.abs(v) >= 100
      ? v.toFixed(0)
      : Math.abs(v) >= 1
        ? v.toFixed(2)
        : v.toPrecision(digits);
const int = (v: number) => v.toLocaleString('en-US');

/** The term with the largest share of the plan's cost (critic included). */
export function topTerm(breakdown: Record<string, number>): [string, number] | null {
  let best: [string, number] | null = null;
  for (const [k, v] of Object.entries(breakdown)) if (!best || Math.abs(v) > Math.abs(best[1])) best = [k, v];
  return best;
}

export function moduleStates(d: DiagramInput): Record<ModuleId, ModuleState> {
  const s = d.status;
  const running = d.agentState === 'running';
  const spread = s?.encoderSpread ?? null;
  const loss = s?.lastLoss ?? null;
  const top = d.plan ? topTerm(d.plan.breakdown) : null;
  const critic = s?.critic ?? null;
  const criticModel = s?.criticModel ?? null;
  const trained = criticModel?.kind === 'trained';
  // The critic plans two ways: at the horizon (the Critic switch) and per step (the goalSteps term).
  const perStep = (d.plan?.breakdown['goalSteps'] ?? 0) !== 0;
  const criticUse = d.criticOn ? (perStep ? 'on + goalSteps' : 'on') : perStep ? 'goalSteps' : 'off';
  const heldOut = criticModel?.meta['heldOutError'];
  const mem = s?.memory ?? { size: 0, capacity: 0 };
  const fill = mem.capacity > 0 ? mem.size / mem.capacity : 0;
  return {
    configurator: {
      title: 'Configurator',
      lines: [`preset ${d.preset ?? '–'}`, `${d.backend ?? 'no backend yet'} · ${d.mode}`],
      what: 'Sets up the other modules for the task at hand: which cost terms count and how much, how the actor plans.',
      numbers: [
        ['cost preset', d.preset ?? '–'],
        ['tfjs backend', d.backend ?? '–'],
        ['actor mode', d.mode],
        ['critic', d.criticOn ? 'on' : 'off'],
      ],
      controls: 'the Cost and Planner panels (and the link: every setting is in the URL)',
      idle: false,
    },
    perception: {
      title: 'Perception',
      lines: [
        `spread σ ${fmt(spread?.meanStd)}`,
        spread ? `${spread.deadDims}/${spread.std.length} dims dead` : 'no encodings yet',
      ],
      what: 'The encoder: turns the agent’s 32x32 view (and its velocity) into the latent state s the other modules work on.',
      numbers: spread
        ? [
            ['encodings', String(spread.samples)],
            ['mean per-dim std', fmt(spread.meanStd)],
            ['min / max std', `${fmt(spread.minStd)} / ${fmt(spread.maxStd)}`],
            ['dead dims (std < 0.01)', `${spread.deadDims} of ${spread.std.length}`],
          ]
        : [['encodings', 'none yet (the agent has not acted)']],
      controls: 'the Learning panel (it learns with the world model)',
      idle: !spread,
    },
    worldModel: {
      title: 'World model',
      lines: [`loss ${fmt(loss?.total)}`, `${int(s?.trainSteps ?? 0)} steps`],
      what: 'The predictor: imagines the next latent state from the current one and an action; planning rolls it forward.',
      numbers: [
        ['training steps', int(s?.trainSteps ?? 0)],
        ['steps / s', fmt(s?.stepsPerSecond ?? 0, 2)],
        ['total loss', fmt(loss?.total)],
        ...Object.entries(loss?.terms ?? {}).map(([k, v]) => [k, fmt(v)] as [string, string]),
      ],
      controls: 'the Learning panel (learn, practice, checkpoints)',
      idle: !s?.learning,
    },
    cost: {
      title: 'Cost',
      lines: [`plan cost ${fmt(d.plan?.cost)}`, top ? `top: ${top[0]} ${fmt(top[1])}` : 'no plan yet'],
      what: 'The intrinsic cost: a weighted sum of differentiable terms (goal, hazard, walls, energy, your formulas) the actor minimises.',
      numbers: d.plan
        ? [
            ['chosen plan’s cost', fmt(d.plan.cost)],
            ...Object.entries(d.plan.breakdown).map(([k, v]) => [k, fmt(v)] as [string, string]),
          ]
        : [['chosen plan’s cost', 'no plan yet']],
      controls: 'the Cost panel (weights, switches, presets, formulas)',
      idle: !d.plan,
    },
    critic: {
      title: 'Critic',
      lines: [
        criticUse,
        trained ? 'trained, frozen' : critic ? `error ${fmt(critic.error)}` : 'not fitted yet',
      ],
      what: 'A cost-to-go V(s, goal) that lets the actor see past its horizon: learned online from memory (TD(λ) on the intrinsic cost), or a trained temporal-distance critic (steps to the goal, npm run train:critic), frozen.',
      numbers: [
        ['used in planning', criticUse === 'off' ? 'no' : criticUse],
        ['kind', criticModel?.note ?? '–'],
        ...(trained
          ? ([
              ['file', criticModel.from ?? '–'],
              ['held-out error (steps)', typeof heldOut === 'number' ? fmt(heldOut) : '–'],
              [
                'latent · hidden · gamma',
                `${criticModel.latentDim} · ${criticModel.hidden} · ${criticModel.gamma}`,
              ],
            ] as [string, string][])
          : ([
              ['mean abs. error', fmt(critic?.error)],
              ['mean target', fmt(critic?.target)],
              ['fits', critic ? int(critic.fits) : '0'],
            ] as [string, string][])),
      ],
      controls:
        'the Planner panel (Critic switch: at the horizon), the Cost panel (goal via critic: every step), the Learning panel (Load critic…); an online critic learns while learning is on',
      idle: criticUse === 'off',
    },
    actor: {
      title: 'Actor',
      lines: [
        `${d.mode} · ${d.plan ? `${d.plan.ms.toFixed(0)} ms` : '–'}`,
        `${d.plansPerSecond.toFixed(1)} plans/s`,
      ],
      what: 'Proposes action sequences and improves them by gradient descent through the world model and the cost (Mode 2).',
      numbers: [
        ['mode', d.mode],
        ['last plan', d.plan ? `${d.plan.ms.toFixed(0)} ms` : '–'],
        ['plans / s', d.plansPerSecond.toFixed(1)],
        ['plans so far', int(d.plans)],
        ['state', d.agentState],
      ],
      controls: 'the Planner panel (mode, K, H, iterations)',
      idle: !running,
    },
    memory: {
      title: 'Memory',
      lines: [`${int(mem.size)} frames`, `${(fill * 100).toFixed(fill < 0.1 ? 1 : 0)}% full`],
      what: 'Short-term memory: a bounded ring of recent frames, actions and costs the world model and the critic train on.',
      numbers: [
        ['frames', `${int(mem.size)} of ${int(mem.capacity)}`],
        ['samples / s', fmt(s?.samplesPerSecond ?? 0, 2)],
        ['practice episodes', int(s?.practice.episodes ?? 0)],
      ],
      controls: 'the Learning panel (practice fills it faster)',
      idle: mem.size === 0,
    },
  };
}

/** Which arrows carry data now: a plan came in, or the model took a training step, since last time. */
export interface Flow {
  plan: boolean;
  train: boolean;
}

export class FlowWatch {
  private plans = -1;
  private steps = -1;

  next(plans: number, trainSteps: number): Flow {
    const flow = {
      plan: this.plans >= 0 && plans > this.plans,
      train: this.steps >= 0 && trainSteps > this.steps,
    };
    this.plans = plans;
    this.steps = trainSteps;
    return flow;
  }
}
