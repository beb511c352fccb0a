// Keeps the URL hash and the settings in step: writes with replaceState (no history entry per
// tweak), reads on hashchange (a person editing the address bar, or following a link).

import { SETTINGS, type Settings } from './settings';
import { decodeHash, encodeHash } from './settings-codec';

export interface HashRead {
  values: Settings;
  problems: string[];
}

export class HashSync {
  private readonly onChange = () => this.apply(this.read());

  constructor(
    private readonly win: Window,
    private readonly apply: (read: HashRead) => void,
  ) {
    win.addEventListener('hashchange', this.onChange);
  }

  read(): HashRead {
    const d = decodeHash(SETTINGS, this.win.location.hash);
    return { values: d.values, problems: d.problems };
  }

  write(values: Settings): void {
    const hash = encodeHash(SETTINGS, values);
    if (this.win.location.hash === hash) return;
    const url = new URL(this.win.location.href);
    url.hash = hash;
    this.win.history.replaceState(this.win.history.state, '', url);
  }

  dispose(): void {
    this.win.removeEventListener('hashchange', this.onChange);
  }
}
