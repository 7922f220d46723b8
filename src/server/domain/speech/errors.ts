import { DomainError } from '../errors';

/** More speech is being made than the engine takes: nothing was done; retry shortly. */
export class SpeechBusyError extends DomainError {}
/** The engine failed or overran its time: nothing was produced. */
export class SpeechFailedError extends DomainError {}
