// The console's call simulator (a simulated caller on the tenant's voice lines).
export {
  getSimulatedCall,
  hangUpSimulatedCall,
  isCallSimulatorActive,
  keyDigitsInSimulatedCall,
  placeSimulatedCall,
  sayInSimulatedCall,
} from './calls';
export type { SimulatedCallView, SimulatorLine } from './view';
