/* winnow/record.h -- the one record a user gets for a page.
 *
 * `winnow extract --format json`, the sink's JSON Lines, the result header
 * on the wire and the Python module's dict are all this record: the same
 * keys, in the same order, built here. docs/record.md documents every key
 * (type, when it is null, an example); WN_RECORD_VERSION numbers the
 * schema and changes only when a key changes meaning or goes away (new keys
 * are appended before the pipeline-only ones and need no new version).
 *
 *     wn_record_t r;
 *     wn_record_init(&r);
 *     r.id = "blog-ghost-post";
 *     r.doc = doc;                    // from wn_extract
 *     char *json = wn_record_json(&r, NULL);
 *     puts(json);
 *     free(json);
 */
#ifndef WINNOW_RECORD_H
#define WINNOW_RECORD_H

#include <stddef.h>

#include "winnow/extract.h"
#include "winnow/status.h"

#define WN_RECORD_VERSION 1

/* Where a page came from. Every pointer is borrowed; NULL means unknown. */
typedef struct wn_provenance {
    const char *warc_file;      /* the WARC file the page was read from, as it was named to the source */
    long long warc_offset;      /* offset in warc_file of the record's gzip member (or of its "WARC/"
                                 * line in an uncompressed file); meaningful only with warc_file */
    const char *warc_record_id; /* WARC-Record-ID of the response or resource record, or of the
                                 * response record `winnow fetch --warc` wrote */
    const char *warc_date;      /* WARC-Date, or when a live fetch received the page (ISO 8601) */
    const char *target_uri;     /* WARC-Target-URI, or the URL a live fetch requested */
    int http_status;            /* HTTP status of the response; 0: unknown or not HTTP */
    const char *content_type;   /* HTTP Content-Type of the response (or the resource record's) */
} wn_provenance_t;

/* Everything one record says. Borrowed pointers; NULL means absent. */
typedef struct wn_record {
    const char *id;       /* the page's stable id (docs/record.md, "Ids") */
    const char *url;      /* the page URL; NULL: doc->url */
    wn_status status;     /* WN_OK, or why the page failed (an error record) */
    const char *error;    /* for an error record, the reason; NULL: doc->error, else wn_strerror(status) */
    const wn_doc_t *doc;  /* what wn_extract returned; may be NULL for an error record */
    wn_provenance_t prov;
    /* pipeline-only: null in `winnow extract`'s records */
    unsigned attempt;     /* the task's attempt (0: none) */
    const char *worker;   /* who produced the record: "host/pid" of a worker, "source" */
    double ms;            /* worker time on the page, decoding included (<= 0: none) */
} wn_record_t;

/* Fills `r` with "nothing known": all NULL/0, warc_offset -1, status WN_OK. */
WN_EXPORT void wn_record_init(wn_record_t *r);

/* Returns the record as one line of compact JSON (no newline), with every
 * key of wn_record_keys() in that order, as a malloc'd string the caller
 * frees (length in *len, which may be NULL); NULL on allocation failure.
 * Invalid UTF-8 in any string is replaced by U+FFFD. */
WN_EXPORT char *wn_record_json(const wn_record_t *r, size_t *len);

/* The record's keys in order, a static NULL-terminated array; *n (may be
 * NULL) gets their number. "text" is among them: a writer that streams the
 * text separately (the sink) puts it in that place. */
WN_EXPORT const char *const *wn_record_keys(size_t *n);

/* Nonzero if `key` is a pipeline-only key (attempt, worker, ms): null
 * outside the pipeline, and the only keys whose values differ between
 * `winnow extract` and the sink for the same page. */
WN_EXPORT int wn_record_pipeline_only(const char *key);

#endif
