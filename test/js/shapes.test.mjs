// Values of a shape: the engine accepts as a value of a shape what the Go
// side (search.ValueShapes) finds as one (testdata/search/shapes.json),
// and a derived template of a shape matches another customer's value.
import { test } from "node:test";
import assert from "node:assert/strict";
import { build, engine, readJSON } from "./helpers.mjs";
import { SHAPES, holds } from "../../theme/static/engine/shapes.js";

test("shapes: the engine accepts what Go finds (shapes.json)", () => {
  const vectors = readJSON("testdata/search/shapes.json");
  assert.ok(vectors.length >= 10);
  for (const { note, value, kind } of vectors) {
    if (kind === "quoted") continue; // the quotes are the line's, around the value
    if (kind) assert.ok(holds(kind, value), `${note}: holds(${kind}, ${value})`);
    else for (const k of SHAPES.filter((x) => x !== "quoted" && x !== "exception")) assert.ok(!holds(k === "host" ? "host:exactonline" : k, value), `${note}: holds(${k}, ${value})`);
  }
});

test("shapes: another customer's value of the shape matches, another shape does not", async (t) => {
  const site = build();
  t.after(site.remove);
  const { search } = await engine(site.out);
  for (const [line, id, match] of [
    ["The remote name could not be resolved: 'start.exactonline.be'", "externe-naam-niet-omgezet", "exact"],
    ["De externe naam kan niet worden omgezet: 'oauth.exactonline.nl'.", "externe-naam-niet-omgezet", "exact"],
    ["12:00:01 ERROR The remote name could not be resolved: 'start.exactonline.co.uk' (retry 3)", "externe-naam-niet-omgezet", "exact"],
    // A name where the host stands is no host, nor is another
    // organisation's host Exact's: found, but not exactly.
    ["The remote name could not be resolved: 'Hoveniersbedrijf Groen'", "externe-naam-niet-omgezet", "partial"],
    ["The remote name could not be resolved: 'proxy.kantoor.local'", "externe-naam-niet-omgezet", "partial"],
    // One word in quotes is the software's name of a segment: another
    // segment is another error.
    ["Resource not found for the segment 'PurchaseEntries'.", "segment-salesentries-not-found", "partial"],
  ]) {
    const [top] = await search.query(line, 3);
    assert.equal(top?.id, id, line);
    assert.equal(top.match, match, line);
    if (match === "exact") assert.equal(typeof top.message, "string", `${line}: the message shown is the writer's`);
  }
});
