// The topbar badge that says which tfjs backend the agent runs on; a click opens why each of the
// others was not chosen (the worker's BackendReport, one line per backend).
import type { BackendOutcome, BackendReport } from '../../workers/agent-api';
import { button, h, setText } from './dom';

export function outcomeLine(o: BackendOutcome): string {
  switch (o.status) {
    case 'chosen':
      return `${o.backend}: chosen${o.ms !== undefined ? ` (${o.ms.toFixed(1)} ms per calibration step)` : ''}${o.software ? ` — software GPU ${o.software}` : ''}`;
    case 'slower':
      return `${o.backend}: slower (${o.ms.toFixed(1)} ms vs ${o.chosenMs.toFixed(1)} ms)${o.software ? ` — software GPU ${o.software}` : ''}`;
    case 'unavailable':
      return `${o.backend}: unavailable — ${o.reason}`;
    case 'failed':
      return `${o.backend}: failed — ${o.reason}`;
    case 'skipped':
      return `${o.backend}: skipped — ${o.reason}`;
  }
}

export class BackendBadge {
  private readonly badge: HTMLButtonElement;
  private readonly details: HTMLElement;

  constructor(root: HTMLElement) {
    this.details = h('div', {
      class: 'backend-details',
      id: 'backend-details',
      hidden: true,
      role: 'dialog',
    });
    this.badge = button('agent: starting…', () => {
      this.details.hidden = !this.details.hidden;
    });
    this.badge.id = 'backend-badge';
    this.badge.className = 'backend-badge';
    this.badge.setAttribute('aria-controls', 'backend-details');
    root.append(h('div', { class: 'backend-wrap' }, this.badge, this.details));
  }

  /** state: the agent's life ('starting', 'running', 'dead', ...). */
  update(state: string, report: BackendReport | null): void {
    const text = state === 'dead' ? 'agent: stopped' : report ? `tfjs: ${report.chosen}` : `agent: ${state}…`;
    setText(this.badge, text);
    this.badge.dataset['state'] = state;
    if (report && this.details.dataset['for'] !== report.summary) {
      this.details.dataset['for'] = report.summary;
      const lines = report.outcomes.map(outcomeLine);
      const how =
        report.how === 'override'
          ? 'Forced by backend= in the link.'
          : `Chosen by calibration (${report.workload}, ${report.totalMs.toFixed(0)} ms).`;
      this.details.replaceChildren(
        h('p', {}, how),
        ...(report.overrideError ? [h('p', { class: 'field-error' }, report.overrideError)] : []),
        h('ul', {}, ...lines.map((l) => h('li', {}, l))),
      );
      this.badge.title = [how, ...lines].join('\n');
    }
  }
}
