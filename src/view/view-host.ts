// What the scene needs from the app, and nothing more: a way to read the world and a way to send
// commands. The scene never steps the simulation; the app's sim driver does.
import type { Vec2, WorldSnapshot } from '../world/types';

export interface ViewSource {
  snapshot(): WorldSnapshot;
  /** Changes whenever walls, doors or hazards may have changed: new world, new episode, door toggled. */
  readonly layoutRevision: number;
  /** Changes on every new episode or world, so the trail restarts. */
  readonly episodeRevision: number;
  /** True at maximum speed: the scene draws less so more of the frame goes to simulation. */
  readonly fastForward: boolean;
  /** True while a person's keyboard action overrides the agent's. */
  readonly manualControl: boolean;
  /** Steps of the agent's path to keep on screen. */
  readonly trailLength: number;
}

export interface ViewCommands {
  setGoal(p: Vec2): void;
  placeAgent(p: Vec2): void;
  toggleDoor(id: string): void;
  /** A drag of the agent begins/ends: the driver may hold the agent still meanwhile. */
  dragAgent(active: boolean): void;
}

export interface ViewHost extends ViewSource, ViewCommands {}
