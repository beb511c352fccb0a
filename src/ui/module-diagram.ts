// LeCun's modules as a live diagram: seven boxes, the arrows between them, each box with its
// current numbers; arrows march while data flows (a plan, a training step) and a click opens a
// box's details. SVG built with DOM calls only: no markup strings, so no value can become markup.
import { button, h, setText } from './dom';
import {
  type DiagramInput,
  FlowWatch,
  MODULE_IDS,
  type ModuleId,
  type ModuleState,
  moduleStates,
} from './module-diagram-model';

const SVG = 'http://www.w3.org/2000/svg';
/** An arrow keeps marching this long after its data last moved. */
const PULSE_MS = 900;

type Box = { x: number; y: number; w: number; h: number };

const BOXES: Record<ModuleId, Box> = {
  configurator: { x: 6, y: 4, w: 308, h: 28 },
  perception: { x: 4, y: 118, w: 88, h: 48 },
  worldModel: { x: 116, y: 54, w: 92, h: 48 },
  actor: { x: 116, y: 184, w: 92, h: 48 },
  memory: { x: 232, y: 54, w: 74, h: 48 },
  critic: { x: 232, y: 118, w: 74, h: 48 },
  cost: { x: 232, y: 184, w: 74, h: 48 },
};

type FlowKind = 'plan' | 'train' | 'critic' | null;

interface Arrow {
  id: string;
  points: [number, number][];
  config?: boolean;
  both?: boolean;
  flow: FlowKind;
}

// Routed by hand through the gaps between the boxes (see BOXES) so no line crosses a box.
const ARROWS: Arrow[] = [
  {
    id: 'configurator-perception',
    points: [
      [48, 32],
      [48, 118],
    ],
    config: true,
    flow: null,
  },
  {
    id: 'configurator-worldModel',
    points: [
      [150, 32],
      [150, 54],
    ],
    config: true,
    flow: null,
  },
  {
    id: 'configurator-memory',
    points: [
      [269, 32],
      [269, 54],
    ],
    config: true,
    flow: null,
  },
  {
    id: 'configurator-actor',
    points: [
      [104, 32],
      [104, 222],
      [116, 222],
    ],
    config: true,
    flow: null,
  },
  {
    id: 'configurator-critic',
    points: [
      [220, 32],
      [220, 128],
      [232, 128],
    ],
    config: true,
    flow: null,
  },
  {
    id: 'configurator-cost',
    points: [
      [313, 32],
      [313, 222],
      [306, 222],
    ],
    config: true,
    flow: null,
  },
  {
    id: 'perception-worldModel',
    points: [
      [92, 128],
      [116, 92],
    ],
    flow: 'plan',
  },
  {
    id: 'perception-critic',
    points: [
      [92, 142],
      [232, 142],
    ],
    flow: 'critic',
  },
  {
    id: 'perception-cost',
    points: [
      [92, 156],
      [222, 174],
      [232, 190],
    ],
    flow: 'plan',
  },
  {
    id: 'perception-actor',
    points: [
      [92, 162],
      [116, 196],
    ],
    flow: 'plan',
  },
  {
    id: 'memory-worldModel',
    points: [
      [232, 78],
      [208, 78],
    ],
    flow: 'train',
  },
  {
    id: 'memory-critic',
    points: [
      [284, 102],
      [284, 118],
    ],
    flow: 'train',
  },
  {
    id: 'actor-worldModel',
    points: [
      [162, 184],
      [162, 102],
    ],
    both: true,
    flow: 'plan',
  },
  {
    id: 'actor-cost',
    points: [
      [208, 208],
      [232, 208],
    ],
    both: true,
    flow: 'plan',
  },
  {
    id: 'actor-critic',
    points: [
      [208, 190],
      [232, 158],
    ],
    both: true,
    flow: 'critic',
  },
];

function svg<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number>,
  ...children: SVGElement[]
): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  el.append(...children);
  return el;
}

function marker(id: string, cls: string): SVGMarkerElement {
  return svg(
    'marker',
    {
      id,
      viewBox: '0 0 8 8',
      refX: 7,
      refY: 4,
      markerWidth: 6,
      markerHeight: 6,
      orient: 'auto-start-reverse',
    },
    svg('path', { d: 'M0,0 L8,4 L0,8 z', class: cls }),
  );
}

