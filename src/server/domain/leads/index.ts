// The leads domain: what the tRPC layer and other domains (appointments, analysis) import.
export {
  createLead,
  getLead,
  listLeads,
  updateLead,
  type LeadView,
  type LeadContact,
} from './leads';
export { markAppointmentSet, setLeadStatusByPerson } from './set-status';
export { applyAnalysisOutcome, type AnalysisOutcomeApplied } from './apply-analysis-outcome';
export { hasRecordingConsent, setRecordingConsent } from './recording-consent';
export {
  createLeadInput,
  LEAD_SOURCES,
  LEAD_STATUSES,
  leadNotesSchema,
  listLeadsInput,
  multiLine,
  setLeadStatusInput,
  updateLeadInput,
} from './fields';
