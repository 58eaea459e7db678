/* winnow/charset.h -- decode a page's bytes to UTF-8.
 *
 * Gumbo only takes UTF-8. The charset is decided in the order browsers use:
 *
 *   1. a byte-order mark (UTF-8, UTF-16LE, UTF-16BE) -- always wins;
 *   2. the charset parameter of the HTTP Content-Type;
 *   3. <meta charset=...> or <meta http-equiv="Content-Type"
 *      content="...charset=..."> in the first 8 KiB (a byte scan,
 *      case-insensitive, tolerant of quotes and spaces, skipping comments);
 *   4. detection: pure ASCII is UTF-8; NULs in every other byte are UTF-16;
 *      valid UTF-8 (at most one bad sequence per 8 valid multi-byte ones)
 *      is UTF-8; anything else goes to uchardet (first 64 KiB);
 *   5. windows-1252, which decodes every byte.
 *
 * Labels are mapped with wn_charset_canonical (WHATWG names: latin1 and
 * ascii mean windows-1252, gb2312 means gbk). A label falls through to the
 * next source when iconv does not know it, when it says utf-8 but the bytes
 * have more bad sequences than valid multi-byte ones (a windows-1251 page
 * served as utf-8), or when it says utf-16 but the bytes hold no NUL (an
 * ASCII-compatible page). A single-byte label on bytes that are valid UTF-8
 * is honoured, as browsers do.
 *
 * Valid UTF-8 is returned in place (zero copy, after a BOM). Anything else
 * is converted with iconv into the arena; invalid sequences become U+FFFD
 * (one per byte, per code unit in UTF-16), and so do NUL bytes, which Gumbo
 * treats inconsistently. UTF-8 with a few bad bytes is copied with them
 * replaced. Decoding never fails on content, only on memory.
 */
#ifndef WINNOW_CHARSET_H
#define WINNOW_CHARSET_H

#include <stddef.h>

#include "winnow/arena.h"
#include "winnow/status.h"

typedef enum wn_charset_source {
    WN_CS_BOM = 0,
    WN_CS_HTTP = 1,
    WN_CS_META = 2,
    WN_CS_DETECTED = 3,
    WN_CS_DEFAULT = 4
} wn_charset_source;

typedef struct wn_charset_info {
    char name[40];            /* canonical lower-case name, e.g. "utf-8", "windows-1251" */
    wn_charset_source source; /* where the decision came from */
    size_t replaced;          /* invalid sequences replaced with U+FFFD */
} wn_charset_info_t;

typedef struct wn_charset wn_charset_t;

/* Creates a decoder (holds the detector and cached iconv handles). Returns
 * NULL on allocation failure; the caller owns it. One per thread. */
WN_EXPORT wn_charset_t *wn_charset_new(void);

/* Frees the decoder and sets *self to NULL. Accepts NULL. */
WN_EXPORT void wn_charset_destroy(wn_charset_t **self);

/* Decodes in[0..n) to UTF-8. `content_type` (HTTP header value) may be NULL.
 * On WN_OK, *out and *out_len are the UTF-8 text, NUL-terminated: it points into
 * `in` itself when the input already is valid UTF-8 (after skipping a BOM),
 * else into memory from arena `a` (valid until the arena is reset). `info`
 * may be NULL. Returns WN_OK, or WN_ENOMEM when the arena is exhausted. */
WN_EXPORT WN_MUST_CHECK wn_status wn_charset_decode(wn_charset_t *cs, wn_arena_t *a, const char *in, size_t n,
                                                    const char *content_type, const char **out,
                                                    size_t *out_len, wn_charset_info_t *info);

/* Maps a charset label as found in the wild ("latin1", "x-sjis", "gb2312",
 * "UTF8") to the WHATWG canonical name used with iconv ("windows-1252",
 * "shift_jis", "gbk", "utf-8"). Returns NULL for labels it does not know.
 * The result is a static string. */
WN_EXPORT const char *wn_charset_canonical(const char *label, size_t len);

#endif
