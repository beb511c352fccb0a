// The world's public data types: what the view draws, what the agent sees, what metrics read.
// Coordinates are in world units (metres), origin at the arena's top-left corner, y pointing down
// (the same orientation as the observation image and the screen).

export interface Vec2 {
  x: number;
  y: number;
}

/** Axis-aligned rectangle by its top-left corner and size. */
export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** A 2D action: a desired acceleration direction and strength; the world clips its norm to 1. */
export type Action = readonly [number, number];

/** What the agent is allowed to see. */
export interface Observation {
  /** Channel-major (CHW) image in [0, 1], `channels * size * size` values. */
  image: Float32Array;
  size: number;
  /** Channel order: see OBS_CHANNELS. */
  channels: number;
  /** Velocity divided by the agent's top speed, so roughly in [-1, 1]. */
  proprio: Float32Array;
}

export const OBS_CHANNELS = ['walls', 'agent', 'hazards', 'boxes'] as const;
export type ObsChannel = (typeof OBS_CHANNELS)[number];
export const PROPRIO_DIM = 2;
export const ACTION_DIM = 2;

/** Ground truth, for metrics, probes and tests only: never model input. */
export interface StepInfo {
  position: Vec2;
  velocity: Vec2;
  goal: Vec2;
  goalDistance: number;
  /** Distance from the agent's edge to the nearest wall or closed door (0 when touching). */
  wallDistance: number;
  /** Whether the agent touched a wall, door or box during this step. */
  collided: boolean;
  /** Whether the agent's centre is in a hazard zone now. */
  inHazard: boolean;
  /** Seconds spent in hazard zones this episode. */
  hazardTime: number;
  /** Step index within the episode (0 after reset). */
  step: number;
  success: boolean;
  /** success || step >= the episode's step budget. */
  done: boolean;
}

export interface StepResult {
  obs: Observation;
  info: StepInfo;
}

export interface DoorState {
  id: string;
  rect: Rect;
  open: boolean;
}

export interface HazardState {
  shape: 'rect' | 'circle';
  /** rect: the rectangle; circle: the bounding square. */
  rect: Rect;
  /** circle only. */
  center?: Vec2;
  radius?: number;
}

/** A pushable box: centre (x, y), size (w, h) and rotation in radians (same sense as the screen's y-down axes). */
export interface BoxState {
  id: string;
  x: number;
  y: number;
  w: number;
  h: number;
  angle: number;
}

/** Everything the view needs to draw one frame; plain data, safe to clone or send to a worker. */
export interface WorldSnapshot {
  scenario: string;
  arena: { width: number; height: number };
  /** Wall rectangles after this episode's randomisation (door gaps already cut). */
  walls: Rect[];
  doors: DoorState[];
  hazards: HazardState[];
  boxes: BoxState[];
  agent: { position: Vec2; velocity: Vec2; radius: number };
  goal: { position: Vec2; radius: number };
  episode: number;
  step: number;
  maxSteps: number;
  success: boolean;
  hazardTime: number;
}
