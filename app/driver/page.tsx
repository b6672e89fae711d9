import { DriverApp } from '@/components/driver/driver-app';
import { requirePageUser } from '@/lib/server/page-session';
import { RideStoreProvider } from '@/lib/stores/ride-store-context';

export const dynamic = 'force-dynamic';

export default async function DriverPage() {
  const user = await requirePageUser('driver');
  return (
    <RideStoreProvider selfId={user.id}>
      <DriverApp user={user} />
    </RideStoreProvider>
  );
}
