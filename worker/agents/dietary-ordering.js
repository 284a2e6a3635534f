/**
 * @agent dietary-ordering
 * @description Orders from a menu within the budget under a declared dietary policy (diet and allergens), and reports the keccak256 of the policy it applied.
 *
 * Contract (Leasehold agent bundle): an ES module, no imports, exporting run(host).
 *   host.readContext()  JSON {"menu":[{"item","price","tags":[...]}],"budget":n,"preferences":{...}}
 *   host.input          {"policy":{"diet":"vegetarian","allergens":["peanut"]},"policyHash"?:"0x..."}
 *   host.writeOutput()  JSON {"order","total","budget","remaining","policy","policyHash","excluded"}
 *   host.declarePolicy() the keccak256 of the policy it applied, which the receipt then carries
 *
 * The policy is the intent the job pays for, so the agent never orders an item that could break
 * it: an item must carry a tag for the diet (vegan satisfies vegetarian, both satisfy
 * pescatarian), and an allergen that appears in any tag or in the item's name excludes it. An
 * untagged item is excluded under any diet but omnivore. It hashes the canonical policy
 * (keys sorted, allergens lower-cased, deduplicated, sorted) with keccak256 and refuses to run
 * if the job named a different hash.
 */

const DIETS = ["omnivore", "pescatarian", "vegetarian", "vegan"];
/** Tags that satisfy each diet. */
const SATISFIES = {
  omnivore: null,
  pescatarian: ["pescatarian", "vegetarian", "vegan"],
  vegetarian: ["vegetarian", "vegan"],
  vegan: ["vegan"],
};
const DEFAULT_MAX_ITEMS = 3;

