// Builds the sideloadable Teams app package: manifest.json with the bot's app id and domain filled in, and the icons.
//   node manifest/build-package.mjs --app-id <Microsoft App ID> --domain <bot host> [--out <zip path>]
// Defaults come from the environment: MicrosoftAppId, and Bot__PublicDomain (the host of https://<host>/api/messages),
// the bot's own settings MicrosoftAppId and Bot:PublicDomain.
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import JSZip from "jszip";

const here = path.dirname(fileURLToPath(import.meta.url));
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const host = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export async function buildPackage({ appId, domain, out }) {
  const problems = [];
  if (!appId || !guid.test(appId)) {
    problems.push("the app id must be the bot's Microsoft App ID, a GUID (--app-id or MicrosoftAppId)");
  }
  if (!domain || !host.test(domain)) {
    problems.push("the domain must be the bot's public host name, e.g. chatopsbot.example.com, without https:// (--domain or Bot__PublicDomain)");
  }
  if (problems.length > 0) {
    throw new Error("Cannot build the Teams app package: " + problems.join("; ") + ".");
  }
  const manifest = readFileSync(path.join(here, "manifest.json"), "utf8")
    .replaceAll("${{BOT_ID}}", appId.toLowerCase())
    .replaceAll("${{BOT_DOMAIN}}", domain.toLowerCase());
  JSON.parse(manifest);
  const zip = new JSZip();
  // A fixed date keeps the package byte-for-byte the same for the same inputs.
  const date = new Date(Date.UTC(2026, 0, 1));
  zip.file("manifest.json", manifest, { date });
  zip.file("color.png", readFileSync(path.join(here, "color.png")), { date });
  zip.file("outline.png", readFileSync(path.join(here, "outline.png")), { date });
  const bytes = await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, bytes);
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const option = name => {
    const i = args.indexOf(name);
    return i >= 0 ? args[i + 1] : undefined;
  };
  try {
    const out = await buildPackage({
      appId: option("--app-id") ?? process.env.MicrosoftAppId,
      domain: option("--domain") ?? process.env.Bot__PublicDomain,
      out: path.resolve(option("--out") ?? path.join(here, "..", "artifacts", "ChatOpsBot-teams-app.zip")),
    });
    console.log(`wrote ${out}`);
  } catch (error) {
    console.error(error.message);
    process.exit(2);
  }
}
