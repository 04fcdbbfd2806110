// Where the names of the others on the canvas go, so that they never hide what they point at: a pointer's name
// moves off a node's title (just above the node's top edge), and a person is named once by a node they selected
// and point at (their pointer's name), not twice. All in screen pixels, this viewer's pan and zoom applied.

export interface Point {
  x: number;
  y: number;
}

export interface Box extends Point {
  width: number;
  height: number;
}

/** How tall a node's header (its title row) is, in flow units from its top edge: what a name must not cover. */
export const HEADER_HEIGHT = 40;
/** Where a pointer's name goes from the arrow's tip: below and right of the arrow. */
export const POINTER_LABEL = { x: 14, y: 16 };
/** How far out a selection's outline is drawn around its node. */
export const OUTLINE_PAD = 4;
/** A name's height on screen (11 px text and its padding). */
export const LABEL_HEIGHT = 15;
/** How far above a node's top edge a name sits: clear of the selection outline (4 px out, 2 px wide). */
export const ABOVE_NODE = OUTLINE_PAD + 20;
/** How close around a node a person's pointer is for its name to be the one naming them there. */
export const NEAR_NODE = 32;
// wide enough for any letter of the 11 px label font, so an estimate never reads as clear of a title it covers
const LETTER_WIDTH = 6.5;
const LABEL_PADDING = 12;

/** The widest a name's label is drawn, in screen pixels: a longer name (an account's may be 200 characters) is cut
 * with an ellipsis (CollabOverlay's PresenceLabel), its whole on the label's title and to screen readers; about 22
 * letters show. */
export const LABEL_MAX_WIDTH = 160;

/** About how wide a name's label is drawn (at least as wide, at most LABEL_MAX_WIDTH). */
export const labelWidth = (name: string): number =>
  Math.min(LABEL_PADDING + LETTER_WIDTH * name.length, LABEL_MAX_WIDTH);

/** Whether two boxes share some area (two that only touch do not). */
export function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** A node's header on screen, from its box on screen and this viewer's zoom. */
export function headerOf(node: Box, zoom: number): Box {
  return { ...node, height: Math.min(node.height, HEADER_HEIGHT * zoom) };
}

/** Where a pointer's name goes (its label's top-left): below-right of the arrow, else, where it would cover a node's
 * header, just above that node's top edge (where a selection's name goes), still beside the pointer. */
export function pointerLabelAt(cursor: Point, name: string, headers: readonly Box[]): Point {
  const width = labelWidth(name);
  let at = { x: cursor.x + POINTER_LABEL.x, y: cursor.y + POINTER_LABEL.y };
  // a node lifted over may have another's header just above it (nodes stacked close): over that one too, a few times
  for (let tries = 0; tries < 4; tries += 1) {
    const label = { x: at.x, y: at.y, width, height: LABEL_HEIGHT };
    const covered = headers.find((header) => overlaps(label, header));
    if (!covered) return at;
    at = { x: at.x, y: covered.y - ABOVE_NODE };
  }
  return at;
}

/** Whether a person's pointer names them by a node they selected, so its selection's outline needs no name of its
 * own: the pointer is on the node or close around it. */
export function pointerNamesSelection(cursor: Point | null, node: Box): boolean {
  if (!cursor) return false;
  return cursor.x >= node.x - NEAR_NODE && cursor.x <= node.x + node.width + NEAR_NODE
    && cursor.y >= node.y - NEAR_NODE - ABOVE_NODE && cursor.y <= node.y + node.height + NEAR_NODE;
}

/** Between two names side by side. */
const LABEL_GAP = 4;

/** Where a selection's name goes along its node's top edge, from the left corner: after the names of those who
 * selected the node before (`before`, each named there), so that no name hides another's. */
export const selectionLabelLeft = (before: readonly string[]): number =>
  before.reduce((left, name) => left + labelWidth(name) + LABEL_GAP, 0);
