'use client';
// The appointments board: one row per rep, their appointments placed by time on a day track or
// listed per day of a week, and the unassigned queue beside it, where each appointment can be
// given to a rep. The day and view live in the URL (?view=week&day=2026-12-02), so a board can be
// shared and reloaded. Polls every 5 s while a visit is in progress (its recording is running or
// being analysed), like the other live views, and stops when nothing is moving.
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { api } from '@/lib/trpc/react';
import { errorSentence } from '@/lib/trpc/errors';
import { AssignPanel } from './_components/assign-panel';
import {
  boardRange,
  dayKey,
  dayWindow,
  overlapsDay,
  parseDayKey,
  placeOnDay,
  startOfDay,
  stepRange,
  type BoardRange,
  type BoardView,
} from './_components/board-range';
import { StatusBadge } from './_components/status-badge';
import { formatClock, formatDay, formatSlot } from './_components/time-range';
import { toBoard, type BoardAppointment, type BoardRep } from './_components/board-data';
import styles from './board.module.css';

const POLL_MS = 5_000;

export function AppointmentBoard() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const view: BoardView = params.get('view') === 'week' ? 'week' : 'day';
  const anchor = parseDayKey(params.get('day')) ?? startOfDay(new Date());
  const range = boardRange(view, anchor);
  const utils = api.useUtils();
  const list = api.appointments.list.useQuery(
    { from: range.from.toISOString(), to: range.to.toISOString() },
    {
      refetchInterval: (query) =>
        query.state.data && toBoard(query.state.data).isLive ? POLL_MS : false,
    },
  );
  const board = list.data ? toBoard(list.data) : undefined;

  const go = (next: { view?: BoardView; day?: Date }) => {
    const search = new URLSearchParams(params.toString());
    search.set('view', next.view ?? view);
    search.set('day', dayKey(next.day ?? anchor));
    router.push(`${pathname}?${search.toString()}`);
  };

  return (
    <div className={styles.layout}>
      <section className={`card ${styles.board}`} aria-label="Board" data-testid="board">
        <div className={styles.toolbar}>
          <h2 data-testid="board-title">{titleOf(range)}</h2>
          <button
            type="button"
            className="secondary"
            onClick={() => go({ day: stepRange(range, -1) })}
          >
            {view === 'week' ? 'Previous week' : 'Previous day'}
          </button>
          <button type="button" className="secondary" onClick={() => go({ day: new Date() })}>
            Today
          </button>
          <button
            type="button"
            className="secondary"
            onClick={() => go({ day: stepRange(range, 1) })}
          >
            {view === 'week' ? 'Next week' : 'Next day'}
          </button>
          <label style={{ flexDirection: 'row', alignItems: 'center', gap: 6 }}>
            View
            <select
              value={view}
              onChange={(e) => go({ view: e.target.value === 'week' ? 'week' : 'day' })}
            >
              <option value="day">Day</option>
              <option value="week">Week</option>
            </select>
          </label>
        </div>
        {list.error && <p className="error">{errorSentence(list.error)}</p>}
        {!board && !list.error && <p className="muted">Loading…</p>}
        {board && board.reps.length === 0 && (
          <p className="muted" data-testid="board-no-reps">
            No member has the REP role yet. Invite your field reps under{' '}
            <Link href="/settings/members">Members</Link> with the REP role; their appointments
            appear here, one row each.
          </p>
        )}
        {board &&
          board.reps.length > 0 &&
          (view === 'day' ? (
            <DayBoard day={range.from} reps={board.reps} />
          ) : (
            <WeekBoard range={range} reps={board.reps} />
          ))}
      </section>
      <aside className={`card ${styles.queue}`} aria-label="Unassigned" data-testid="unassigned">
        <h2 style={{ fontSize: 16, marginTop: 0 }}>
          Unassigned ({board?.unassigned.length ?? '…'})
        </h2>
        {board && board.unassigned.length === 0 && (
          <p className="muted" style={{ marginBottom: 0 }}>
            Nothing waiting for a rep {view === 'week' ? 'this week' : 'this day'}.
          </p>
        )}
        <ul className={styles.queueList}>
          {board?.unassigned.map((a) => (
            <li key={a.id} data-testid="queue-item" data-appointment-id={a.id}>
              <Link href={`/appointments/${a.id}`}>
                <strong>{a.lead.name ?? 'Unnamed lead'}</strong>
              </Link>
              <div className="muted">
                {view === 'week' ? formatDay(a.startsAt) + ', ' : ''}
                {formatSlot(a.startsAt, a.endsAt)} · {a.address}
              </div>
              <div style={{ marginTop: 6 }}>
                <AssignPanel
                  appointmentId={a.id}
                  currentRepId={null}
                  isCompact
                  onSaved={() => utils.appointments.invalidate()}
                />
              </div>
            </li>
          ))}
        </ul>
      </aside>
    </div>
  );
}

