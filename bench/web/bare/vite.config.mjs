// Builds the bare React Flow page from the editor's own node_modules (same @xyflow/react and React), into
// the folder given with --outDir; never part of the product's bundle. Used by ../editor_bench.py.

import { fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const modules = fileURLToPath(new URL("../../../web/node_modules/", import.meta.url));

export default {
  root: here,
  base: "./",
  logLevel: "warn",
  resolve: {
    alias: [
      { find: /^@xyflow\/react(.*)$/, replacement: `${modules}@xyflow/react$1` },
      { find: /^react-dom(.*)$/, replacement: `${modules}react-dom$1` },
      { find: /^react(\/.*)?$/, replacement: `${modules}react$1` },
    ],
  },
  build: { emptyOutDir: true },
};
