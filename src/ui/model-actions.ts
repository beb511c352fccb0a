// The Learning panel's model choices, between the page and the agent: pick a shipped checkpoint (the
// `ckpt` setting), or reset the model to fresh random weights after the person confirms. Each outcome
// goes to the message area, including what happened to the trained critic.
import type { AgentController } from './agent-controller';
import type { Messages } from './messages';
import { resolveCheckpoint } from './shipped-checkpoints';

export const RESET_CONFIRM =
  'Reset the model to fresh random weights? Everything it has learned is lost unless you saved it (Save file / Keep in browser). Short-term memory is kept.';

export class ModelActions {
  constructor(
    private readonly win: Window,
    private readonly agent: AgentController,
    private readonly messages: Messages,
  ) {}

  /** Asks first; true when the model was reset. */
  async confirmAndReset(): Promise<boolean> {
    if (!this.win.confirm(RESET_CONFIRM)) return false;
    await this.reset();
    return true;
  }

  /**
   * Puts the `ckpt` choice in force in the running agent; throws (the caller reverts the setting) when it
   * cannot. 'none' typed into the link asks first, as the reset button does: false when the person
   * declined (the caller puts the setting back; the model is untouched).
   */
  async apply(choice: string, scenario: string): Promise<boolean> {
    if (choice === 'none') return this.confirmAndReset();
    const c = resolveCheckpoint(choice, scenario);
    if (!c) throw new Error(`no shipped checkpoint is called '${choice}'`);
    const lines = await this.agent.useShipped(c);
    this.messages.dismiss('agent-checkpoint-bad');
    this.messages.show({
      key: 'agent-checkpoint',
      kind: 'info',
      title: `Loaded the shipped checkpoint ${c.file}${c.summary ? ` (${c.summary})` : ''}`,
      lines,
    });
    return true;
  }

  private async reset(): Promise<void> {
    const r = await this.agent.resetModel();
    this.messages.dismiss('agent-checkpoint-bad');
    this.messages.show({
      key: 'agent-checkpoint',
      kind: 'info',
      title: 'The model was reset to fresh random weights; training starts again from step 0',
      lines: [
        r.note,
        r.criticUnloaded
          ? `The trained critic ${r.criticUnloaded} was unloaded: it read the old encoder's latents, which mean nothing to the new one. "Goal via critic" adds nothing until a critic that fits is loaded; the online critic learns again.`
          : 'No trained critic was loaded; the online critic learns again.',
      ],
    });
  }
}