function titleOf(range: BoardRange): string {
  if (range.view === 'day') return formatDay(range.from);
  const last = range.days[range.days.length - 1]!;
  return `Week of ${formatDay(range.from)} – ${formatDay(last)}`;
}

function Chip({
  appointment: a,
  style,
  isNarrow = false,
}: {
  appointment: BoardAppointment;
  style?: React.CSSProperties;
  /** On the day track: the start time first, as an hour is only a few characters wide. */
  isNarrow?: boolean;
}) {
  return (
    <Link
      href={`/appointments/${a.id}`}
      className={styles.chip}
      style={style}
      data-testid="board-appointment"
      data-appointment-id={a.id}
      data-status={a.status}
      title={`${a.lead.name ?? 'Unnamed lead'}, ${formatSlot(a.startsAt, a.endsAt)}, ${a.address}`}
    >
      {isNarrow ? (
        <>
          <strong>{formatClock(a.startsAt)}</strong>
          <span className={styles.line}>{a.lead.name ?? 'Unnamed lead'}</span>
        </>
      ) : (
        <>
          <strong>{a.lead.name ?? 'Unnamed lead'}</strong>
          {formatSlot(a.startsAt, a.endsAt)} · <StatusBadge status={a.status} />
        </>
      )}
    </Link>
  );
}

function DayBoard({ day, reps }: { day: Date; reps: BoardRep[] }) {
  const window = dayWindow(
    day,
    reps.flatMap((r) => r.appointments),
  );
  const span = window.toHour - window.fromHour;
  const hours = Array.from({ length: span }, (_, i) => window.fromHour + i);
  const hourWidth = `${100 / span}%`;
  return (
    <div className={styles.scroll}>
      <div className={styles.dayGrid} role="table" aria-label="Reps' day">
        <div className={styles.row} role="row">
          <span role="columnheader" className={styles.repName}>
            Rep
          </span>
          <div className={styles.hours} role="columnheader" aria-label="Time of day">
            {hours.map((h) => (
              <span key={h} style={{ left: `${((h - window.fromHour) / span) * 100}%` }}>
                {String(h).padStart(2, '0')}
              </span>
            ))}
          </div>
        </div>
        {reps.map((rep) => (
          <div
            key={rep.id}
            className={styles.row}
            role="row"
            data-testid="board-rep"
            data-rep-id={rep.id}
          >
            <span role="rowheader" className={styles.repName}>
              {rep.name ?? rep.email}
            </span>
            <div
              role="cell"
              className={styles.track}
              style={{ '--hour-width': hourWidth } as React.CSSProperties}
            >
              {rep.appointments.map((a) => {
                const place = placeOnDay(day, a.startsAt, a.endsAt, window);
                if (!place) return null;
                return (
                  <Chip
                    key={a.id}
                    appointment={a}
                    isNarrow
                    style={{ left: `${place.left}%`, width: `max(${place.width}%, 48px)` }}
                  />
                );
              })}
              {rep.appointments.length === 0 && (
                <span
                  className="muted"
                  style={{ position: 'absolute', top: 22, left: 8, fontSize: 13 }}
                >
                  Free all day
                </span>
              )}
            </div>
          </div>
        ))}
      </div>
    </div>
  );
}

function WeekBoard({ range, reps }: { range: BoardRange; reps: BoardRep[] }) {
  return (
    <div className={styles.scroll}>
      <table className={styles.week} aria-label="Reps' week">
        <thead>
          <tr>
            <th scope="col" style={{ width: 120 }}>
              Rep
            </th>
            {range.days.map((d) => (
              <th key={d.toISOString()} scope="col">
                {formatDay(d)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {reps.map((rep) => (
            <tr key={rep.id} data-testid="board-rep" data-rep-id={rep.id}>
              <th scope="row">{rep.name ?? rep.email}</th>
              {range.days.map((d) => {
                const today = rep.appointments.filter((a) => overlapsDay(d, a.startsAt, a.endsAt));
                return (
                  <td key={d.toISOString()}>
                    {today.map((a) => (
                      <Chip key={a.id} appointment={a} />
                    ))}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
