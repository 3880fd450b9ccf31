// Renders Adaptive Card JSON files with the official `adaptivecards` renderer in headless Chromium, with a
// Teams-like host config, at each width (a Teams phone is 360 px wide), and writes a PNG of each.
// Usage: node render-cards.mjs --out DIR [--widths 360,540] card1.json [card2.json …]
// Prints [{ "file", "width", "png", "scrollsHorizontally", "clipped": [text…], "renderErrors": [...] }] and exits 1
// when a card cannot be rendered. Chromium: $CHROMIUM_PATH, else /usr/bin/chromium.
import { mkdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { adaptiveCardsBundlePath } from "./adaptivecards.mjs";

const args = process.argv.slice(2);
let outDir = "rendered";
let widths = [360, 540];
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--out") outDir = args[++i];
  else if (args[i] === "--widths") widths = args[++i].split(",").map(Number);
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error("usage: node render-cards.mjs --out DIR [--widths 360,540] card.json …");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const hostConfig = JSON.parse(readFileSync(new URL("./teams-host-config.json", import.meta.url), "utf8"));
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const results = [];
let failed = false;
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  // Nothing is fetched: the page is local, the renderer is injected from node_modules.
  await page.route("**/*", (route) => route.abort());
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>
      html, body { margin: 0; padding: 0; background: #f0f0f0; }
      #host { margin: 0; background: #fff; }
      .ac-pushButton { font-family: ${hostConfig.fontTypes.default.fontFamily}; font-size: 14px; font-weight: 600; padding: 4px 12px; min-height: 32px;
        border: 1px solid #d1d1d1; border-radius: 4px; background: #fff; color: #242424; overflow: hidden;
        text-overflow: ellipsis; white-space: nowrap; }
    </style></head><body><div id="host"></div></body></html>`);
  await page.addScriptTag({ path: adaptiveCardsBundlePath });

  for (const file of files) {
    const card = JSON.parse(readFileSync(file, "utf8"));
    for (const width of widths) {
      await page.setViewportSize({ width, height: 640 });
      const measured = await page.evaluate(({ card, hostConfig }) => {
        const adaptiveCard = new AdaptiveCards.AdaptiveCard();
        adaptiveCard.hostConfig = new AdaptiveCards.HostConfig(hostConfig);
        const context = new AdaptiveCards.SerializationContext();
        adaptiveCard.parse(card, context);
        const renderErrors = [];
        for (let i = 0; i < context.eventCount; i++) renderErrors.push(context.getEventAt(i).message);
        const element = adaptiveCard.render();
        const host = document.getElementById("host");
        host.replaceChildren();
        if (!element) return { renderErrors: [...renderErrors, "render() returned nothing"] };
        host.appendChild(element);
        // Text cut off inside its box (overflow hidden) is as bad as a page that scrolls sideways.
        const clipped = [];
        for (const node of host.querySelectorAll("*")) {
          const text = (node.innerText || "").trim();
          if (node.children.length === 0 && text && node.scrollWidth > node.clientWidth + 1) {
            clipped.push(text.slice(0, 80));
          }
        }
        const root = document.documentElement;
        return {
          renderErrors,
          scrollWidth: root.scrollWidth,
          clientWidth: root.clientWidth,
          scrollsHorizontally: root.scrollWidth > root.clientWidth,
          height: host.getBoundingClientRect().height,
          clipped,
        };
      }, { card, hostConfig });
      const png = resolve(join(outDir, `${basename(file, ".json")}-${width}.png`));
      await page.locator("#host").screenshot({ path: png });
      if (measured.renderErrors.length > 0) failed = true;
      results.push({ file, width, png, ...measured });
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(results, null, 2) + "\n");
process.exit(failed ? 1 : 0);
