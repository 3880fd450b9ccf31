// Validates Adaptive Card JSON with the official `adaptivecards` package, as a 1.5 card, plus the Teams rules the
// bot must keep (version <= 1.5, at most 3 buttons, no Image without a url).
// Usage: node validate-card.mjs card1.json [card2.json …]   or   node validate-card.mjs < card.json
// Prints [{ "file", "errors": [{ "source", "message" }] }] and exits 1 when any card has an error.
import { readFileSync } from "node:fs";
import { AdaptiveCards } from "./adaptivecards.mjs";

const MAX_VERSION = AdaptiveCards.Versions.v1_5;
const MAX_ACTIONS = 3;

function validate(text) {
  const errors = [];
  let json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return [{ source: "json", message: String(e.message) }];
  }
  if (json?.type !== "AdaptiveCard") {
    errors.push({ source: "teams", message: `type is ${JSON.stringify(json?.type)}, not "AdaptiveCard"` });
  }
  const version = AdaptiveCards.Version.parse(json?.version, new AdaptiveCards.SerializationContext());
  if (!version?.isValid || version.major > MAX_VERSION.major
      || (version.major === MAX_VERSION.major && version.minor > MAX_VERSION.minor)) {
    errors.push({ source: "teams", message: `version ${JSON.stringify(json?.version)} is not 1.5 or lower` });
  }
  if ((json?.actions?.length ?? 0) > MAX_ACTIONS) {
    errors.push({ source: "teams", message: `${json.actions.length} actions; Teams shows only the first ${MAX_ACTIONS}` });
  }
  walk(json, (node) => {
    if (node?.type === "Image" && !node.url) {
      errors.push({ source: "teams", message: "Image without a url (a blank card on Teams mobile)" });
    }
  });

  const context = new AdaptiveCards.SerializationContext(MAX_VERSION);
  const card = new AdaptiveCards.AdaptiveCard();
  card.parse(json, context);
  for (let i = 0; i < context.eventCount; i++) {
    const event = context.getEventAt(i);
    errors.push({ source: "parse", event: AdaptiveCards.ValidationEvent[event.event], message: event.message });
  }
  for (const event of card.validateProperties().validationEvents) {
    errors.push({ source: "validate", event: AdaptiveCards.ValidationEvent[event.event], message: event.message });
  }
  return errors;
}

function walk(node, visit) {
  if (Array.isArray(node)) {
    node.forEach((child) => walk(child, visit));
  } else if (node && typeof node === "object") {
    visit(node);
    Object.values(node).forEach((child) => walk(child, visit));
  }
}

const files = process.argv.slice(2);
const inputs = files.length > 0
  ? files.map((file) => ({ file, text: readFileSync(file, "utf8") }))
  : [{ file: "<stdin>", text: readFileSync(0, "utf8") }];
const results = inputs.map(({ file, text }) => ({ file, errors: validate(text) }));
process.stdout.write(JSON.stringify(results, null, 2) + "\n");
process.exit(results.some((result) => result.errors.length > 0) ? 1 : 0);
