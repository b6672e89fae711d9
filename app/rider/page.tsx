import { LiveConsole } from '@/components/live-console';
import { requirePageUser } from '@/lib/server/page-session';

export const dynamic = 'force-dynamic';

export default async function RiderPage() {
  const user = await requirePageUser('rider');
  return <LiveConsole user={user} />;
}
