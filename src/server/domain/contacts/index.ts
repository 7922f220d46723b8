// The contacts domain: what other domains (campaigns) and the tRPC/route layers import.
export {
  createContact,
  deleteContact,
  findContactByPhone,
  getContact,
  listContacts,
  updateContact,
  type ContactView,
} from './contacts';
export {
  optIn,
  optOut,
  type ContactRef,
  type OptChangeInput,
  type OptChangeResult,
} from './opt-out';
export { classifySmsKeyword, type SmsKeyword } from './sms-keywords';
export {
  audienceFilterSchema,
  audienceSkipReason,
  audienceSkipReasonSql,
  audienceWhereSql,
  countAudience,
  listAudiencePage,
  type AudienceCounts,
  type AudienceFilter,
  type AudienceMember,
  type AudienceSkipReason,
} from './audience';
export {
  contactSelect,
  createContactInput,
  listContactsInput,
  resolveDefaultCountry,
  updateContactInput,
  type ConsentState,
  type CreateContactInput,
  type ListContactsInput,
  type UpdateContactInput,
} from './fields';
export {
  importContactsCsv,
  type ImportContactsCsvInput,
  type ImportLineError,
} from './import/csv-import';
export { getContactImport, listContactImports, type ContactImportView } from './import/imports';
export { IMPORT_LIMITS, type ImportLimits } from './import/limits';
export {
  ContactImportFailedError,
  ImportInProgressError,
  ImportRejectedError,
  ImportTooLargeError,
} from './errors';
