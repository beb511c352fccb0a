// The rule that picks a tfjs backend from what was tried, and the words that explain the pick.
// Pure: the browser chooser (backend-browser.ts) gathers the trials, Node tests check the rule.
//
// Rule: the fastest measured backend wins. A backend earlier in preference order (webgpu, webgl, wasm,
// cpu) wins a near tie (within TIE_MARGIN of the fastest), except that a software GPU (SwiftShader and
// other fallback adapters) never wins a tie against a real one or the CPU-side backends: it must be
// measurably faster. tfjs's own default would take webgpu whenever navigator.gpu exists, which in
// headless Chromium here is a software adapter about 20x slower than wasm.
import { BACKEND_NAMES, type BackendName, type BackendOutcome } from './backend-report';

export const TIE_MARGIN = 0.1;

export type TrialResult =
  | { kind: 'unavailable'; reason: string }
  | { kind: 'failed'; reason: string }
  | { kind: 'skipped'; reason: string }
  /** Median ms per calibration rep; `software` names the software renderer when there is one. */
  | { kind: 'measured'; ms: number; software?: string };

export type Trials = Partial<Record<BackendName, TrialResult>>;

export interface Choice {
  chosen: BackendName;
  outcomes: BackendOutcome[];
}

/** Picks a backend from the trials; throws, listing every reason, when none was measured. */
export function chooseBackend(trials: Trials): Choice {
  const measured = BACKEND_NAMES.flatMap((backend) => {
    const t = trials[backend];
    return t?.kind === 'measured' && Number.isFinite(t.ms)
      ? [{ backend, ms: t.ms, software: t.software }]
      : [];
  });
  if (measured.length === 0) {
    const why = BACKEND_NAMES.map((b) => `${b}: ${explain(trials[b])}`).join('; ');
    throw new Error(`no tfjs backend could run the calibration workload (${why})`);
  }
  const fastest = measured.reduce((a, b) => (b.ms < a.ms ? b : a));
  // Preference order among near-ties; measured is already in BACKEND_NAMES order.
  const winner =
    measured.find(
      (m) => m.ms <= fastest.ms * (1 + TIE_MARGIN) && (m.software === undefined || m === fastest),
    ) ?? fastest;

  const outcomes = BACKEND_NAMES.map((backend): BackendOutcome => {
    const t = trials[backend];
    if (backend === winner.backend) {
      return {
        backend,
        status: 'chosen',
        ms: winner.ms,
        ...(winner.software ? { software: winner.software } : {}),
      };
    }
    if (!t) return { backend, status: 'skipped', reason: 'not tried' };
    if (t.kind === 'measured') {
      return {
        backend,
        status: 'slower',
        ms: t.ms,
        chosenMs: winner.ms,
        ...(t.software ? { software: t.software } : {}),
      };
    }
    return { backend, status: t.kind, reason: t.reason };
  });
  return { chosen: winner.backend, outcomes };
}

function explain(t: TrialResult | undefined): string {
  if (!t) return 'not tried';
  return t.kind === 'measured' ? `${t.ms.toFixed(1)} ms` : `${t.kind} (${t.reason})`;
}

/** One line per backend, e.g. "wasm: chosen, 4.1 ms/rep" or "webgpu: slower, 95.0 vs 4.1 ms/rep (software: SwiftShader)". */
export function summarise(outcomes: readonly BackendOutcome[]): string {
  return outcomes
    .map((o) => {
      switch (o.status) {
        case 'chosen':
          return `${o.backend}: chosen${o.ms !== undefined ? `, ${o.ms.toFixed(1)} ms/rep` : ''}${o.software ? ` (software: ${o.software})` : ''}`;
        case 'slower':
          return `${o.backend}: slower, ${o.ms.toFixed(1)} vs ${o.chosenMs.toFixed(1)} ms/rep${o.software ? ` (software: ${o.software})` : ''}`;
        default:
          return `${o.backend}: ${o.status}, ${o.reason}`;
      }
    })
    .join('\n');
}
