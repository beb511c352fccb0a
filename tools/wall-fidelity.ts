// `npx tsx tools/wall-fidelity.ts [checkpoint] [layouts]`: does the learned model know walls? Places the agent
// 2 m from the dividing wall of two-rooms (away from the door), pushes it into the wall for 24 steps
// in the real world and in imagination (the model rolled from the first encoding with the same
// actions), and prints the true x beside the probe's reading of the imagined x every third step
// (up to 8 layouts), then how many imagined agents ended beyond the wall's centre line.
import './tfjs-node-esm';

await import('./wall-fidelity-main');
