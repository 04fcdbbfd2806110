// The landing page (/): what the studio is, and the way in.

import { Link } from "react-router-dom";

const STEPS = [
  { title: "Drop in your sources", text: "Prompts, images, video: every input is a node on an infinite canvas." },
  { title: "Wire tools and models", text: "Blur, crop, inpaint, relight, upscale and AI models, connected by typed ports that only fit where they make sense." },
  { title: "Run and iterate", text: "Every node shows its result in place. Change one setting and only what depends on it runs again." },
];

export default function LandingPage() {
  return (
    <div data-testid="landing">
      <section className="mx-auto max-w-4xl px-6 pb-16 pt-24 text-center">
        <p className="mb-4 inline-block rounded-full border border-zinc-200 px-3 py-1 text-xs text-zinc-500
          dark:border-zinc-800">Node-based AI workspace</p>
        <h1 className="text-4xl font-semibold tracking-tight sm:text-5xl">
          Karate AI <span className="text-zinc-400">– Design Studio</span>
        </h1>
        <p className="mx-auto mt-5 max-w-2xl text-lg leading-relaxed text-zinc-500">
          Build image, video and 3D pipelines by connecting nodes. See every result where it happens,
          save the graph, run it again tomorrow.
        </p>
        <div className="mt-8 flex justify-center gap-3">
          <Link to="/dashboard" className="btn btn-primary px-5 py-2.5">Open the studio</Link>
          <Link to="/docs" className="btn px-5 py-2.5">Read the docs</Link>
        </div>
      </section>
      <section className="mx-auto grid max-w-5xl gap-4 px-6 pb-24 sm:grid-cols-3">
        {STEPS.map((step, index) => (
          <div key={step.title} className="rounded-2xl border border-zinc-200 bg-white p-6 dark:border-zinc-800
            dark:bg-zinc-900">
            <span className="font-mono text-xs text-accent">0{index + 1}</span>
            <h2 className="mt-2 font-semibold">{step.title}</h2>
            <p className="mt-2 text-sm leading-relaxed text-zinc-500">{step.text}</p>
          </div>
        ))}
      </section>
    </div>
  );
}
