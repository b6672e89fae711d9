import { SignInForm } from '@/components/sign-in-form';

export default function HomePage() {
  return (
    <main className="mx-auto flex min-h-full max-w-md flex-col justify-center gap-8 px-5 py-10">
      <header className="space-y-2">
        <h1 className="text-4xl font-bold tracking-tight text-brand">Curbside</h1>
        <p className="text-slate-600">Rides with a live map, honest offers and chat that never loses a message.</p>
      </header>
      <SignInForm />
    </main>
  );
}
