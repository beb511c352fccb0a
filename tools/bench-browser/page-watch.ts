// The app page while its agent plans and learns: long tasks on the main thread (> 50 ms,
// PerformanceObserver 'longtask'), frame rate, plans and training steps, and where the main
// thread's time goes (a CPU profile of the same window, self time by function). Node side.
import type { CDPSession, Page } from '@playwright/test';

export interface PageWatch {
  seconds: number;
  /** What drew the world: the status bar's 'drawn with' field, and its reason (src/view/renderer-choice.ts). */
  renderer: { name: string; why: string };
  frames: number;
  fps: number;
  /** Longest gap between two animation frames (ms). */
  maxFrameGapMs: number;
  longTasks: { count: number; totalMs: number; maxMs: number };
  plansPerSec: number;
  trainStepsPerSec: number;
  /** The worker's live tensors and their bytes at the start and the end of the window. */
  workerMemory: { tensors: [number | null, number | null]; bytes: [number | null, number | null] };
  /** Main-thread self time by function over the window, top first. */
  hotspots: { fn: string; url: string; selfMs: number }[];
  /**
   * The same window by kind (ms): JavaScript, garbage collection, '(program)' (the renderer's own
   * native work outside JavaScript: style, layout, paint, WebGL command submission) and idle.
   */
  mainThread: { jsMs: number; gcMs: number; programMs: number; idleMs: number };
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Installs the long-task observer; call before the page loads. */
export async function observeLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

interface Counters {
  plans: number;
  steps: number;
  /** The worker's tfjs memory as the page last polled it (null before its first status). */
  tensors: number | null;
  bytes: number | null;
}

async function counters(page: Page): Promise<Counters> {
  return page.evaluate(() => {
    const j = (
      window as unknown as {
        __jepa: {
          agent(): { plans: number };
          agentStatus(): { numTensors: number; numBytes: number } | null;
        };
      }
    ).__jepa;
    const text = document.querySelector('#panel-learning [data-field="steps"]')?.textContent ?? '0';
    const status = j.agentStatus();
    return {
      plans: j.agent().plans,
      steps: Number.parseInt(text.replace(/,/g, ''), 10) || 0,
      tensors: status?.numTensors ?? null,
      bytes: status?.numBytes ?? null,
    };
  });
}

function hotspots(nodes: ProfileNode[], samples: number, ms: number): PageWatch['hotspots'] {
  const perSample = samples > 0 ? ms / samples : 0;
  const byFn = new Map<string, { fn: string; url: string; hits: number }>();
  for (const n of nodes) {
    const fn = n.callFrame.functionName || '(anonymous)';
    if (fn === '(idle)' || fn === '(program)' || fn === '(root)') continue;
    const url = n.callFrame.url.replace(/^.*\/(src|node_modules|tools)\//, '$1/').split('?')[0]!;
    const key = `${fn}@${url}:${n.callFrame.lineNumber}`;
    const e = byFn.get(key) ?? { fn, url: `${url}:${n.callFrame.lineNumber + 1}`, hits: 0 };
    e.hits += n.hitCount ?? 0;
    byFn.set(key, e);
  }
  return [...byFn.values()]
    .sort((a, b) => b.hits - a.hits)
    .slice(0, 12)
    .map((e) => ({ fn: e.fn, url: e.url, selfMs: Math.round(e.hits * perSample) }));
}

function byKind(nodes: ProfileNode[], samples: number, ms: number): PageWatch['mainThread'] {
  const perSample = samples > 0 ? ms / samples : 0;
  const out = { jsMs: 0, gcMs: 0, programMs: 0, idleMs: 0 };
  for (const n of nodes) {
    const fn = n.callFrame.functionName;
    const t = (n.hitCount ?? 0) * perSample;
    if (fn === '(idle)') out.idleMs += t;
    else if (fn === '(program)') out.programMs += t;
    else if (fn === '(garbage collector)') out.gcMs += t;
    else if (fn !== '(root)') out.jsMs += t;
  }
  return {
    jsMs: Math.round(out.jsMs),
    gcMs: Math.round(out.gcMs),
    programMs: Math.round(out.programMs),
    idleMs: Math.round(out.idleMs),
  };
}

/** Watches the running app for `seconds`. */
export async function watchPage(page: Page, seconds: number): Promise<PageWatch> {
  const cdp: CDPSession = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  // The page polls the worker's status a few times a second; start with one in hand, after the first
  // training step when learning is on (it creates the optimiser's state: 70 tensors, once).
  // (A function, not a string: the page's CSP refuses the eval a polled string predicate needs.)
  await page.waitForFunction(
    () => {
      const j = (
        window as unknown as { __jepa: { agentStatus(): { trainSteps: number; learning: boolean } | null } }
      ).__jepa;
      const st = j.agentStatus();
      return st !== null && (st.trainSteps > 0 || !st.learning);
    },
    undefined,
    { timeout: 30_000 },
  );
  const before = await counters(page);
  const lt0 = await page.evaluate(() => performance.now());
  await cdp.send('Profiler.start');
  // A string, not a function: tsx's transform adds __name() helpers to named inner functions,
  // which do not exist in the page.
  const frames = (await page.evaluate(`new Promise((resolve) => {
    const t0 = performance.now();
    let last = t0, n = 0, maxGap = 0;
    function tick(t) {
      n++;
      maxGap = Math.max(maxGap, t - last);
      last = t;
      if (t - t0 < ${seconds * 1000}) requestAnimationFrame(tick);
      else resolve({ frames: n, maxGap, elapsed: t - t0 });
    }
    requestAnimationFrame(tick);
  })`)) as { frames: number; maxGap: number; elapsed: number };
  const { profile } = (await cdp.send('Profiler.stop')) as {
    profile: { nodes: ProfileNode[]; samples?: number[]; startTime: number; endTime: number };
  };
  const after = await counters(page);
  const tasks = await page.evaluate(
    (t0) =>
      (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter(
        (e) => e.start >= t0,
      ),
    lt0,
  );
  await cdp.detach();
  const s = frames.elapsed / 1000;
  const drawn = page.locator('[data-field="draw"]');
  const renderer = {
    name: (await drawn.textContent()) ?? '?',
    why: (await drawn.getAttribute('title')) ?? '',
  };
  return {
    seconds: Math.round(s * 10) / 10,
    renderer,
    frames: frames.frames,
    fps: Math.round((frames.frames / s) * 10) / 10,
    maxFrameGapMs: Math.round(frames.maxGap),
    longTasks: {
      count: tasks.length,
      totalMs: Math.round(tasks.reduce((a, t) => a + t.duration, 0)),
      maxMs: Math.round(Math.max(0, ...tasks.map((t) => t.duration))),
    },
    plansPerSec: Math.round(((after.plans - before.plans) / s) * 10) / 10,
    trainStepsPerSec: Math.round(((after.steps - before.steps) / s) * 10) / 10,
    workerMemory: { tensors: [before.tensors, after.tensors], bytes: [before.bytes, after.bytes] },
    hotspots: hotspots(
      profile.nodes,
      profile.samples?.length ?? 0,
      (profile.endTime - profile.startTime) / 1000,
    ),
    mainThread: byKind(
      profile.nodes,
      profile.samples?.length ?? 0,
      (profile.endTime - profile.startTime) / 1000,
    ),
  };
}
