/* winnow/charset.h -- decode a page's bytes to UTF-8.
 *
 * Gumbo only takes UTF-8. The charset is decided in the order browsers use:
 * a byte-order mark; then the charset parameter of the HTTP Content-Type;
 * then <meta charset> or <meta http-equiv="Content-Type"> in the first
 * 8 KiB; then detection (uchardet); then windows-1252. A label that iconv
 * does not know, or that plainly lies (a "utf-8" page that is not valid
 * UTF-8), falls through to the next source. Invalid byte sequences become
 * U+FFFD; decoding never fails on content, only on memory.
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
wn_charset_t *wn_charset_new(void);

/* Frees the decoder and sets *self to NULL. Accepts NULL. */
void wn_charset_destroy(wn_charset_t **self);

/* Decodes in[0..n) to UTF-8. `content_type` (HTTP header value) may be NULL.
 * On WN_OK, *out and *out_len are the UTF-8 text, NUL-terminated: it points into
 * `in` itself when the input already is valid UTF-8 (after skipping a BOM),
 * else into memory from arena `a` (valid until the arena is reset). `info`
 * may be NULL. Returns WN_OK, or WN_ENOMEM when the arena is exhausted. */
WN_MUST_CHECK wn_status wn_charset_decode(wn_charset_t *cs, wn_arena_t *a, const char *in, size_t n,
                                          const char *content_type, const char **out, size_t *out_len,
                                          wn_charset_info_t *info);

/* Maps a charset label as found in the wild ("latin1", "x-sjis", "gb2312",
 * "UTF8") to the WHATWG canonical name used with iconv ("windows-1252",
 * "shift_jis", "gbk", "utf-8"). Returns NULL for labels it does not know.
 * The result is a static string. */
const char *wn_charset_canonical(const char *label, size_t len);

#endif
