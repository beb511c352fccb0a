// The side column's "Episode" panel: the ground truth of the current step, as a person would
// want to read it while watching (distances in metres, hazard exposure, who is driving).
import type { StepInfo } from '../world/types';
import { h, panel, setText } from './dom';

type Row = 'goal' | 'wall' | 'hazard' | 'contact' | 'driver';

export class EpisodePanel {
  private readonly cells = new Map<Row, HTMLElement>();

  constructor(root: HTMLElement) {
    const row = (key: Row, label: string) => {
      const cell = h('dd', { dataset: { field: key } });
      this.cells.set(key, cell);
      return [h('dt', {}, label), cell];
    };
    root.append(
      panel(
        'Episode',
        'panel-episode',
        h(
          'dl',
          { class: 'readouts' },
          ...row('goal', 'Distance to goal'),
          ...row('wall', 'Clearance to walls'),
          ...row('hazard', 'Time in hazards'),
          ...row('contact', 'Touching'),
          ...row('driver', 'Driven by'),
        ),
      ),
    );
  }

  update(info: StepInfo, driver: string): void {
    const set = (k: Row, text: string) => setText(this.cells.get(k)!, text);
    set('goal', `${info.goalDistance.toFixed(2)} m`);
    set('wall', `${info.wallDistance.toFixed(2)} m`);
    set('hazard', `${info.hazardTime.toFixed(1)} s${info.inHazard ? ' (inside now)' : ''}`);
    set('contact', info.collided ? 'a wall or box' : 'nothing');
    set('driver', driver);
  }
}
