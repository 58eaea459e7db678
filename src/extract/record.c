/* record.c -- the one record of a page (winnow/record.h, docs/record.md).
 *
 * The key table below is the schema: wn_record_object() fills every key in
 * this order (null when unknown), and the sink, which receives the text
 * apart, writes the keys of a result header in the same order with the
 * text in its place (proto.c). One table, so the outputs cannot drift.
 */
#include "winnow/record.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "extract/record_json.h"

static const char *const keys[] = {
    "id", "url", "status", "error", "error_code",
    "title", "author", "date", "site_name", "description", "canonical_url",
    "lang", "lang_declared", "lang_confidence", "page_type",
    "charset", "content_type", "http_status",
    "warc_file", "warc_offset", "warc_record_id", "warc_date", "target_uri",
    "text_source", "truncated", "in_bytes", "html_bytes", "text_bytes",
    "text", "posts", "comments",
    "record_version",
    "attempt", "worker", "ms", /* pipeline-only: keep them last */
    NULL};
#define N_KEYS (sizeof keys / sizeof keys[0] - 1)
#define FIRST_PIPELINE_KEY (N_KEYS - 3)

const char *const *wn_record_keys(size_t *n) {
    if (n) *n = N_KEYS;
    return keys;
}

int wn_record_pipeline_only(const char *key) {
    for (size_t i = FIRST_PIPELINE_KEY; key && i < N_KEYS; i++)
        if (!strcmp(key, keys[i])) return 1;
    return 0;
}

void wn_record_init(wn_record_t *r) {
    memset(r, 0, sizeof *r);
    r->prov.warc_offset = -1;
}

/* A JSON string of v (NULL: null) with invalid UTF-8 replaced by U+FFFD
 * (text decoded by the charset module is valid already; this is a safety
 * net for ids and URLs from archives). */
