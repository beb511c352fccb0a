// A tiny element builder: the UI is built from DOM calls, never from HTML strings, so text from
// files or links can never become markup.
type Child = Node | string | null | undefined | false;

export interface ElementProps {
  class?: string;
  id?: string;
  title?: string;
  type?: string;
  role?: string;
  hidden?: boolean;
  dataset?: Record<string, string>;
  aria?: Record<string, string>;
  attrs?: Record<string, string>;
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.id) el.id = props.id;
  if (props.title) el.title = props.title;
  if (props.role) el.setAttribute('role', props.role);
  if (props.type) el.setAttribute('type', props.type);
  if (props.hidden) el.hidden = true;
  for (const [k, v] of Object.entries(props.dataset ?? {})) el.dataset[k] = v;
  for (const [k, v] of Object.entries(props.aria ?? {})) el.setAttribute(`aria-${k}`, v);
  for (const [k, v] of Object.entries(props.attrs ?? {})) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no element #${id} (index.html out of date?)`);
  return el as T;
}

/** Sets text only when it changed: avoids layout work on every frame. */
export function setText(el: HTMLElement, text: string): void {
  if (el.textContent !== text) el.textContent = text;
}

/** A button that does not keep focus after a mouse click, so Space keeps meaning pause/resume. */
export function button(label: string, onClick: () => void, props: ElementProps = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', ...props }, label);
  b.addEventListener('click', (ev) => {
    onClick();
    if (ev.detail > 0) b.blur();
  });
  return b;
}

export function panel(title: string, id: string, ...children: Child[]): HTMLElement {
  return h('section', { class: 'panel', id, aria: { label: title } }, h('h2', {}, title), ...children);
}
