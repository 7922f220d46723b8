import { DomainError } from '../errors';

/** Neither the configured answerer nor the built-in one could answer: voice transfers, chats escalate. */
export class AnswererUnavailableError extends DomainError {}