interface BoxView {
  group: SVGGElement;
  lines: SVGTextElement[];
  fill: SVGRectElement | null;
}

export class ModuleDiagram {
  readonly el: HTMLElement;
  private readonly boxes = new Map<ModuleId, BoxView>();
  private readonly arrows = new Map<string, SVGPolylineElement>();
  private readonly lastFlow: Record<Exclude<FlowKind, null>, number> = {
    plan: Number.NEGATIVE_INFINITY,
    train: Number.NEGATIVE_INFINITY,
    critic: Number.NEGATIVE_INFINITY,
  };
  private readonly watch = new FlowWatch();
  private readonly details: HTMLElement;
  private readonly detailsTitle: HTMLElement;
  private readonly detailsWhat: HTMLElement;
  private readonly detailsNumbers: HTMLElement;
  private readonly detailsControls: HTMLElement;
  private open: ModuleId | null = null;
  private states: Record<ModuleId, ModuleState> | null = null;

  constructor() {
    const root = svg('svg', {
      viewBox: '0 0 320 236',
      class: 'module-diagram',
      role: 'group',
      'aria-label': 'The agent’s modules and how data flows between them',
    });
    root.append(svg('defs', {}, marker('md-head', 'md-head'), marker('md-head-config', 'md-head-config')));
    for (const a of ARROWS) {
      const head = a.config ? 'url(#md-head-config)' : 'url(#md-head)';
      const line = svg('polyline', {
        points: a.points.map((p) => p.join(',')).join(' '),
        class: a.config ? 'md-arrow md-config' : 'md-arrow',
        'data-arrow': a.id,
        'marker-end': head,
        ...(a.both ? { 'marker-start': head } : {}),
      });
      this.arrows.set(a.id, line);
      root.append(line);
    }
    for (const id of MODULE_IDS) root.append(this.box(id));

    this.detailsTitle = h('h3', {});
    this.detailsWhat = h('p', { class: 'md-what' });
    this.detailsNumbers = h('dl', { class: 'readouts md-numbers' });
    this.detailsControls = h('p', { class: 'muted md-controls' });
    this.details = h(
      'div',
      {
        class: 'md-details',
        id: 'module-details',
        role: 'dialog',
        hidden: true,
        aria: { label: 'Module details' },
      },
      h(
        'div',
        { class: 'overlay-head' },
        this.detailsTitle,
        button('×', () => this.close(), {
          class: 'message-close',
          title: 'Close (Esc)',
          aria: { label: 'Close' },
        }),
      ),
      this.detailsWhat,
      this.detailsNumbers,
      this.detailsControls,
    );
    this.details.addEventListener('keydown', (ev) => {
      if (ev.key === 'Escape') {
        ev.stopPropagation();
        this.close();
      }
    });
    this.el = h('div', { class: 'md-wrap', id: 'module-diagram' }, root as unknown as Node, this.details);
  }

