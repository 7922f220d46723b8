import Link from 'next/link';
import { ContactsTable } from './contacts-table';
import { CsvUpload } from './csv-upload';
import { SmsPreview } from './sms-preview';

export default function ContactsPage() {
  return (
    <>
      <p className="muted">
        <Link href="/campaigns">Campaigns</Link> /
      </p>
      <h1>Contacts</h1>
      <p className="muted">
        The SMS audience. Phone numbers are stored in international (E.164) form; a contact who
        texted STOP stays opted out until they text START, whatever an import says.
      </p>
      <CsvUpload />
      <ContactsTable />
      <SmsPreview />
    </>
  );
}
