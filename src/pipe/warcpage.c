/* warcpage.c -- the page inside a WARC record (see winnow/warcpage.h): the
 * checks `winnow replay` makes on a record and `winnow worker` on a task
 * (the same functions: wn_warc_page_not_html, wn_warc_page_check), for
 * one-process readers. */
#include "winnow/warcpage.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "winnow/proto.h"

#define CT_MAX 1024 /* Content-Type kept, as a task header holds it */

struct wn_warc_pager {
    wn_warc_pager_limits_t lim;
    wn_http_limits_t hlim;
    wn_http_response_t *http; /* large: allocated once */
    wn_buf_t decoded;
    char ct[CT_MAX];
};

void wn_warc_pager_limits_init(wn_warc_pager_limits_t *lim) {
    lim->max_page_bytes = 16u << 20;
    lim->max_inflated_bytes = 64u << 20;
    lim->max_headers = 256;
    lim->max_header_line = 64u << 10;
}

wn_warc_pager_t *wn_warc_pager_new(const wn_warc_pager_limits_t *lim) {
    wn_warc_pager_t *pg = calloc(1, sizeof *pg);
    if (!pg) return NULL;
    wn_warc_pager_limits_init(&pg->lim);
    if (lim) {
        if (lim->max_page_bytes) pg->lim.max_page_bytes = lim->max_page_bytes;
        if (lim->max_inflated_bytes) pg->lim.max_inflated_bytes = lim->max_inflated_bytes;
        if (lim->max_headers) pg->lim.max_headers = lim->max_headers;
        if (lim->max_header_line) pg->lim.max_header_line = lim->max_header_line;
    }
    wn_http_limits_init(&pg->hlim);
    pg->hlim.max_headers = pg->lim.max_headers;
    pg->hlim.max_header_line = pg->lim.max_header_line;
    pg->http = malloc(sizeof *pg->http);
    if (!pg->http) {
        free(pg);
        return NULL;
    }
    wn_buf_init(&pg->decoded, pg->lim.max_inflated_bytes);
    return pg;
}

void wn_warc_pager_destroy(wn_warc_pager_t **self) {
    if (!self || !*self) return;
    wn_buf_free(&(*self)->decoded);
    free((*self)->http);
    free(*self);
    *self = NULL;
}

int wn_warc_page_not_html(const char *content_type, char *why, size_t whylen) {
    if (!wn_proto_not_html(content_type)) return 0;
    if (why && whylen) snprintf(why, whylen, "not HTML: %.*s", (int)strcspn(content_type, ";"), content_type);
    return 1;
}

int wn_warc_page_check(const char *content_type, int http_status, size_t body_len, size_t max_page_bytes,
                       wn_status *st, char *why, size_t whylen) {
    if (wn_warc_page_not_html(content_type, why, whylen)) {
        *st = WN_ENOTHTML;
        return -1;
    }
    if (body_len > max_page_bytes) {
        *st = WN_ETOOBIG;
        if (why && whylen)
            snprintf(why, whylen, "page of %zu bytes exceeds max_page_bytes %zu", body_len, max_page_bytes);
        return -1;
    }
    if (http_status && (http_status < 200 || http_status > 299)) {
        *st = WN_EUNSUPPORTED;
        if (why && whylen) snprintf(why, whylen, "HTTP status %d", http_status);
        return -1;
    }
    *st = WN_OK;
    return 0;
}

int wn_warc_pager_page(wn_warc_pager_t *pg, const wn_warc_record_t *rec, wn_warc_page_t *page, wn_status *st,
                       char *why, size_t whylen) {
    memset(page, 0, sizeof *page);
    *st = WN_OK;
    /* keep the decoding buffer from record to record, but not after a huge page */
    if (pg->decoded.cap > (8u << 20)) wn_buf_free(&pg->decoded);
    if (why && whylen) why[0] = '\0';
    if (rec->status != WN_OK) {
        *st = rec->status;
        snprintf(why, whylen, "record %zu: %s", rec->index, rec->reason ? rec->reason : wn_strerror(rec->status));
        return -1;
    }
    if (rec->type != WN_WARC_RESPONSE && rec->type != WN_WARC_RESOURCE) return 0;
    page->url = rec->target_uri;
    page->date = rec->date;
    const char *raw = rec->block ? rec->block : "";
    size_t raw_len = rec->block ? rec->block_len : 0;
    if (rec->type == WN_WARC_RESPONSE) {
        *st = wn_http_parse_response(raw, raw_len, &pg->hlim, pg->http);
        if (*st != WN_OK) {
            snprintf(why, whylen, "record %zu: bad HTTP response: %s", rec->index, wn_strerror(*st));
            return -1;
        }
        page->http_status = pg->http->status;
        page->content_type = wn_http_header_copy(pg->http, "Content-Type", pg->ct, sizeof pg->ct);
        raw = pg->http->body ? pg->http->body : "";
        raw_len = pg->http->body ? pg->http->body_len : 0;
    } else {
        page->content_type = rec->content_type;
    }
    if (wn_warc_page_check(page->content_type, page->http_status, raw_len, pg->lim.max_page_bytes, st, why, whylen))
        return -1;
    page->body = raw;
    page->body_len = raw_len;
    if (rec->type != WN_WARC_RESPONSE) return 1;
    size_t len = 0;
    if (!wn_http_header(pg->http, "Content-Encoding", &len) && !wn_http_header(pg->http, "Transfer-Encoding", &len))
        return 1;
    wn_buf_reset(&pg->decoded);
    char reason[160];
    *st = wn_http_decode_body_ex(pg->http, &pg->decoded, reason, sizeof reason);
    if (*st != WN_OK) {
        snprintf(why, whylen, "%s", reason[0] ? reason : wn_strerror(*st));
        return -1;
    }
    page->body = pg->decoded.data ? pg->decoded.data : "";
    page->body_len = pg->decoded.len;
    return 1;
}
