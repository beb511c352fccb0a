// The view's colours in one place: the scene draws with them and the e2e tests look for them in
// the canvas pixels, so a restyle cannot silently break what the tests check.
export const PALETTE = {
  background: 0x0b0e17,
  floor: 0x161c2b,
  floorLit: 0x1c2438,
  floorShade: 0x10141f,
  floorGrid: 0x1f2739,
  floorGridMajor: 0x27314a,
  wallShadow: 0x000000,
  wallSide: 0x3a4466,
  wallTop: 0x7a88b8,
  wallHighlight: 0xaab6e0,
  door: 0xf2a93b,
  doorStripe: 0x8a5a12,
  hazard: 0xff4d6d,
  goal: 0x3ddc84,
  agent: 0x4cc9f0,
  agentManual: 0xffe66d,
  agentOutline: 0xe8f6ff,
  velocity: 0xffe66d,
  box: 0xb98a5a,
  boxEdge: 0x6e4d2c,
  boxTop: 0xd4a876,
  dragCue: 0xffffff,
  /** Outlines of the cells the agent's wall map reads as wall (the seenWall cost term). */
  seenWall: 0xc77dff,
  /** Dots along the route to the goal around the seen walls (the route cost term). */
  route: 0xf7f3c4,
} as const;

export function cssHex(color: number): string {
  return '#' + color.toString(16).padStart(6, '0');
}

export function rgbOf(color: number): [number, number, number] {
  return [(color >> 16) & 0xff, (color >> 8) & 0xff, color & 0xff];
}
