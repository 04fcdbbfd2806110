// Where a thread's card (or a new comment's box) opens around its pin, in screen pixels: wholly inside the part of
// the canvas it may cover, on a phone as on a desktop. A pure function of sizes, tested without drawing a canvas.

/** The card's width, and the room a pin takes right of its spot (where a card right of it begins). */
export const CARD_WIDTH_PX = 288;
export const PIN_WIDTH_PX = 28;
/** Between a card left of its pin and the pin; between a card and the edge of the room it may cover. */
const GAP_PX = 12;
export const EDGE_PX = 8;
/** A card above its spot ends this far over it; across its pin (about 24 pixels high, above the spot), clear of it. */
const ABOVE_SPOT_PX = 8;
const ABOVE_PIN_PX = 32;
/** A card below its spot begins this far under it (the pin is above the spot). */
const BELOW_SPOT_PX = 4;
/** The least a card is high, however little room there is: its first lines and its reply box. */
export const LEAST_CARD_PX = 160;

/** The part of the canvas a card may cover, in screen pixels from the canvas's top-left corner. */
export interface Room { left: number; top: number; right: number; bottom: number }

export interface CardPlacement {
  /** From the spot to the card's left edge. */
  x: number;
  /** From the spot to the card's top edge, or to its bottom edge when it opens upwards. */
  y: number;
  width: number;
  maxHeight: number;
  leftwards: boolean;
  upwards: boolean;
}

const clamp = (value: number, least: number, most: number) => Math.max(least, Math.min(most, value));

/** Where the card of a pin at `spot` (screen pixels from the canvas's top-left) opens within `room`. Across: right of
 * the pin where it fits, else left of it, and pushed back inside the room either way (a narrow screen has room on
 * neither side: the card then takes the room's width, less a margin each side, and goes over or under the pin).
 * Up or down: to the side with more room, and never higher than that room (a long thread scrolls inside). */
export function cardPlacement(spot: { x: number; y: number }, room: Room): CardPlacement {
  const width = Math.min(CARD_WIDTH_PX, room.right - room.left - 2 * EDGE_PX);
  const first = room.left + EDGE_PX;
  const last = room.right - EDGE_PX - width;  // the furthest right its left edge goes
  const rightOf = spot.x + PIN_WIDTH_PX;
  const leftwards = rightOf > last;
  // left of the pin, or where the room ends when the pin lies beyond it (under a side panel)
  const left = clamp(leftwards ? Math.min(spot.x - GAP_PX, room.right - EDGE_PX) - width : rightOf, first,
    Math.max(first, last));
  // a card across its pin goes wholly above it, or it would hide it
  const overPin = left < spot.x + PIN_WIDTH_PX && left + width > spot.x - PIN_WIDTH_PX;
  const top = room.top + EDGE_PX;
  const bottom = room.bottom - EDGE_PX;
  const upwards = spot.y - top > bottom - spot.y;
  if (upwards) {
    const edge = clamp(spot.y - (overPin ? ABOVE_PIN_PX : ABOVE_SPOT_PX), top + LEAST_CARD_PX, bottom);
    return { x: left - spot.x, y: edge - spot.y, width, maxHeight: edge - top, leftwards, upwards };
  }
  const edge = clamp(spot.y + BELOW_SPOT_PX, top, bottom - LEAST_CARD_PX);
  return { x: left - spot.x, y: edge - spot.y, width, maxHeight: bottom - edge, leftwards, upwards };
}
