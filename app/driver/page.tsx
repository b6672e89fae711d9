import { LiveConsole } from '@/components/live-console';
import { requirePageUser } from '@/lib/server/page-session';

export const dynamic = 'force-dynamic';

export default async function DriverPage() {
  const user = await requirePageUser('driver');
  return <LiveConsole user={user} />;
}