  private box(id: ModuleId): SVGGElement {
    const b = BOXES[id];
    const single = id === 'configurator';
    const group = svg('g', {
      class: 'md-box',
      'data-module': id,
      tabindex: 0,
      role: 'button',
      transform: `translate(${b.x},${b.y})`,
    });
    group.append(svg('rect', { width: b.w, height: b.h, rx: 6, class: 'md-rect' }));
    const title = svg('text', { x: 7, y: single ? 18 : 14, class: 'md-title' });
    title.textContent = '';
    const l1 = svg(
      'text',
      single
        ? { x: b.w - 7, y: 18, class: 'md-line', 'text-anchor': 'end' }
        : { x: 7, y: 28, class: 'md-line' },
    );
    const l2 = svg('text', { x: 7, y: 40, class: 'md-line md-line2' });
    group.append(title, l1);
    if (!single) group.append(l2);
    let fill: SVGRectElement | null = null;
    if (id === 'memory') {
      group.append(svg('rect', { x: 0, y: b.h - 4, width: b.w, height: 4, rx: 2, class: 'md-fill-track' }));
      fill = svg('rect', { x: 0, y: b.h - 4, width: 0, height: 4, rx: 2, class: 'md-fill' });
      group.append(fill);
    }
    const openIt = () => this.toggle(id);
    group.addEventListener('click', openIt);
    group.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' || ev.key === ' ') {
        ev.preventDefault();
        ev.stopPropagation();
        openIt();
      }
    });
    this.boxes.set(id, { group, lines: [title, l1, l2], fill });
    return group;
  }

  update(input: DiagramInput, now: number): void {
    const states = moduleStates(input);
    this.states = states;
    // Lines whose text changed, with their room: measured after all are set (one layout, not one each).
    const changed: [SVGTextElement, number][] = [];
    for (const id of MODULE_IDS) {
      const s = states[id];
      const v = this.boxes.get(id)!;
      const [title, l1, l2] = v.lines as [SVGTextElement, SVGTextElement, SVGTextElement];
      // 7 px of padding each side; the configurator's one line shares its row with the title.
      const room = BOXES[id].w - 14;
      const line1 = id === 'configurator' ? `${s.lines[0]} · ${s.lines[1]}` : s.lines[0];
      if (setSvgText(title, s.title)) changed.push([title, room]);
      if (setSvgText(l1, line1)) changed.push([l1, id === 'configurator' ? room - 90 : room]);
      if (setSvgText(l2, s.lines[1])) changed.push([l2, room]);
      v.group.setAttribute('aria-label', `${s.title}: ${s.lines.join(', ')}. Show details.`);
      v.group.classList.toggle('md-idle', s.idle);
      v.group.classList.toggle('md-open', this.open === id);
      if (v.fill && input.status) {
        const m = input.status.memory;
        const frac = m.capacity > 0 ? Math.min(1, m.size / m.capacity) : 0;
        v.fill.setAttribute('width', (BOXES.memory.w * frac).toFixed(1));
      }
    }
    fitLines(changed);
    const flow = this.watch.next(input.plans, input.status?.trainSteps ?? 0);
    if (flow.plan) this.lastFlow.plan = now;
    if (flow.train) this.lastFlow.train = now;
    // The critic's arrows pulse whenever a plan read it: at the horizon or through the goalSteps term.
    if (flow.plan && !states.critic.idle) this.lastFlow.critic = now;
    for (const a of ARROWS) {
      const on = a.flow !== null && now - this.lastFlow[a.flow] < PULSE_MS;
      this.arrows.get(a.id)!.classList.toggle('md-flow', on);
    }
    if (this.open) this.fillDetails(this.open);
  }

  private toggle(id: ModuleId): void {
    if (this.open === id) {
      this.close();
      return;
    }
    this.open = id;
    for (const [k, v] of this.boxes) v.group.classList.toggle('md-open', k === id);
    this.fillDetails(id);
    this.details.hidden = false;
  }

  close(): void {
    this.open = null;
    this.details.hidden = true;
    for (const v of this.boxes.values()) v.group.classList.remove('md-open');
  }

  private fillDetails(id: ModuleId): void {
    const s = this.states?.[id];
    if (!s) return;
    setText(this.detailsTitle, s.title);
    setText(this.detailsWhat, s.what);
    setText(this.detailsControls, `Changed in ${s.controls}.`);
    this.details.dataset['module'] = id;
    const rows = s.numbers.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]);
    // Rebuilt only when a value changed: the card updates live while open without churning the DOM.
    const key = s.numbers.map((r) => r.join('=')).join('|');
    if (this.detailsNumbers.dataset['key'] !== key) {
      this.detailsNumbers.dataset['key'] = key;
      this.detailsNumbers.replaceChildren(...rows);
    }
  }
}

/** Sets a line's text, unsqueezed; true when it changed. */
function setSvgText(el: SVGTextElement, text: string): boolean {
  if (el.textContent === text) return false;
  el.textContent = text;
  el.removeAttribute('textLength');
  el.removeAttribute('lengthAdjust');
  return true;
}

/**
 * Squeezes each line wider than its room (a long term name, a big number) to fit its box instead
 * of spilling over the box's edge. Widths read zero while the diagram is not laid out (a hidden
 * dock): then nothing is squeezed.
 */
function fitLines(lines: [SVGTextElement, number][]): void {
  const widths = lines.map(([el]) => el.getComputedTextLength());
  lines.forEach(([el, max], i) => {
    if (widths[i]! > max) {
      el.setAttribute('textLength', max.toFixed(1));
      el.setAttribute('lengthAdjust', 'spacingAndGlyphs');
    }
  });
}
