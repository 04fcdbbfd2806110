// Where a thread's card opens: wholly inside the room it may cover, on a phone (390 pixels wide) as on a desktop,
// right of its pin where it fits, else left of it, else across the screen's width less its margins.
import { describe, expect, it } from "vitest";
import { CARD_WIDTH_PX, cardPlacement, EDGE_PX, LEAST_CARD_PX, type Room } from "./cardPlacement";

const PHONE: Room = { left: 0, top: EDGE_PX, right: 390, bottom: 796 - 190 };
const DESKTOP: Room = { left: 0, top: EDGE_PX, right: 1024, bottom: 752 - 150 };

/** The card's box in screen pixels, of the height it may grow to. */
function box(spot: { x: number; y: number }, room: Room) {
  const place = cardPlacement(spot, room);
  const left = spot.x + place.x;
  const top = place.upwards ? spot.y + place.y - place.maxHeight : spot.y + place.y;
  return { left, right: left + place.width, top, bottom: top + place.maxHeight, place };
}

describe("a comment card", () => {
  it("stays wholly inside the room wherever its pin is, on a phone and on a desktop", () => {
    for (const room of [PHONE, DESKTOP, { ...PHONE, right: 320 }]) {
      for (let x = -40; x <= room.right + 40; x += 10) {
        for (let y = -40; y <= room.bottom + 200; y += 25) {
          const card = box({ x, y }, room);
          const where = `pin at ${x}, ${y} in ${room.right} wide`;
          expect(card.left, where).toBeGreaterThanOrEqual(room.left + EDGE_PX);
          expect(card.right, where).toBeLessThanOrEqual(room.right - EDGE_PX);
          expect(card.top, where).toBeGreaterThanOrEqual(room.top);
          expect(card.bottom, where).toBeLessThanOrEqual(room.bottom);
          expect(card.place.maxHeight, where).toBeGreaterThanOrEqual(LEAST_CARD_PX);
        }
      }
    }
  });

  it("opens right of its pin where it fits, else left of it, as wide as ever on a desktop", () => {
    const nearLeft = cardPlacement({ x: 40, y: 100 }, DESKTOP);
    expect([nearLeft.leftwards, nearLeft.x, nearLeft.width]).toEqual([false, 28, CARD_WIDTH_PX]);
    const nearRight = cardPlacement({ x: 1000, y: 100 }, DESKTOP);
    expect(nearRight.leftwards).toBe(true);
    expect(1000 + nearRight.x + nearRight.width).toBe(1000 - 12);  // its right edge just left of the pin
  });

  it("on a phone, comes back inside the screen rather than run off its left edge, and stays clear of its pin", () => {
    // left of the pin it would begin at 150 - 12 - 288 < 0: it begins at the margin, and goes above the pin
    const card = box({ x: 150, y: 500 }, PHONE);
    expect(card.left).toBe(EDGE_PX);
    expect(card.place.upwards).toBe(true);
    expect(card.bottom).toBeLessThanOrEqual(500 - 24);  // the pin is about 24 pixels high, above its spot
  });

  it("takes the screen's width less its margins where the screen is narrower than the card", () => {
    const card = box({ x: 100, y: 100 }, { ...PHONE, right: 280 });
    expect([card.left, card.right]).toEqual([EDGE_PX, 280 - EDGE_PX]);
  });

  it("keeps clear of a side panel over a pin under it", () => {
    const room = { ...DESKTOP, right: 1024 - 332 };
    const card = box({ x: 900, y: 100 }, room);
    expect(card.right).toBe(room.right - EDGE_PX);
  });

  it("opens upwards near the AI dock and downwards near the toolbar, never past either", () => {
    const low = box({ x: 100, y: PHONE.bottom - 20 }, PHONE);
    expect(low.place.upwards).toBe(true);
    const under = box({ x: 100, y: PHONE.bottom + 60 }, PHONE);  // a pin under the dock: the card ends above it
    expect(under.bottom).toBeLessThanOrEqual(PHONE.bottom);
    const high = box({ x: 100, y: -30 }, PHONE);
    expect(high.place.upwards).toBe(false);
    expect(high.top).toBeGreaterThanOrEqual(PHONE.top);
  });
});
