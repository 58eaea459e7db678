// read_wet.mjs FILE -- prints every record of a WARC/WET file (plain or
// gzip) as one JSON line {type, headers, text}, read with webrecorder's
// warcio.js: a WARC reader winnow's authors did not write, for
// tests/e2e/wet_reader.py. Exits 1 if the file cannot be read.
import fs from "fs";
import { WARCParser } from "warcio";

const parser = new WARCParser(fs.createReadStream(process.argv[2]));
let n = 0;
try {
  for await (const record of parser) {
    const headers = {};
    for (const [k, v] of record.warcHeaders.headers) headers[k] = v;
    const text = await record.contentText();
    process.stdout.write(JSON.stringify({ type: record.warcType, headers, text }) + "\n");
    n++;
  }
} catch (e) {
  process.stderr.write("read_wet: " + e + "\n");
  process.exit(1);
}
process.stderr.write("read_wet: " + n + " records\n");
