// Binds the page's keyboard to the shortcut table: held drive keys become a manual action,
// other keys become commands. Keys typed into form fields and browser shortcuts are left alone.
import type { Action } from '../world/types';
import { type Command, commandFor, driveAction, isDriveKey } from './shortcuts';

export interface KeyboardHandlers {
  drive(action: Action | null): void;
  command(command: Command): void;
}

/** Commands that may auto-repeat while their key is held. */
const REPEATABLE: ReadonlySet<Command> = new Set(['stepOnce']);

function typingInto(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'SELECT' || tag === 'TEXTAREA';
}

export function bindKeyboard(target: Window, handlers: KeyboardHandlers): () => void {
  const held = new Set<string>();
  const update = () => handlers.drive(driveAction(held));

  const onDown = (ev: KeyboardEvent) => {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (typingInto(ev.target)) {
      if (ev.key === 'Escape') handlers.command('closeOverlays');
      return;
    }
    if (isDriveKey(ev.key)) {
      ev.preventDefault();
      if (!held.has(ev.key.toLowerCase())) {
        held.add(ev.key.toLowerCase());
        update();
      }
      return;
    }
    const command = commandFor(ev.key);
    if (!command) return;
    ev.preventDefault();
    if (ev.repeat && !REPEATABLE.has(command)) return;
    handlers.command(command);
  };
  const onUp = (ev: KeyboardEvent) => {
    if (held.delete(ev.key.toLowerCase())) update();
  };
  // A key released while the window had no focus never sends keyup: forget everything held.
  const release = () => {
    if (held.size === 0) return;
    held.clear();
    update();
  };
  target.addEventListener('keydown', onDown);
  target.addEventListener('keyup', onUp);
  target.addEventListener('blur', release);
  return () => {
    target.removeEventListener('keydown', onDown);
    target.removeEventListener('keyup', onUp);
    target.removeEventListener('blur', release);
  };
}
