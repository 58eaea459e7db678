/* winnow/lang.h -- the language a text is written in.
 *
 * Detection is CLD2's (Compact Language Detector 2, Debian libcld2; the
 * detector Common Crawl annotates its crawls with), run on the extracted
 * text, not on the page's markup or its declared language. docs/record.md
 * ("Language") gives its accuracy and cost on the development set.
 * Re-entrant: no state is kept between calls.
 */
#ifndef WINNOW_LANG_H
#define WINNOW_LANG_H

#include <stddef.h>

#include "winnow/status.h"

#define WN_LANG_CODE_MAX 16 /* longest code written, NUL included */

/* Detects the language of the UTF-8 text t[0..n) (invalid UTF-8 gives no
 * answer). On success writes its code -- ISO 639-1 ("en", "de"), or a BCP
 * 47 tag where CLD2 tells variants apart ("zh-Hant") -- into `code` and the
 * share of the text in that language (0..1) into *share, and returns 1.
 * Returns 0, code "" and share 0, when the text is too short or the
 * detector is not reliably sure. */
WN_EXPORT int wn_lang_detect(const char *t, size_t n, char code[WN_LANG_CODE_MAX], double *share);

/* The ISO 639-3 code of an ISO 639-1 code or of a tag that starts with one
 * ("en" -> "eng", "zh-Hant" -> "zho"), as Common Crawl writes in
 * WARC-Identified-Content-Language; NULL when unknown. Static string. */
WN_EXPORT const char *wn_lang_iso639_3(const char *code);

/* Nonzero if `code` (a detected language, may be NULL) is one of the
 * comma-separated ISO 639-1 codes of `list` ("en,fr"), compared by primary
 * subtag without case ("zh-Hant" matches "zh"). An empty or NULL list
 * matches everything; a NULL code matches nothing else. */
WN_EXPORT int wn_lang_in(const char *code, const char *list);

#endif
