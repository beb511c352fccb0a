// The Learning panel's checkpoint files: download the agent's weights, load a file from disk, keep a
// copy in this browser (IndexedDB) and restore it. Each verdict or failure is a message naming the
// file; a refused file leaves the running agent unchanged.
import { loadCheckpointLocal, saveCheckpointLocal } from './agent-store';
import type { Messages } from './messages';

export interface CheckpointAgent {
  saveCheckpoint(): Promise<Uint8Array>;
  loadCheckpoint(bytes: Uint8Array, from: string): Promise<{ ok: boolean; text: string }>;
}

export class CheckpointFiles {
  constructor(
    private readonly win: Window,
    private readonly agent: CheckpointAgent,
    private readonly messages: Messages,
    /** The scenario now running: names the download and keys the browser copy. */
    private readonly scenario: () => string,
    /** Panels redraw after a load (the checkpoint's name, the losses). */
    private readonly refresh: () => void,
  ) {}

  async download(): Promise<void> {
    try {
      const bytes = await this.agent.saveCheckpoint();
      const url = URL.createObjectURL(
        new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' }),
      );
      const a = this.win.document.createElement('a');
      a.href = url;
      a.download = this.fileName();
      a.click();
      this.win.setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (e) {
      this.error('The checkpoint could not be saved', e);
    }
  }

  async upload(file: File): Promise<void> {
    try {
      const r = await this.agent.loadCheckpoint(new Uint8Array(await file.arrayBuffer()), file.name);
      this.verdict(file.name, r);
    } catch (e) {
      this.error(`${file.name} could not be loaded`, e);
    }
  }

  async keep(): Promise<void> {
    try {
      const key = this.scenario();
      await saveCheckpointLocal(this.win.indexedDB, key, await this.agent.saveCheckpoint());
      this.messages.show({
        key: 'agent-checkpoint',
        kind: 'info',
        title: `Kept the agent for ${key} in this browser`,
      });
    } catch (e) {
      this.error('The checkpoint could not be kept in this browser', e);
    }
  }

  async restore(): Promise<void> {
    try {
      const key = this.scenario();
      const bytes = await loadCheckpointLocal(this.win.indexedDB, key);
      if (!bytes) {
        this.messages.show({
          key: 'agent-checkpoint',
          kind: 'info',
          title: `Nothing kept for ${key} in this browser yet`,
        });
        return;
      }
      this.verdict(`browser (${key})`, await this.agent.loadCheckpoint(bytes, `browser (${key})`));
    } catch (e) {
      this.error('The kept checkpoint could not be restored', e);
    }
  }

  /** A failure of any model-file action (a reset too), as an error card. */
  error(title: string, e: unknown): void {
    this.messages.show({ key: 'agent-checkpoint-bad', kind: 'error', title, lines: [(e as Error).message] });
  }

  private fileName(): string {
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    return `jepa-${this.scenario()}-${stamp}.ckpt`;
  }

  private verdict(from: string, r: { ok: boolean; text: string }): void {
    if (r.ok) {
      this.messages.dismiss('agent-checkpoint-bad');
      this.messages.show({ key: 'agent-checkpoint', kind: 'info', title: `Loaded ${from}`, lines: [r.text] });
    } else {
      this.messages.show({
        key: 'agent-checkpoint-bad',
        kind: 'error',
        title: `${from} was refused; the agent is unchanged`,
        lines: [r.text],
      });
    }
    this.refresh();
  }
}
