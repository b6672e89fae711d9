import { RiderApp } from '@/components/rider/rider-app';
import { requirePageUser } from '@/lib/server/page-session';
import { getServices } from '@/lib/server/services';
import { RideStoreProvider } from '@/lib/stores/ride-store-context';

export const dynamic = 'force-dynamic';

export default async function RiderPage() {
  const user = await requirePageUser('rider');
  return (
    <RideStoreProvider selfId={user.id}>
      <RiderApp user={user} mapStyleUrl={getServices().config.MAP_STYLE_URL} />
    </RideStoreProvider>
  );
}
