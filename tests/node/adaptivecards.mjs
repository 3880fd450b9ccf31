// The official renderer's UMD build: the package's ES module build imports files without extensions, which Node's
// loader refuses. The UMD build needs no DOM for parsing and validation.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export const AdaptiveCards = require("adaptivecards/dist/adaptivecards.js");
export const adaptiveCardsBundlePath = require.resolve("adaptivecards/dist/adaptivecards.min.js");
