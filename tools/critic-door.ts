// `npx tsx tools/critic-door.ts CHECKPOINT CRITIC...`: does a critic read the door? On 60 two-rooms
// layouts (a fixed seed) it compares V(s, goal) at two places on the start side of the wall: just
// opposite the goal, and at the door. Where the door side is at least 1.5 m nearer by the shortest
// path, a critic that reads the door must give it the lower value. Also prints how often V orders
// pairs of places like the true shortest-path distance does, beside Euclidean distance's score.
import './tfjs-node-esm';

await import('./critic-door-main');
