import { describe, expect, it } from 'vitest';
import type { AgentStatus } from '../../workers/agent-api';
import { type DiagramInput, FlowWatch, moduleStates, topTerm } from './module-diagram-model';

const status = (over: Partial<AgentStatus> = {}): AgentStatus => ({
  backend: 'wasm',
  ready: true,
  syncReadback: true,
  learning: true,
  plansPerLearningStep: 2,
  practice: { on: false, scenario: null, episodes: 0, steps: 0 },
  memory: { size: 5000, capacity: 20000 },
  trainSteps: 4412,
  samplesPerSecond: 10,
  stepsPerSecond: 2.5,
  lastLoss: { total: 0.0123, terms: { prediction: 0.004, variance: 0.008 } },
  numTensors: 100,
  numBytes: 4096,
  lastError: null,
  encoderSpread: {
    samples: 64,
    meanStd: 0.21,
    minStd: 0.001,
    maxStd: 0.9,
    deadDims: 2,
    std: new Array(32).fill(0.2),
  },
  critic: { error: 0.12, target: 3.4, fits: 7 },
  ...over,
});

const input = (over: Partial<DiagramInput> = {}): DiagramInput => ({
  status: status(),
  agentState: 'running',
  mode: 'mode2',
  criticOn: true,
  plan: { cost: 2.31, breakdown: { goal: 1.9, hazard: 0, wall: -0.1, critic: 0.51 }, ms: 78.4 },
  plansPerSecond: 3.1,
  plans: 40,
  preset: 'cautious',
  backend: 'wasm',
  ...over,
});

describe('moduleStates', () => {
  it('puts each module’s live numbers in its box', () => {
    const s = moduleStates(input());
    expect(s.perception.lines).toEqual(['spread σ 0.210', '2/32 dims dead']);
    expect(s.worldModel.lines).toEqual(['loss 0.0123', '4,412 steps']);
    expect(s.cost.lines).toEqual(['plan cost 2.31', 'top: goal 1.90']);
    expect(s.critic.lines).toEqual(['on', 'error 0.120']);
    expect(s.actor.lines).toEqual(['mode2 · 78 ms', '3.1 plans/s']);
    expect(s.memory.lines).toEqual(['5,000 frames', '25% full']);
    expect(s.configurator.lines).toEqual(['preset cautious', 'wasm · mode2']);
    expect(s.worldModel.numbers).toContainEqual(['prediction', '0.00400']);
  });

  it('shows a trained critic as frozen, used through the goalSteps term even with the Critic switch off', () => {
    const trained = status({
      critic: null,
      criticModel: {
        kind: 'trained',
        note: 'trained offline, frozen (two-rooms.critic.json)',
        from: 'two-rooms.critic.json',
        latentDim: 32,
        hidden: 256,
        gamma: 0.97,
        meta: { heldOutError: 2.1079 },
      },
    });
    const s = moduleStates(
      input({
        status: trained,
        criticOn: false,
        plan: { cost: 3, breakdown: { goal: 1, goalSteps: 2 }, ms: 50 },
      }),
    );
    expect(s.critic.lines).toEqual(['goalSteps', 'trained, frozen']);
    expect(s.critic.idle).toBe(false);
    expect(s.critic.numbers).toContainEqual(['held-out error (steps)', '2.11']);
    expect(s.critic.numbers).toContainEqual(['kind', 'trained offline, frozen (two-rooms.critic.json)']);
    const idle = moduleStates(input({ status: trained, criticOn: false, plan: null }));
    expect(idle.critic.lines[0]).toBe('off');
    expect(idle.critic.idle).toBe(true);
  });

  it('says what is missing before the agent has acted, and dims what is off', () => {
    const s = moduleStates(
      input({
        status: status({ encoderSpread: null, critic: null, memory: { size: 0, capacity: 20000 } }),
        plan: null,
        criticOn: false,
      }),
    );
    expect(s.perception.lines[1]).toBe('no encodings yet');
    expect(s.perception.idle).toBe(true);
    expect(s.cost.lines[1]).toBe('no plan yet');
    expect(s.critic.lines).toEqual(['off', 'not fitted yet']);
    expect(s.critic.idle).toBe(true);
    expect(s.memory.idle).toBe(true);
    expect(moduleStates(input({ status: null })).worldModel.lines).toEqual(['loss –', '0 steps']);
  });

  it('names the panel that controls each module', () => {
    const s = moduleStates(input());
    expect(s.cost.controls).toMatch(/Cost panel/);
    expect(s.actor.controls).toMatch(/Planner panel/);
    expect(s.memory.controls).toMatch(/Learning panel/);
  });
});

describe('topTerm', () => {
  it('is the term with the largest magnitude, critic included', () => {
    expect(topTerm({ goal: 1, wall: -3, critic: 2 })).toEqual(['wall', -3]);
    expect(topTerm({})).toBeNull();
  });
});

describe('FlowWatch', () => {
  it('flags a flow only when plans or training steps went up since the last look', () => {
    const w = new FlowWatch();
    expect(w.next(5, 100)).toEqual({ plan: false, train: false });
    expect(w.next(6, 100)).toEqual({ plan: true, train: false });
    expect(w.next(6, 101)).toEqual({ plan: false, train: true });
    expect(w.next(6, 0)).toEqual({ plan: false, train: false });
  });
});
