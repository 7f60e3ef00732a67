// windows-1252 decoding per the WHATWG Encoding Standard (index-windows-1252). Node's own
// TextDecoder decodes this charset as ISO-8859-1 since v20.18.3 and v22.13.0, turning 0x80 into
// U+0080 instead of the euro sign (https://github.com/nodejs/node/issues/60888).

/** Characters of bytes 0x80 to 0x9F; the other bytes equal their code points. */
const highControlRange = [
  '\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
  '\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
  '\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
  '\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178'
]

/** Decodes windows-1252 bytes. Every byte value maps to a character, so decoding cannot fail. */
export function decodeWindows1252 (bytes: Buffer): string {
  return bytes.toString('latin1').replace(/[\u0080-\u009F]/g,
    (character) => highControlRange[character.charCodeAt(0) - 0x80] ?? character)
}
