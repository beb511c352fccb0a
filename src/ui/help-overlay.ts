// The "?" overlay: every shortcut and mouse gesture, generated from the shortcut table.
import { button, h } from './dom';
import { DRIVE_HELP, MOUSE_HELP, SHORTCUTS } from './shortcuts';

export class HelpOverlay {
  constructor(private readonly root: HTMLElement) {
    const row = (label: string, help: string) =>
      h('tr', {}, h('th', {}, h('kbd', {}, label)), h('td', {}, help));
    root.replaceChildren(
      h(
        'div',
        { class: 'overlay-card', role: 'dialog', aria: { modal: 'true', labelledby: 'help-title' } },
        h(
          'div',
          { class: 'overlay-head' },
          h('h2', { id: 'help-title' }, 'Keyboard and mouse'),
          button('×', () => this.hide(), { class: 'message-close', aria: { label: 'Close help' } }),
        ),
        h(
          'table',
          { class: 'keys' },
          h(
            'tbody',
            {},
            row(DRIVE_HELP.label, DRIVE_HELP.help),
            ...SHORTCUTS.map((s) => row(s.label, s.help)),
          ),
        ),
        h('table', { class: 'keys' }, h('tbody', {}, ...MOUSE_HELP.map((m) => row(m.label, m.help)))),
        h(
          'p',
          {},
          'In the world: faint trails are the candidate futures the agent imagined, the bold one the plan it ' +
            'follows; red crosses mark where, this episode, its world model was more than 5 cm wrong about where a ' +
            'step would take it (mostly walls the model missed). The planner avoids imagining its way through them again. ' +
            'Purple outlines are the walls the agent reads from what it sees now (its wall map): an imagined step ' +
            'through them costs, even where the world model would let the agent pass. Pale dots are the shortest ' +
            'route to the goal around those walls: every imagined position pays for the metres still to go along it.',
        ),
        h(
          'p',
          { class: 'muted' },
          'Settings live in the address bar: copy the link to share exactly this view (scenario, seed, speed).',
        ),
      ),
    );
    root.addEventListener('click', (ev) => {
      if (ev.target === root) this.hide();
    });
  }

  get visible(): boolean {
    return !this.root.hidden;
  }

  toggle(): void {
    this.root.hidden = !this.root.hidden;
  }

  hide(): void {
    this.root.hidden = true;
  }
}
