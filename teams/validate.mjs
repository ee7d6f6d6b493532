// Validates a Teams app manifest offline against the schema that @microsoft/app-manifest bundles for its
// manifestVersion (never the $schema URL: nothing is fetched). Usage: node teams/validate.mjs manifest.json
// Prints "valid" or the failures, one per line, and exits 1 on failures.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

globalThis.fetch = async () => { throw new Error("the validator must not use the network"); };
const require = createRequire(import.meta.url);
const { AppManifestUtils } = require("@microsoft/app-manifest");
const root = dirname(require.resolve("@microsoft/app-manifest/package.json"));

const manifest = JSON.parse(readFileSync(process.argv[2] ?? new URL("manifest.json", import.meta.url), "utf8"));
const schemaFile = join(root, "build", "json-schemas", "teams", `v${manifest.manifestVersion}`, "MicrosoftTeams.schema.json");
const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
const failures = await AppManifestUtils.validateAgainstSchema(manifest, schema);
if (failures.length) {
  for (const failure of failures) console.log(failure);
  process.exit(1);
}
console.log(`valid (schema ${manifest.manifestVersion}, bundled by @microsoft/app-manifest)`);