json_t *wn_record_str(const char *v) {
    if (!v) return json_null();
    json_t *j = json_string(v);
    if (j) return j;
    size_t n = strlen(v);
    if (n > ((size_t)-1) / 3 - 1) return NULL;
    char *c = malloc(n * 3 + 1);
    if (!c) return NULL;
    size_t k = 0, i = 0;
    const unsigned char *s = (const unsigned char *)v;
    while (i < n) {
        unsigned char b = s[i];
        size_t l = b < 0x80 ? 1 : b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 ? 2 : 0;
        int ok = l > 0 && i + l <= n;
        for (size_t q = 1; ok && q < l; q++)
            if ((s[i + q] & 0xC0) != 0x80) ok = 0;
        if (ok) {
            memcpy(c + k, s + i, l);
            k += l;
            i += l;
        } else {
            memcpy(c + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i++;
        }
    }
    j = json_stringn(c, k);
    free(c);
    return j;
}

static int set(json_t *o, const char *k, json_t *v) { return !v || json_object_set_new(o, k, v) != 0; }

static json_t *int_or_null(long long v, int known) { return known ? json_integer((json_int_t)v) : json_null(); }

json_t *wn_record_object(const wn_record_t *r, int with_text) {
    json_t *o = json_object();
    if (!o) return NULL;
    const wn_doc_t *d = r->doc;
    const wn_provenance_t *p = &r->prov;
    int failed = r->status != WN_OK || (d && d->error);
    int skipped = !failed && d && d->skipped;
    const char *error = !failed ? (skipped ? d->skipped : NULL)
                                : r->error ? r->error : d && d->error ? d->error : wn_strerror(r->status);
    wn_status code = r->status != WN_OK ? r->status : WN_ECORRUPT;
    const char *text = d && d->text && !failed ? d->text : "";
    const char *ts = failed ? NULL : d && d->text_from_description ? "description" : *text ? "content" : "none";
    int bad = 0;
    bad |= set(o, "id", wn_record_str(r->id));
    bad |= set(o, "url", wn_record_str(r->url ? r->url : d ? d->url : NULL));
    bad |= set(o, "status", json_string(failed ? "error" : skipped ? "skipped" : "ok"));
    bad |= set(o, "error", wn_record_str(error));
    bad |= set(o, "error_code", failed ? json_string(wn_status_name(code)) : json_null());
    bad |= set(o, "title", wn_record_str(d ? d->title : NULL));
    bad |= set(o, "author", wn_record_str(d ? d->author : NULL));
    bad |= set(o, "date", wn_record_str(d ? d->date : NULL));
    bad |= set(o, "site_name", wn_record_str(d ? d->site_name : NULL));
    bad |= set(o, "description", wn_record_str(d ? d->description : NULL));
    bad |= set(o, "canonical_url", wn_record_str(d ? d->canonical_url : NULL));
    bad |= set(o, "lang", wn_record_str(d ? d->lang_detected : NULL));
    bad |= set(o, "lang_declared", wn_record_str(d ? d->lang : NULL));
    bad |= set(o, "lang_confidence",
               d && d->lang_detected ? json_real((double)(long long)(d->lang_confidence * 100.0 + 0.5) / 100.0)
                                     : json_null());
    bad |= set(o, "page_type",
               wn_record_str(d && d->page_type != WN_PAGE_AUTO ? wn_page_type_name(d->page_type) : NULL));
    bad |= set(o, "charset", wn_record_str(d ? d->charset : NULL));
    bad |= set(o, "content_type", wn_record_str(p->content_type));
    bad |= set(o, "http_status", int_or_null(p->http_status, p->http_status > 0));
    bad |= set(o, "warc_file", wn_record_str(p->warc_file));
    bad |= set(o, "warc_offset", int_or_null(p->warc_offset, p->warc_file && p->warc_offset >= 0));
    bad |= set(o, "warc_record_id", wn_record_str(p->warc_record_id));
    bad |= set(o, "warc_date", wn_record_str(p->warc_date));
    bad |= set(o, "target_uri", wn_record_str(p->target_uri));
    bad |= set(o, "text_source", ts ? json_string(ts) : json_null());
    json_t *tr = json_array();
    for (unsigned b = 0; tr && d && wn_trunc_name(1u << b); b++)
        if (d->truncated & (1u << b)) bad |= json_array_append_new(tr, json_string(wn_trunc_name(1u << b))) != 0;
    bad |= set(o, "truncated", tr);
    bad |= set(o, "in_bytes", int_or_null(d ? (long long)d->in_bytes : 0, d && !failed));
    bad |= set(o, "html_bytes", int_or_null(d ? (long long)d->html_bytes : 0, d && !failed));
    bad |= set(o, "text_bytes", int_or_null((long long)strlen(text), !failed));
    if (with_text) bad |= set(o, "text", wn_record_str(text));
    json_t *pa = d && d->posts && !failed && !skipped ? json_array() : json_null();
    for (size_t k = 0; pa && json_is_array(pa) && k < d->n_posts; k++) {
        /* a thread's posts: [{author, date, text}], in page order */
        json_t *po = json_object();
        bad |= !po || json_array_append_new(pa, po) != 0;
        if (!po) break;
        bad |= set(po, "author", wn_record_str(d->posts[k].author));
        bad |= set(po, "date", wn_record_str(d->posts[k].date));
        bad |= set(po, "text", wn_record_str(d->posts[k].text ? d->posts[k].text : ""));
    }
    bad |= set(o, "posts", pa);
    bad |= set(o, "comments", wn_record_str(d && !failed ? d->comments : NULL));
    bad |= set(o, "record_version", json_integer(WN_RECORD_VERSION));
    bad |= set(o, "attempt", int_or_null(r->attempt, r->attempt > 0));
    bad |= set(o, "worker", wn_record_str(r->worker));
    bad |= set(o, "ms", r->ms > 0 ? json_real((double)(long long)(r->ms * 1000.0) / 1000.0) : json_null());
    if (bad) {
        json_decref(o);
        return NULL;
    }
    return o;
}

char *wn_record_json(const wn_record_t *r, size_t *len) {
    json_t *o = r ? wn_record_object(r, 1) : NULL;
    if (!o) return NULL;
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    json_decref(o);
    if (s && len) *len = strlen(s);
    return s;
}
