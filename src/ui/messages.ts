// The app's one way to tell a person that something went wrong: a stack of dismissable cards,
// each naming what failed and why. A card with the same key replaces the previous one.
import { button, h } from './dom';

export type MessageKind = 'error' | 'warning' | 'info';

export interface Message {
  /** Cards with the same key replace each other (e.g. 'hash', 'scenario-file'). */
  key: string;
  /** Info cards go away by themselves after this long (default 8 s); others stay until dismissed. */
  autoDismissMs?: number;
  kind: MessageKind;
  title: string;
  lines?: readonly string[];
}

const MAX_LINES = 12;
const INFO_LIFETIME_MS = 8000;

export class Messages {
  private readonly cards = new Map<string, HTMLElement>();

  constructor(private readonly root: HTMLElement) {}

  show(m: Message): void {
    this.dismiss(m.key);
    const lines = m.lines ?? [];
    const shown = lines.slice(0, MAX_LINES);
    const list =
      shown.length > 0
        ? h(
            'ul',
            {},
            ...shown.map((l) => h('li', {}, l)),
            lines.length > MAX_LINES ? h('li', {}, `… and ${lines.length - MAX_LINES} more`) : null,
          )
        : null;
    const card = h(
      'div',
      {
        class: `message message-${m.kind}`,
        role: m.kind === 'error' ? 'alert' : 'status',
        dataset: { key: m.key, kind: m.kind },
      },
      h(
        'div',
        { class: 'message-head' },
        h('strong', {}, m.title),
        button('×', () => this.dismiss(m.key), {
          class: 'message-close',
          title: 'Dismiss',
          aria: { label: 'Dismiss message' },
        }),
      ),
      list,
    );
    this.cards.set(m.key, card);
    this.root.append(card);
    if (m.kind === 'info') {
      setTimeout(() => {
        if (this.cards.get(m.key) === card) this.dismiss(m.key);
      }, m.autoDismissMs ?? INFO_LIFETIME_MS);
    }
  }

  dismiss(key: string): void {
    this.cards.get(key)?.remove();
    this.cards.delete(key);
  }

  dismissAll(): void {
    for (const key of [...this.cards.keys()]) this.dismiss(key);
  }

  has(key: string): boolean {
    return this.cards.has(key);
  }
}
