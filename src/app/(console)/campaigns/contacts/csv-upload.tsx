'use client';
// CSV upload: the file is sent as the raw request body (Content-Type: text/csv) to
// /api/contacts/import, which streams it into the importer. Shows the summary and every
// rejected line the server reported, and the recent imports.
import { useState, type FormEvent } from 'react';
import { api } from '@/lib/trpc/react';
import { DataTable, type Column } from '@/app/_components/data-table';
import { formatDateTime, formatInteger, formatStatus } from '@/app/_components/format';

type ImportSummary = {
  id: string;
  status: string;
  fileName: string;
  totalRows: number;
  created: number;
  updated: number;
  rejected: number;
  failureReason: string | null;
  errors: RejectedLine[];
};
type RejectedLine = { line: number; reason: string };

const ERROR_COLUMNS: Column<RejectedLine>[] = [
  { header: 'Line', width: 80, cell: (e) => e.line },
  { header: 'Why it was skipped', cell: (e) => e.reason },
];

export function CsvUpload() {
  const utils = api.useUtils();
  const imports = api.contacts.imports.useQuery({ limit: 5 });
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ImportSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [openId, setOpenId] = useState<string | null>(null);
  const detail = api.contacts.importDetail.useQuery(
    { id: openId ?? '' },
    { enabled: openId !== null },
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const file = data.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setError('choose a CSV file first');
      return;
    }
    const rawCountry = data.get('country');
    const country = typeof rawCountry === 'string' ? rawCountry.trim() : '';
    const query = new URLSearchParams({ fileName: file.name });
    if (country) query.set('country', country.toUpperCase());
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      const response = await fetch(`/api/contacts/import?${query.toString()}`, {
        method: 'POST',
        headers: { 'content-type': 'text/csv' },
        body: file,
      });
      const body = (await response.json()) as ImportSummary & {
        error?: string;
        import?: ImportSummary;
      };
      if (response.ok) setResult(body);
      else {
        setError(body.error ?? `upload failed (${response.status})`);
        // A file refused part-way keeps the chunks committed before: show what was kept.
        if (body.import) setResult(body.import);
      }
      await utils.contacts.invalidate();
    } catch (e) {
      setError(e instanceof Error ? e.message : 'upload failed');
    } finally {
      setBusy(false);
    }
  }

  const shown = result ?? (detail.data as ImportSummary | undefined) ?? null;

  return (
    <div className="card">
      <h2 style={{ fontSize: 16, marginTop: 0 }}>Import from CSV</h2>
      <p className="muted" style={{ fontSize: 13 }}>
        Header row required: <code>phone</code> (required), <code>name</code>, <code>email</code>,{' '}
        <code>tags</code> (separated by ; or |), <code>consent</code> (yes/no/granted/withdrawn).
        Rows with the same number are merged. Up to 20 MiB / 200 000 rows.
      </p>
      <form
        onSubmit={(e) => void onSubmit(e)}
        style={{ display: 'flex', gap: 12, alignItems: 'flex-end', flexWrap: 'wrap' }}
        data-testid="csv-upload"
      >
        <label>
          File
          <input type="file" name="file" accept=".csv,text/csv" />
        </label>
        <label>
          Country for numbers without +code
          <input name="country" placeholder="DE" maxLength={2} style={{ width: 80 }} />
        </label>
        <button type="submit" disabled={busy}>
          {busy ? 'Importing…' : 'Import'}
        </button>
      </form>
      {error && (
        <p className="error" data-testid="import-error">
          {error}
        </p>
      )}
      {shown && <ImportReport summary={shown} />}
      {(imports.data?.items.length ?? 0) > 0 && (
        <DataTable
          label="Recent imports"
          style={{ marginTop: 12 }}
          rows={imports.data?.items}
          rowKey={(i) => i.id}
          columns={[
            { header: 'File', cell: (i) => i.fileName },
            { header: 'When', cell: (i) => formatDateTime(i.startedAt) },
            {
              header: 'Status',
              cellProps: (i) => ({
                className:
                  i.status === 'COMPLETED'
                    ? 'status-ok'
                    : i.status === 'RUNNING'
                      ? undefined
                      : 'status-bad',
                title: i.failureReason ?? undefined,
              }),
              cell: (i) => formatStatus(i.status),
            },
            { header: 'Rows', isNumeric: true, cell: (i) => formatInteger(i.totalRows) },
            { header: 'New', isNumeric: true, cell: (i) => formatInteger(i.created) },
            { header: 'Merged', isNumeric: true, cell: (i) => formatInteger(i.updated) },
            { header: 'Rejected', isNumeric: true, cell: (i) => formatInteger(i.rejected) },
            {
              header: 'Actions',
              isHeaderHidden: true,
              cell: (i) => (
                <button
                  className="secondary"
                  onClick={() => {
                    setResult(null);
                    setOpenId(i.id);
                  }}
                >
                  Report
                </button>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

function ImportReport({ summary }: { summary: ImportSummary }) {
  return (
    <div data-testid="import-report" style={{ marginTop: 12 }}>
      <p>
        <strong>{summary.fileName}</strong>: {summary.totalRows} rows —{' '}
        <span data-testid="import-created">{summary.created}</span> new,{' '}
        <span data-testid="import-updated">{summary.updated}</span> merged,{' '}
        <span data-testid="import-rejected">{summary.rejected}</span> rejected.
        {summary.failureReason && <span className="error"> Refused: {summary.failureReason}</span>}
      </p>
      {summary.errors.length > 0 && (
        <DataTable
          label="Rejected lines"
          columns={ERROR_COLUMNS}
          rows={summary.errors}
          rowKey={(e) => `${e.line}-${e.reason}`}
        />
      )}
      {summary.rejected > summary.errors.length && (
        <p className="muted">Only the first {summary.errors.length} rejected lines are listed.</p>
      )}
    </div>
  );
}