export function run(host) {
  const policy = canonicalPolicy(host.input && host.input.policy);
  const policyJson = canonicalJson(policy);
  const policyHash = keccak256Hex(utf8(policyJson));
  if (host.input.policyHash !== undefined && String(host.input.policyHash).toLowerCase() !== policyHash) {
    throw new Error("the job's policy hash is not the hash of its policy");
  }

  const context = JSON.parse(host.readContext());
  const menu = Array.isArray(context.menu) ? context.menu : [];
  const budgetCents = toCents(context.budget);
  if (budgetCents === null) throw new Error("the context has no valid budget");
  const preferences = context.preferences || {};
  const likes = words(preferences.likes);
  const dislikes = words(preferences.dislikes);
  const maxItems =
    Number.isInteger(preferences.maxItems) && preferences.maxItems > 0 ? preferences.maxItems : DEFAULT_MAX_ITEMS;

  const excluded = [];
  const eligible = [];
  for (const entry of menu) {
    const name = typeof (entry && entry.item) === "string" ? entry.item : "";
    const cents = toCents(entry && entry.price);
    const tags = Array.isArray(entry && entry.tags)
      ? entry.tags.filter((t) => typeof t === "string").map((t) => t.toLowerCase())
      : [];
    const reason = !name
      ? "invalid-item"
      : cents === null
        ? "invalid-price"
        : violation(policy, name.toLowerCase(), tags);
    if (reason) {
      excluded.push({ item: name, reason });
      continue;
    }
    const text = [name.toLowerCase()].concat(tags);
    const score = count(likes, text) - 2 * count(dislikes, text);
    eligible.push({ name, cents, score });
  }

  eligible.sort((a, b) => b.score - a.score || a.cents - b.cents || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const order = [];
  let total = 0;
  for (const candidate of eligible) {
    if (order.length >= maxItems) break;
    if (total + candidate.cents > budgetCents) continue;
    order.push({ item: candidate.name, price: candidate.cents / 100 });
    total += candidate.cents;
  }

  host.log("ordered " + order.length + " of " + eligible.length + " eligible items");
  // The receipt attests the policy applied: if it is not the one the job paid for, the job is void.
  host.declarePolicy(policyHash);
  host.writeOutput(
    JSON.stringify({
      order,
      total: total / 100,
      budget: budgetCents / 100,
      remaining: (budgetCents - total) / 100,
      policy,
      policyHash,
      excluded,
    }),
  );
}

/** The policy in canonical form, or an error: an agent must not guess at a policy it cannot read. */
function canonicalPolicy(policy) {
  if (!policy || typeof policy !== "object" || Array.isArray(policy)) throw new Error("no dietary policy");
  for (const key of Object.keys(policy)) {
    if (key !== "diet" && key !== "allergens") throw new Error("unknown policy field " + key);
  }
  const diet = typeof policy.diet === "string" ? policy.diet.trim().toLowerCase() : "omnivore";
  if (DIETS.indexOf(diet) < 0) throw new Error("unknown diet " + diet);
  const allergens = policy.allergens === undefined ? [] : policy.allergens;
  if (!Array.isArray(allergens)) throw new Error("allergens must be a list");
  const clean = [];
  for (const allergen of allergens) {
    if (typeof allergen !== "string" || !/^[a-z][a-z -]*$/i.test(allergen.trim())) throw new Error("invalid allergen");
    const value = allergen.trim().toLowerCase();
    if (clean.indexOf(value) < 0) clean.push(value);
  }
  clean.sort();
  return { allergens: clean, diet };
}

/** Why an item breaks the policy, or null. */
function violation(policy, name, tags) {
  for (const allergen of policy.allergens) {
    if (name.indexOf(allergen) >= 0 || tags.some((tag) => tag.indexOf(allergen) >= 0)) return "allergen:" + allergen;
  }
  const accepted = SATISFIES[policy.diet];
  if (accepted && !tags.some((tag) => accepted.indexOf(tag) >= 0)) return "diet:" + policy.diet;
  return null;
}

function toCents(value) {
  return typeof value === "number" && isFinite(value) && value >= 0 ? Math.round(value * 100) : null;
}

function words(list) {
  return Array.isArray(list) ? list.filter((w) => typeof w === "string" && w).map((w) => w.toLowerCase()) : [];
}

function count(needles, haystack) {
  let found = 0;
  for (const needle of needles) if (haystack.some((text) => text.indexOf(needle) >= 0)) found += 1;
  return found;
}

/** JSON with sorted keys and no whitespace: the bytes the policy hash is taken over. */
function canonicalJson(value) {
  if (Array.isArray(value)) return "[" + value.map(canonicalJson).join(",") + "]";
  if (value !== null && typeof value === "object") {
    return (
      "{" +
      Object.keys(value)
        .sort()
        .map((key) => JSON.stringify(key) + ":" + canonicalJson(value[key]))
        .join(",") +
      "}"
    );
  }
  return JSON.stringify(value);
}

function utf8(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code >= 0xd800 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) out.push(code);
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 63));
    else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
    else out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 63), 0x80 | ((code >> 6) & 63), 0x80 | (code & 63));
  }
  return out;
}

// keccak256 (the original Keccak padding, as Ethereum uses), on 32-bit halves of each 64-bit lane.
const ROUND_CONSTANTS = [
  [0x00000000, 0x00000001],
  [0x00000000, 0x00008082],
  [0x80000000, 0x0000808a],
  [0x80000000, 0x80008000],
  [0x00000000, 0x0000808b],
  [0x00000000, 0x80000001],
  [0x80000000, 0x80008081],
  [0x80000000, 0x00008009],
  [0x00000000, 0x0000008a],
  [0x00000000, 0x00000088],
  [0x00000000, 0x80008009],
  [0x00000000, 0x8000000a],
  [0x00000000, 0x8000808b],
  [0x80000000, 0x0000008b],
  [0x80000000, 0x00008089],
  [0x80000000, 0x00008003],
  [0x80000000, 0x00008002],
  [0x80000000, 0x00000080],
  [0x00000000, 0x0000800a],
  [0x80000000, 0x8000000a],
  [0x80000000, 0x80008081],
  [0x80000000, 0x00008080],
  [0x00000000, 0x80000001],
  [0x80000000, 0x80008008],
];
// Rotation of lane x + 5y.
const ROTATIONS = [0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14];
const RATE_BYTES = 136;

