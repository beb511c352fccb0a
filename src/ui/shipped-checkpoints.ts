// The trained checkpoints this build ships (assets/checkpoints): each `<name>.ckpt` with its training
// record `<name>.json` (a few KB, read for a one-line summary) and, when one was trained for it, a
// critic `<name>.critic.json`. The Learning panel lists them; the `ckpt` setting picks one.

/** Vite turns each shipped file into a URL; none shipped is fine (the agent learns from scratch). */
const CHECKPOINT_URLS: Record<string, string> = import.meta.glob('../../assets/checkpoints/*.ckpt', {
  query: '?url',
  import: 'default',
  eager: true,
});

/** Trained critics (npm run train:critic): `<name>.critic.json` belongs to `<name>.ckpt`. */
const CRITIC_URLS: Record<string, string> = import.meta.glob('../../assets/checkpoints/*.critic.json', {
  query: '?url',
  import: 'default',
  eager: true,
});

const RECORDS: Record<string, unknown> = import.meta.glob(
  ['../../assets/checkpoints/*.json', '!../../assets/checkpoints/*.critic.json'],
  { import: 'default', eager: true },
);

export interface ShippedCheckpoint {
  /** The file name without `.ckpt` ("two-rooms", "hazards"): what the `ckpt` setting holds. */
  name: string;
  file: string;
  url: string;
  /** The matching trained critic, or null when none ships for it. */
  critic: { file: string; url: string } | null;
  /** One line from its training record (scenario, steps, probe error), or '' without one. */
  summary: string;
}

const baseName = (path: string) => path.split('/').pop() ?? path;

export const SHIPPED_CHECKPOINTS: readonly ShippedCheckpoint[] = Object.entries(CHECKPOINT_URLS)
  .map(([path, url]) => {
    const file = baseName(path);
    const name = file.replace(/\.ckpt$/, '');
    const criticEntry = Object.entries(CRITIC_URLS).find(([p]) => baseName(p) === `${name}.critic.json`);
    const record = Object.entries(RECORDS).find(([p]) => baseName(p) === `${name}.json`)?.[1];
    return {
      name,
      file,
      url,
      critic: criticEntry ? { file: baseName(criticEntry[0]), url: criticEntry[1] } : null,
      summary: summariseRecord(record),
    };
  })
  .sort((a, b) => a.name.localeCompare(b.name));

/**
 * The checkpoint a page starts with: the one named by the `ckpt` setting, 'auto' the scenario's own
 * (else the first shipped), 'none' no checkpoint at all (fresh weights).
 */
export function resolveCheckpoint(choice: string, scenario: string): ShippedCheckpoint | undefined {
  if (choice === 'none') return undefined;
  const byName = (n: string) => SHIPPED_CHECKPOINTS.find((c) => c.name === n);
  if (choice !== 'auto') return byName(choice);
  return byName(scenario) ?? SHIPPED_CHECKPOINTS[0];
}

/** "hazards · 800 steps · probe error 0.35 m" from a training record (tools/train's `<name>.json`). */
export function summariseRecord(record: unknown): string {
  if (typeof record !== 'object' || record === null) return '';
  const r = record as {
    args?: { scenario?: unknown };
    metrics?: { steps?: unknown; probePositionError?: unknown };
    eval?: { final?: { probePositionError?: unknown } };
  };
  const parts: string[] = [];
  if (typeof r.args?.scenario === 'string') parts.push(`trained on ${r.args.scenario}`);
  if (typeof r.metrics?.steps === 'number') parts.push(`${r.metrics.steps.toLocaleString('en-US')} steps`);
  const probe = r.eval?.final?.probePositionError ?? r.metrics?.probePositionError;
  if (typeof probe === 'number' && Number.isFinite(probe)) parts.push(`probe error ${probe.toFixed(2)} m`);
  return parts.join(' · ');
}

async function fetchOk(url: string, name: string): Promise<Response> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`fetching ${name} answered HTTP ${res.status}`);
  return res;
}

/** A shipped file's bytes; a failed fetch names the file and the HTTP status. */
export async function fetchBytes(url: string, name: string): Promise<ArrayBuffer> {
  return (await fetchOk(url, name)).arrayBuffer();
}

export async function fetchText(url: string, name: string): Promise<string> {
  return (await fetchOk(url, name)).text();
}
