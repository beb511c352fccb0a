// The named per-step quantities cost terms and formulas are written in, as plain data: no tfjs, so
// the page can check formulas (src/agent/plan/formula/parse.ts) without pulling tfjs into its bundle.

/** Every name a cost term may read; each is a [K, H] tensor (K candidates, H imagined steps). */
export const QUANTITIES = {
  x: 'probe x position of the imagined state (m)',
  y: 'probe y position of the imagined state (m)',
  vx: 'x velocity from successive probe positions (m/s)',
  vy: 'y velocity from successive probe positions (m/s)',
  speed: 'norm of (vx, vy) (m/s)',
  goalDist: 'latent distance between the imagined state and the goal encoding',
  goalPosDist: 'probe distance between the imagined position and the goal position (m)',
  goalSteps:
    "critic's discounted steps from the imagined state to the goal (0 without a trained temporal-distance critic)",
  surprise:
    'nearness of the imagined position to places where the model was wrong this episode (sum of 0.25 m Gaussians; 0 when none)',
  seenWall:
    'how much the imagined step runs through walls seen in the current observation (wall-map readout at 3 points per step; 0 without a map)',
  route:
    'metres still to go from the imagined position to the goal along the shortest route around the walls seen in the current observation, plus twice any route an imagined step skipped (through a wall); 0 without a map',
  wallDist: 'probe distance from the agent edge to the nearest wall (m)',
  hazard: 'probe hazard occupancy in [0, 1]',
  ax: 'x action that led to this state',
  ay: 'y action that led to this state',
  dax: 'change of x action from the previous step',
  day: 'change of y action from the previous step',
  t: 'step index, 1..H',
} as const;

export type QuantityName = keyof typeof QUANTITIES;