function keccak256Hex(bytes) {
  const hi = new Uint32Array(25);
  const lo = new Uint32Array(25);
  const padded = bytes.slice();
  padded.push(0x01);
  while (padded.length % RATE_BYTES !== 0) padded.push(0);
  padded[padded.length - 1] |= 0x80;
  for (let block = 0; block < padded.length; block += RATE_BYTES) {
    for (let lane = 0; lane < RATE_BYTES / 8; lane++) {
      const at = block + lane * 8;
      lo[lane] ^= padded[at] | (padded[at + 1] << 8) | (padded[at + 2] << 16) | (padded[at + 3] << 24);
      hi[lane] ^= padded[at + 4] | (padded[at + 5] << 8) | (padded[at + 6] << 16) | (padded[at + 7] << 24);
    }
    permute(hi, lo);
  }
  let hex = "0x";
  for (let lane = 0; lane < 4; lane++) {
    for (const word of [lo[lane], hi[lane]]) {
      for (let shift = 0; shift < 32; shift += 8) hex += ((word >>> shift) & 255).toString(16).padStart(2, "0");
    }
  }
  return hex;
}

function permute(hi, lo) {
  const cHi = new Uint32Array(5);
  const cLo = new Uint32Array(5);
  const bHi = new Uint32Array(25);
  const bLo = new Uint32Array(25);
  for (let round = 0; round < 24; round++) {
    // theta
    for (let x = 0; x < 5; x++) {
      cHi[x] = hi[x] ^ hi[x + 5] ^ hi[x + 10] ^ hi[x + 15] ^ hi[x + 20];
      cLo[x] = lo[x] ^ lo[x + 5] ^ lo[x + 10] ^ lo[x + 15] ^ lo[x + 20];
    }
    for (let x = 0; x < 5; x++) {
      const next = (x + 1) % 5;
      const dHi = cHi[(x + 4) % 5] ^ ((cHi[next] << 1) | (cLo[next] >>> 31));
      const dLo = cLo[(x + 4) % 5] ^ ((cLo[next] << 1) | (cHi[next] >>> 31));
      for (let y = 0; y < 25; y += 5) {
        hi[x + y] ^= dHi;
        lo[x + y] ^= dLo;
      }
    }
    // rho and pi: lane (x, y) rotates into (y, 2x + 3y)
    for (let x = 0; x < 5; x++) {
      for (let y = 0; y < 5; y++) {
        const from = x + 5 * y;
        const to = y + 5 * ((2 * x + 3 * y) % 5);
        const r = ROTATIONS[from];
        const h = hi[from];
        const l = lo[from];
        if (r === 0) {
          bHi[to] = h;
          bLo[to] = l;
        } else if (r < 32) {
          bHi[to] = (h << r) | (l >>> (32 - r));
          bLo[to] = (l << r) | (h >>> (32 - r));
        } else if (r === 32) {
          bHi[to] = l;
          bLo[to] = h;
        } else {
          bHi[to] = (l << (r - 32)) | (h >>> (64 - r));
          bLo[to] = (h << (r - 32)) | (l >>> (64 - r));
        }
      }
    }
    // chi
    for (let y = 0; y < 25; y += 5) {
      for (let x = 0; x < 5; x++) {
        hi[x + y] = bHi[x + y] ^ (~bHi[((x + 1) % 5) + y] & bHi[((x + 2) % 5) + y]);
        lo[x + y] = bLo[x + y] ^ (~bLo[((x + 1) % 5) + y] & bLo[((x + 2) % 5) + y]);
      }
    }
    // iota
    hi[0] ^= ROUND_CONSTANTS[round][0];
    lo[0] ^= ROUND_CONSTANTS[round][1];
  }
}
