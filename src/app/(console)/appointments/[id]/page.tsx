import { notFound } from 'next/navigation';
import { Crumbs } from '../_components/crumbs';
import { isUuid } from '../_components/uuid';
import { AppointmentDetail } from './appointment-detail';

type Props = { params: Promise<{ id: string }> };

export default async function AppointmentPage({ params }: Props) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  return (
    <>
      <Crumbs section="appointments">Appointment</Crumbs>
      <AppointmentDetail id={id} />
    </>
  );
}
