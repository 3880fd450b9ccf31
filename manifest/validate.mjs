// Validates a Teams app manifest (a manifest.json or a built package .zip) offline, against the official schema that
// @microsoft/app-manifest bundles for the manifest's version, and checks the icons Teams requires.
//   node manifest/validate.mjs [manifest.json | package.zip]
// Prints {"errors": [...]} and exits 1 when there is any error.
import { readFileSync, existsSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { inflateSync } from "node:zlib";
import JSZip from "jszip";
import { AppManifestUtils } from "@microsoft/app-manifest";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

async function load(target) {
  if (target.endsWith(".zip")) {
    const zip = await JSZip.loadAsync(readFileSync(target));
    const entries = Object.keys(zip.files).filter(name => !zip.files[name].dir).sort();
    const read = async name => zip.file(name) ? zip.file(name).async("nodebuffer") : undefined;
    return { entries, manifest: (await read("manifest.json"))?.toString("utf8"), read };
  }
  const folder = path.dirname(target);
  const read = async name => existsSync(path.join(folder, name)) ? readFileSync(path.join(folder, name)) : undefined;
  return { entries: null, manifest: readFileSync(target, "utf8"), read };
}

function pngInfo(bytes) {
  if (!bytes || bytes.readUInt32BE(0) !== 0x89504e47) return null;
  const width = bytes.readUInt32BE(16), height = bytes.readUInt32BE(20), colorType = bytes[25];
  let idat = [], offset = 8;
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset), type = bytes.toString("ascii", offset + 4, offset + 8);
    if (type === "IDAT") idat.push(bytes.subarray(offset + 8, offset + 8 + length));
    offset += 12 + length;
  }
  return { width, height, colorType, raw: colorType === 6 ? inflateSync(Buffer.concat(idat)) : null };
}

export async function validate(target) {
  const errors = [];
  const { entries, manifest: text, read } = await load(target);
  if (entries && JSON.stringify(entries) !== JSON.stringify(["color.png", "manifest.json", "outline.png"])) {
    errors.push(`the package must hold exactly manifest.json, color.png and outline.png at its root (has: ${entries.join(", ")})`);
  }
  if (!text) return [...errors, "manifest.json is missing"];
  let manifest;
  try {
    manifest = JSON.parse(text);
  } catch (error) {
    return [...errors, `manifest.json is not JSON: ${error.message}`];
  }
  const version = /\/teams\/(v[\d.]+|vDevPreview)\//.exec(manifest.$schema ?? "")?.[1];
  const schemaFile = version && path.join(path.dirname(require.resolve("@microsoft/app-manifest")), "json-schemas", "teams", version, "MicrosoftTeams.schema.json");
  if (!schemaFile || !existsSync(schemaFile)) {
    errors.push(`no bundled schema for $schema ${manifest.$schema}`);
  } else {
    const schema = JSON.parse(readFileSync(schemaFile, "utf8").replace(/\\a/g, "\\u0007").replace(/\\v/g, "\\u000b"));
    errors.push(...await AppManifestUtils.validateAgainstSchema(manifest, schema));
  }
  for (const [name, size] of [[manifest.icons?.color, 192], [manifest.icons?.outline, 32]]) {
    const info = pngInfo(await read(name ?? ""));
    if (!info) errors.push(`icon ${name} is missing or not a PNG`);
    else if (info.width !== size || info.height !== size) errors.push(`icon ${name} must be ${size}x${size} (is ${info.width}x${info.height})`);
  }
  const outline = pngInfo(await read(manifest.icons?.outline ?? ""));
  if (outline?.raw) {
    const stride = outline.width * 4 + 1;
    for (let y = 0; y < outline.height; y++) {
      for (let x = 0; x < outline.width; x++) {
        const p = y * stride + 1 + x * 4;
        const [r, g, b, a] = outline.raw.subarray(p, p + 4);
        if (a > 0 && (r < 250 || g < 250 || b < 250)) {
          errors.push(`outline icon pixel ${x},${y} is not white or transparent`);
          return errors;
        }
      }
    }
  } else if (outline) {
    errors.push("the outline icon must be an RGBA PNG (white on transparent)");
  }
  return errors;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const target = path.resolve(process.argv[2] ?? path.join(here, "manifest.json"));
  const errors = await validate(target);
  console.log(JSON.stringify({ target, errors }, null, 2));
  process.exit(errors.length === 0 ? 0 : 1);
}
