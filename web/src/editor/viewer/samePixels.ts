// Whether two results hold the same pixels, whatever files hold them: a Crop of the whole picture hands on an array
// and the Save after it a PNG, two assets of one picture. Read in the browser from the files the viewer draws, each
// pair once a page load; a picture that can't be read here (no URL yet, too large, not decoded) counts as different,
// so that Compare falls back to comparing it rather than hiding it.

import { getAsset, type AssetScope } from "../../api/assets";
import { pictureUrl } from "./media";
import type { ViewerItem } from "./results";

/** Past this many pixels a picture is not read back here (two 16-megapixel pictures are 128 MB of memory). */
const MAX_PIXELS = 16_000_000;
/** The most two channels may differ and still read as one picture: decoders round colour conversions apart. */
const TOLERANCE = 1;

const answers = new Map<string, Promise<boolean>>();
const settled = new Map<string, boolean>();
/** The pixels of pictures read, by URL, held weakly: the picture Compare starts from is read once for every other it
 * is tried against while they are still in memory, and none stays in memory for this. */
const read = new Map<string, WeakRef<ImageData>>();

/** A picture's file: its asset, else its URL (a result with no asset of its own), so that two such pairs never share
 * an answer. */
const fileOf = (item: ViewerItem) => item.output.asset_id ?? item.output.url ?? item.key;
const pairKey = (a: ViewerItem, b: ViewerItem) => [fileOf(a), fileOf(b)].sort().join("|");

/** The picture's pixels, or null where it can't be read here. Its URL is the one the viewer draws it from: the run's
 * record's, else its asset's, asked for in `scope` as the viewer asks (useAssetUrl: already fetched, then). */
async function pixelsOf(item: ViewerItem, scope: AssetScope | undefined): Promise<ImageData | null> {
  const url = item.output.url ?? (item.output.asset_id ? (await getAsset(item.output.asset_id, scope)).url : null);
  if (!url) return null;
  const src = pictureUrl(url, item.output);
  const kept = read.get(src)?.deref();
  if (kept) return kept;
  const image = new Image();
  image.src = src;
  await image.decode();
  const { naturalWidth: width, naturalHeight: height } = image;
  if (!width || !height || width * height > MAX_PIXELS) return null;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext("2d", { willReadFrequently: true });
  if (!context) return null;
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, width, height);
  read.set(src, new WeakRef(pixels));
  return pixels;
}

function alike(a: ImageData, b: ImageData): boolean {
  if (a.width !== b.width || a.height !== b.height) return false;
  for (let i = 0; i < a.data.length; i += 1) {
    if (Math.abs(a.data[i] - b.data[i]) > TOLERANCE) return false;
  }
  return true;
}

async function compareNow(a: ViewerItem, b: ViewerItem, scope: AssetScope | undefined): Promise<boolean> {
  if (a.output.width && b.output.width && (a.output.width !== b.output.width || a.output.height !== b.output.height)) {
    return false;  // sizes the run reported differ: nothing to read
  }
  try {
    const [first, second] = await Promise.all([pixelsOf(a, scope), pixelsOf(b, scope)]);
    return first !== null && second !== null && alike(first, second);
  } catch {
    return false;  // not decoded (gone, refused): not known to be the same
  }
}

/** Whether pictures `a` and `b` hold the same pixels (read once per pair of assets); `scope`: where their files are
 * asked for (the run on screen's). */
export function samePixels(a: ViewerItem, b: ViewerItem, scope?: AssetScope): Promise<boolean> {
  if (a.output.asset_id && a.output.asset_id === b.output.asset_id) return Promise.resolve(true);
  const key = pairKey(a, b);
  let answer = answers.get(key);
  if (!answer) {
    answer = compareNow(a, b, scope).then((same) => {
      settled.set(key, same);
      return same;
    });
    answers.set(key, answer);
  }
  return answer;
}

/** Whether `a` and `b` are known to hold the same pixels already (the same asset, or read so), without reading. */
export function knownSamePixels(a: ViewerItem, b: ViewerItem): boolean {
  return (Boolean(a.output.asset_id) && a.output.asset_id === b.output.asset_id) || settled.get(pairKey(a, b)) === true;
}
