/**
 * Simulated drivers: real `/ws` clients that behave like people (see sim-driver.ts), and a
 * staggered fleet of them (simulator.ts, which also shows how the server wires them in).
 */
export {
  DEFAULT_SIM_BEHAVIOUR, createSimDriver,
  type SimBehaviour, type SimDriver, type SimDriverOptions, type SimDriverSnapshot, type SimLogEntry,
} from './sim-driver';
export { createSimulator, type Simulator, type SimulatorOptions } from './simulator';
export { type SimSocket, parseServerFrame } from './sim-socket';
export { type LocationFix } from './driver-motion';
