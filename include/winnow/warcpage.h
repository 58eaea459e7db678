/* winnow/warcpage.h -- the page inside a WARC record, ready for wn_extract,
 * or the reason there is none.
 *
 * The steps `winnow replay` and `winnow worker` take between a WARC record
 * and wn_extract(), in one call, for programs that read WARC files and
 * extract in one process (the Python module's extract_warc): a damaged
 * record, a request/warcinfo/metadata/revisit record, a response whose
 * HTTP message does not parse, a payload that is not HTML, one over the
 * page size cap, an HTTP status other than 2xx, a body whose transfer or
 * content coding cannot be undone -- each is told apart, with the reason
 * the pipeline gives for it.
 *
 *     wn_warc_pager_t *pg = wn_warc_pager_new(NULL);
 *     while (wn_warc_next(w, &rec)) {
 *         wn_warc_page_t page;
 *         char why[600];
 *         int k = wn_warc_pager_page(pg, &rec, &page, &st, why, sizeof why);
 *         if (k == 0) continue;                 // not a page record: skipped
 *         if (k < 0) { report(rec.record_id, why); continue; }
 *         st = wn_extract(x, page.body, page.body_len, page.url, page.content_type, &doc);
 *     }
 */
#ifndef WINNOW_WARCPAGE_H
#define WINNOW_WARCPAGE_H

#include <stddef.h>

#include "winnow/http.h"
#include "winnow/status.h"
#include "winnow/warc.h"

typedef struct wn_warc_page {
    const char *url;          /* WARC-Target-URI, or NULL */
    const char *date;         /* WARC-Date, or NULL */
    const char *content_type; /* HTTP Content-Type of a response, the block's of a resource; or NULL */
    int http_status;          /* of a response record; 0 for a resource record */
    const char *body;         /* the payload with its transfer and content codings undone */
    size_t body_len;
} wn_warc_page_t;

typedef struct wn_warc_pager_limits {
    size_t max_page_bytes;     /* payload as archived, default 16 MiB (pipeline.conf max_page_bytes) */
    size_t max_inflated_bytes; /* payload decoded, default 64 MiB */
    size_t max_headers;        /* HTTP header fields, default 256 */
    size_t max_header_line;    /* one HTTP header line, default 64 KiB */
} wn_warc_pager_limits_t;

typedef struct wn_warc_pager wn_warc_pager_t;

/* Fills `lim` with the defaults above. */
WN_EXPORT void wn_warc_pager_limits_init(wn_warc_pager_limits_t *lim);

/* Creates a pager (it holds the parsed HTTP response and the decoding
 * buffer, reused from record to record). `lim` NULL or a zero field means
 * the default. Returns NULL on allocation failure; the caller frees it with
 * wn_warc_pager_destroy. */
WN_EXPORT wn_warc_pager_t *wn_warc_pager_new(const wn_warc_pager_limits_t *lim);

/* Frees the pager and sets *self to NULL. Accepts NULL. */
WN_EXPORT void wn_warc_pager_destroy(wn_warc_pager_t **self);

/* The checks on a page, in the pipeline's order and with its reasons:
 * wn_warc_page_not_html is the first, made by `winnow replay` before it
 * sends a task; wn_warc_page_check makes it and the two a worker makes on
 * a task, which wn_warc_pager_page makes too.
 *
 * wn_warc_page_not_html: nonzero when `content_type` (may be NULL: HTML
 * assumed) names a type that is not HTML, with the reason "not HTML:
 * image/png" (the type without its parameters) in why[0..whylen). */
WN_EXPORT int wn_warc_page_not_html(const char *content_type, char *why, size_t whylen);

/* Returns 0 for a page that may be extracted, else -1 with *st and a
 * NUL-terminated reason in why[0..whylen): not HTML (WN_ENOTHTML, as
 * above); a payload of body_len bytes over max_page_bytes (WN_ETOOBIG,
 * "page of N bytes exceeds max_page_bytes M"); an HTTP status other than
 * 2xx (WN_EUNSUPPORTED, "HTTP status 404"; 0: no status, as for a resource
 * record or an HTML file). */
WN_EXPORT int wn_warc_page_check(const char *content_type, int http_status, size_t body_len, size_t max_page_bytes,
                                 wn_status *st, char *why, size_t whylen);

/* Finds the page in `rec`, the record last returned by wn_warc_next().
 * Returns 1 with *page filled; 0 for a record that holds no page (request,
 * warcinfo, metadata, revisit, conversion, continuation: the pipeline skips
 * and counts them); -1 when the record cannot give a page, with *st and a
 * NUL-terminated reason in why[0..whylen): for a damaged record "record N:
 * <the reader's reason>" and "record N: bad HTTP response: ..." (the caller
 * puts the source's name in front, as replay does: "crawl.warc.gz: record
 * 108: corrupt gzip member at offset 227246"); "not HTML: image/png"; "page
 * of N bytes exceeds max_page_bytes M"; "HTTP status 404"; a decoding
 * failure's reason. Strings in *page are borrowed from `rec` and the pager:
 * valid until the next call or wn_warc_next(). */
WN_EXPORT int wn_warc_pager_page(wn_warc_pager_t *pg, const wn_warc_record_t *rec, wn_warc_page_t *page,
                                 wn_status *st, char *why, size_t whylen);

#endif
