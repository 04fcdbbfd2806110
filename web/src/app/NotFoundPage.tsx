import { Link } from "react-router-dom";

export default function NotFoundPage() {
  return (
    <div className="mx-auto max-w-xl px-6 py-24 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="mt-2 text-zinc-500">There is nothing at this address.</p>
      <Link to="/dashboard" className="btn btn-primary mt-6">Go to your projects</Link>
    </div>
  );
}
