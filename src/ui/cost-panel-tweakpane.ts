// The slice of tweakpane 4's API the cost panel uses, typed here: tweakpane's own .d.ts files import
// '@tweakpane/core', which the package bundles but does not ship, so its Pane has no typed methods.
import { Pane } from 'tweakpane';

export interface TpChange<T> {
  value: T;
  /** False while a slider is being dragged, true when the gesture ends. */
  last: boolean;
}

export interface TpBinding<T> {
  label: string | null | undefined;
  disabled: boolean;
  hidden: boolean;
  readonly element: HTMLElement;
  on(event: 'change', handler: (ev: TpChange<T>) => void): TpBinding<T>;
  refresh(): void;
}

export interface TpList<T> {
  value: T;
  readonly element: HTMLElement;
  on(event: 'change', handler: (ev: TpChange<T>) => void): TpList<T>;
}

export interface TpContainer {
  readonly element: HTMLElement;
  addBinding<O extends object, K extends keyof O & string>(
    target: O,
    key: K,
    params?: {
      label?: string;
      min?: number;
      max?: number;
      step?: number;
      format?: (v: number) => string;
    },
  ): TpBinding<O[K]>;
  addFolder(params: { title: string; expanded?: boolean }): TpContainer & { title: string | undefined };
  addBlade<T>(params: {
    view: 'list';
    label: string;
    options: { text: string; value: T }[];
    value: T;
  }): TpList<T>;
  refresh(): void;
}

export type TpPane = TpContainer & { dispose(): void };

export function createPane(container: HTMLElement, title?: string): TpPane {
  return new Pane({ container, ...(title ? { title } : {}) }) as unknown as TpPane;
}
