import { notFound } from 'next/navigation';
import { Crumbs } from '../../appointments/_components/crumbs';
import { isUuid } from '../../appointments/_components/uuid';
import { LeadDetail } from './lead-detail';

type Props = { params: Promise<{ id: string }> };

export default async function LeadPage({ params }: Props) {
  const { id } = await params;
  if (!isUuid(id)) notFound();
  return (
    <>
      <Crumbs section="leads">Lead</Crumbs>
      <LeadDetail id={id} />
    </>
  );
}
