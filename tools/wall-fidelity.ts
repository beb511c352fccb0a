// `npx tsx tools/wall-fidelity.ts [checkpoint]`: does the learned model know walls? Places the agent
// 2 m from the dividing wall of two-rooms (away from the door), pushes it into the wall for 24 steps
// in the real world and in imagination (the model rolled from the first encoding with the same
// actions), and prints the true x beside the probe's reading of the imagined x every third step.
import './tfjs-node-esm';

await import('./wall-fidelity-main');
