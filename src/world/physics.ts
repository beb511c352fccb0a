// One control step of rigid-body physics with planck.js. A fresh planck world is built for every
// control step from plain numbers, holding only the static rectangles near the moving bodies. That makes
// each step a pure function of the saved state: planck keeps history (contact order, warm-start impulses,
// broad-phase tree shape) that no save/restore could reproduce, and a rebuilt world would then diverge
// from an uninterrupted one in the last bits. Only a handful of fixtures are built, so it stays cheap.
import { Box, Circle, World as PlanckWorld, Vec2 } from 'planck';
import type { LayoutBox } from './layout';
import type { Rect } from './types';

export interface AgentBody {
  x: number;
  y: number;
  vx: number;
  vy: number;
}

export interface BoxBody {
  x: number;
  y: number;
  angle: number;
  vx: number;
  vy: number;
  av: number;
}

export interface PhysicsParams {
  radius: number;
  maxAccel: number;
  damping: number;
  controlDt: number;
  substeps: number;
}

export interface PhysicsResult {
  agent: AgentBody;
  boxes: BoxBody[];
  /** Whether the agent touched a static rectangle or a box in any substep. */
  collided: boolean;
}

const VELOCITY_ITERATIONS = 8;
/**
 * Extra collision radius around the agent. planck lets contacts sink up to ~1.5 linearSlop (7.5 mm)
 * past its 1 cm polygon skin during impacts (measured: 6.2 mm into the geometric wall); this skin keeps
 * the geometric disc, which is what is drawn and tested, strictly outside every wall.
 */
export const AGENT_COLLISION_SKIN = 0.01;
const POSITION_ITERATIONS = 3;

function near(r: Rect, x0: number, y0: number, x1: number, y1: number): boolean {
  return r.x <= x1 && r.x + r.w >= x0 && r.y <= y1 && r.y + r.h >= y0;
}

/**
 * Advances agent and boxes by one control step under `action` (already clipped to |a| <= 1).
 * `statics` are walls, closed doors and the arena border. `onSubstep` sees the agent centre after each
 * substep (hazard time is integrated at substep resolution).
 */
export function stepPhysics(
  statics: readonly Rect[],
  boxShapes: readonly LayoutBox[],
  agent: AgentBody,
  boxes: readonly BoxBody[],
  action: readonly [number, number],
  p: PhysicsParams,
  onSubstep?: (x: number, y: number, dt: number) => void,
): PhysicsResult {
  const dt = p.controlDt / p.substeps;
  // How far anything can travel in this step, generously: current speed plus what the action can add,
  // doubled, plus slack for pushes. Statics beyond this cannot be reached, so they are left out.
  let vmax = Math.hypot(agent.vx, agent.vy);
  for (const b of boxes) vmax = Math.max(vmax, Math.hypot(b.vx, b.vy));
  const reach = 2 * (vmax + p.maxAccel * p.controlDt) * p.controlDt + 0.25;

  const world = new PlanckWorld({ gravity: Vec2(0, 0), allowSleep: false });
  const extents: [number, number, number, number][] = [
    [agent.x - p.radius, agent.y - p.radius, agent.x + p.radius, agent.y + p.radius],
  ];
  boxes.forEach((b, i) => {
    const shape = boxShapes[i]!;
    const half = Math.hypot(shape.w, shape.h) / 2;
    extents.push([b.x - half, b.y - half, b.x + half, b.y + half]);
  });
  const ground = world.createBody({ type: 'static' });
  for (const r of statics) {
    const hit = extents.some(([x0, y0, x1, y1]) => near(r, x0 - reach, y0 - reach, x1 + reach, y1 + reach));
    if (hit)
      ground.createFixture(Box(r.w / 2, r.h / 2, Vec2(r.x + r.w / 2, r.y + r.h / 2), 0), { friction: 0 });
  }

  const agentBody = world.createBody({
    type: 'dynamic',
    position: Vec2(agent.x, agent.y),
    linearVelocity: Vec2(agent.vx, agent.vy),
    linearDamping: p.damping,
    fixedRotation: true,
  });
  agentBody.createFixture(Circle(p.radius + AGENT_COLLISION_SKIN), {
    density: 1,
    friction: 0,
    restitution: 0,
  });
  const boxBodies = boxes.map((b, i) => {
    const shape = boxShapes[i]!;
    const body = world.createBody({
      type: 'dynamic',
      position: Vec2(b.x, b.y),
      angle: b.angle,
      linearVelocity: Vec2(b.vx, b.vy),
      angularVelocity: b.av,
      linearDamping: shape.damping,
      angularDamping: shape.damping,
    });
    body.createFixture(Box(shape.w / 2, shape.h / 2), {
      density: shape.density,
      friction: 0.3,
      restitution: 0,
    });
    return body;
  });

  const force = agentBody.getMass() * p.maxAccel;
  const fx = force * action[0];
  const fy = force * action[1];
  let collided = false;
  for (let k = 0; k < p.substeps; k++) {
    agentBody.applyForceToCenter(Vec2(fx, fy), true);
    world.step(dt, VELOCITY_ITERATIONS, POSITION_ITERATIONS);
    for (let e = agentBody.getContactList(); e; e = e.next) {
      if (e.contact.isTouching()) collided = true;
    }
    if (onSubstep) {
      const q = agentBody.getPosition();
      onSubstep(q.x, q.y, dt);
    }
  }

  const q = agentBody.getPosition();
  const v = agentBody.getLinearVelocity();
  return {
    agent: { x: q.x, y: q.y, vx: v.x, vy: v.y },
    boxes: boxBodies.map((body) => {
      const bp = body.getPosition();
      const bv = body.getLinearVelocity();
      return { x: bp.x, y: bp.y, angle: body.getAngle(), vx: bv.x, vy: bv.y, av: body.getAngularVelocity() };
    }),
    collided,
  };
}
