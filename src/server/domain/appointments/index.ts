// The appointments domain: booking, the board, one appointment in full, assigning it to a rep.
export { createAppointment } from './create';
export { getBoard, type Board } from './board';
export { getAppointmentDetail, type AppointmentDetail } from './detail';
export {
  assignAppointment,
  assignLockKey,
  cancelAppointment,
  previewClashes,
  unassignAppointment,
  type AssignmentResult,
} from './assignment';
export { AppointmentClashError, findRepClashes, type Clash } from './clashes';
export { listReps, requireRep, type RepView } from './reps';
export { getAppointmentSummary, type AppointmentSummary } from './views';
export {
  appointmentIdInput,
  assignInput,
  boardInput,
  createAppointmentInput,
  MAX_APPOINTMENT_HOURS,
  MAX_BOARD_DAYS,
} from './fields';
