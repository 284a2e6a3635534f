/**
 * @agent redaction
 * @description Returns a data set (JSON array of records, or CSV with a header row) with e-mail addresses, phone numbers, national id numbers and names in configured fields masked, and configured fields removed, with counts.
 *
 * Contract (Leasehold agent bundle): an ES module, no imports, exporting run(host).
 *   host.readContext()  the data set: text starting with "[" is JSON, anything else is CSV
 *   host.input          {"nameFields"?: [...], "removeFields"?: [...]} (field names, case-insensitive)
 *   host.writeOutput()  JSON {"format","data","redactions","byKind"}; data is the records (JSON)
 *                       or the CSV text, in the input's shape
 *
 * Every string value is scanned, at any depth: national ids first (US SSN 123-45-6789, UK
 * National Insurance AB 12 34 56 C), then e-mail addresses, then phone numbers (9 to 15 digits
 * with the usual separators, so dates and prices stay). A name field's whole value becomes
 * "[name]". Masks say what was there, never any of it.
 */

const DEFAULT_NAME_FIELDS = [
  "name",
  "first_name",
  "last_name",
  "full_name",
  "firstname",
  "lastname",
  "fullname",
  "customer",
  "contact",
];

const NATIONAL_IDS = [/\b\d{3}-\d{2}-\d{4}\b/g, /\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b/g];
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const PHONE = /(?:\+\d{1,3}[\s.-]?)?(?:\(\d{1,4}\)[\s.-]?)?\d{2,5}(?:[\s.-]\d{2,5}){0,4}/g;

export function run(host) {
  const options = host.input || {};
  const nameFields = lowerList(options.nameFields, DEFAULT_NAME_FIELDS);
  const removeFields = lowerList(options.removeFields, []);
  const counts = { email: 0, phone: 0, nationalId: 0, name: 0, field: 0 };

  const text = host.readContext();
  let format;
  let data;
  if (text.trimStart().startsWith("[")) {
    format = "json";
    const records = JSON.parse(text);
    if (!Array.isArray(records)) throw new Error("a JSON data set is an array of records");
    data = records.map((record) => redactValue(record, null, nameFields, removeFields, counts));
  } else {
    format = "csv";
    data = redactCsv(text, nameFields, removeFields, counts);
  }

  const redactions = counts.email + counts.phone + counts.nationalId + counts.name + counts.field;
  host.log("redacted " + redactions + " values in a " + format + " data set");
  host.writeOutput(JSON.stringify({ format, data, redactions, byKind: counts }));
}

function lowerList(list, fallback) {
  return Array.isArray(list) ? list.filter((f) => typeof f === "string").map((f) => f.toLowerCase()) : fallback;
}

function redactValue(value, key, nameFields, removeFields, counts) {
  if (typeof value === "string") {
    if (key !== null && nameFields.indexOf(key.toLowerCase()) >= 0 && value.trim() !== "") {
      counts.name += 1;
      return "[name]";
    }
    return redactText(value, counts);
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, null, nameFields, removeFields, counts));
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const field of Object.keys(value)) {
      if (removeFields.indexOf(field.toLowerCase()) >= 0) {
        counts.field += 1;
        continue;
      }
      out[field] = redactValue(value[field], field, nameFields, removeFields, counts);
    }
    return out;
  }
  return value;
}

function redactText(text, counts) {
  let out = text;
  for (const pattern of NATIONAL_IDS) {
    out = out.replace(pattern, () => {
      counts.nationalId += 1;
      return "[national-id]";
    });
  }
  out = out.replace(EMAIL, () => {
    counts.email += 1;
    return "[email]";
  });
  out = out.replace(PHONE, (match) => {
    const digits = match.replace(/\D/g, "").length;
    if (digits < 9 || digits > 15) return match;
    counts.phone += 1;
    return "[phone]";
  });
  return out;
}

function redactCsv(text, nameFields, removeFields, counts) {
  const rows = parseCsv(text);
  if (rows.length === 0) return "";
  const header = rows[0];
  const keep = [];
  header.forEach((field, index) => {
    if (removeFields.indexOf(field.trim().toLowerCase()) < 0) keep.push(index);
  });
  const removedPerRow = header.length - keep.length;
  const out = [keep.map((index) => header[index])];
  for (let r = 1; r < rows.length; r++) {
    counts.field += removedPerRow;
    out.push(
      keep.map((index) =>
        redactValue(
          rows[r][index] === undefined ? "" : rows[r][index],
          header[index].trim(),
          nameFields,
          removeFields,
          counts,
        ),
      ),
    );
  }
  return out.map((row) => row.map(csvField).join(",")).join("\n") + "\n";
}

/** RFC 4180: comma-separated, double-quoted fields may hold commas, quotes ("") and line breaks. */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else field += c;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ""));
}

function csvField(value) {
  return /[",\r\n]/.test(value) || value !== value.trim() ? '"' + value.replace(/"/g, '""') + '"' : value;
}
