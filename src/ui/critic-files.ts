// Which trained critic file the agent plans with, on the page's side: the one last put in force (so
// a restarted worker gets it again), or none on purpose (after a reset, or a checkpoint shipped
// without one: a trained critic is meaningless on another encoder). The worker call is injected.
import { WorkerDied } from './agent-client';
import type { Messages } from './messages';
import { fetchText, resolveCheckpoint } from './shipped-checkpoints';

export interface CriticVerdict {
  ok: boolean;
  text: string;
}

export class CriticFiles {
  /** The critic file last put in force (shipped or the user's). */
  private file: { text: string; from: string } | null = null;
  /** The trained critic was unloaded on purpose: none comes back after a restart. */
  private unloaded = false;
  /** The file in force, for the stats (null: the online critic). */
  name: string | null = null;

  constructor(
    private readonly send: (text: string, from: string) => Promise<CriticVerdict>,
    private readonly messages: Messages,
    private readonly changed: () => void,
  ) {}

  /** Into the worker; the verdict names the bad field when refused, and the critic in force stays. */
  async load(text: string, from: string): Promise<CriticVerdict> {
    const r = await this.send(text, from);
    if (r.ok) {
      this.file = { text, from };
      this.unloaded = false;
      this.name = from;
      this.changed();
    }
    return r;
  }

  /** A critic file from disk (the Learning panel), its verdict shown as a message. */
  async loadFile(file: File): Promise<void> {
    let r: CriticVerdict;
    try {
      r = await this.load(await file.text(), file.name);
    } catch (e) {
      r = { ok: false, text: (e as Error).message };
    }
    this.messages.show(
      r.ok
        ? { key: 'agent-critic', kind: 'info', title: `Critic ${file.name} in force`, lines: [r.text] }
        : {
            key: 'agent-critic',
            kind: 'error',
            title: `The critic file ${file.name} was refused; the critic in force stays`,
            lines: [r.text],
          },
    );
  }

  /** No trained critic from now on, across restarts too. */
  forget(): void {
    this.file = null;
    this.unloaded = true;
    this.name = null;
  }

  /** A new worker starts with none in force (what it is given next is counted by load). */
  workerStarted(): void {
    this.name = null;
  }

  /**
   * The critic kept from before a restart, else the one shipped with the chosen checkpoint; none
   * after it was unloaded on purpose.
   */
  async afterStart(choice: string, scenario: string): Promise<void> {
    const kept = this.file;
    if (kept) {
      const r = await this.load(kept.text, kept.from);
      if (!r.ok) this.warn(kept.from, r.text);
      return;
    }
    if (this.unloaded) return;
    const critic = resolveCheckpoint(choice, scenario)?.critic;
    // None shipped: the agent plans with the critic it learns online.
    if (!critic) return;
    try {
      const r = await this.load(await fetchText(critic.url, critic.file), critic.file);
      if (!r.ok) throw new Error(r.text);
    } catch (e) {
      if (e instanceof WorkerDied) throw e;
      this.warn(critic.file, (e as Error).message);
    }
  }

  private warn(name: string, why: string): void {
    this.messages.show({
      key: 'agent-critic',
      kind: 'warning',
      title: `The critic ${name} did not load; the agent plans with the critic it learns online`,
      lines: [why],
    });
  }
}
