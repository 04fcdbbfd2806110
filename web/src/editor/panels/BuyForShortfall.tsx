// Beside the Run button when the balance falls short of the next run's price, where the studio sells credits:
// "Buy credits" opens the purchase form with the shortfall filled in.

import { useEffect, useRef, useState } from "react";
import { useDismiss } from "../../app/useDismiss";
import { BuyCreditsForm } from "../../app/BuyCreditsForm";
import { loadForSale, useCreditsForSale } from "../../app/buyCredits";
import { creditsText } from "../../app/credits";

export function BuyForShortfall({ shortfall }: { shortfall: number }) {
  const forSale = useCreditsForSale((s) => s.forSale);
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (shortfall > 0) void loadForSale();
  }, [shortfall]);
  useDismiss(open, root, () => setOpen(false));
  if (shortfall <= 0 || !forSale) return null;
  return (
    <div className="relative" ref={root}>
      <button type="button" className="btn border-red-300 text-red-700 dark:border-red-800 dark:text-red-300"
        aria-expanded={open} data-testid="buy-for-run" onClick={() => setOpen(!open)}>
        Buy credits
      </button>
      {open && (
        <div role="dialog" aria-label="Buy credits" className="panel animate-fade-in absolute right-0 top-10 z-30 w-80 p-4">
          <p className="mb-3 text-sm">Your balance is {creditsText(shortfall)} short of this run.</p>
          <BuyCreditsForm shortfall={shortfall} focus />
        </div>
      )}
    </div>
  );
}
