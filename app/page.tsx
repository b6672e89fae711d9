import { SignInForm } from '@/components/sign-in-form';

export default async function HomePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // Set by the apps when the server says their session has ended (SESSION_EXPIRED_URL).
  const expired = (await searchParams).expired === '1';
  return (
    <main className="mx-auto flex min-h-full max-w-md flex-col justify-center gap-8 px-5 py-10">
      <header className="space-y-2">
        <h1 className="text-4xl font-bold tracking-tight text-brand">Curbside</h1>
        <p className="text-slate-600">Rides with a live map, honest offers and chat that never loses a message.</p>
      </header>
      {expired && (
        <p role="alert" data-testid="session-expired" className="rounded-xl bg-amber-50 px-4 py-3 text-sm text-amber-950 ring-1 ring-amber-200">
          Your session has ended. Sign in again to carry on.
        </p>
      )}
      <SignInForm />
    </main>
  );
}
