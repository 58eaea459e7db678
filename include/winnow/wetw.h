/* winnow/wetw.h -- WET records: extracted text as WARC/1.0 `conversion`
 * records, the way Common Crawl writes its .warc.wet.gz files.
 *
 * This module only formats records into a buffer; the caller writes them
 * (the sink through winnow/outfile.h, one gzip member per record). A WET
 * file is a `warcinfo` record, then one `conversion` record per page:
 *
 *     WARC/1.0
 *     WARC-Type: conversion
 *     WARC-Target-URI: https://example.test/a
 *     WARC-Date: 2025-06-05T04:00:00Z
 *     WARC-Record-ID: <urn:uuid:...>          derived from the page id
 *     WARC-Refers-To: <urn:uuid:...>          the response record's id
 *     WARC-Block-Digest: sha1:...
 *     WARC-Identified-Content-Language: eng
 *     Content-Type: text/plain
 *     Content-Length: 1234
 *     Winnow-Id: <the page's record id>
 *
 *     <text>
 *
 * and a page that has no text to give (an error, a page the language
 * filter skipped) as a `metadata` record holding its JSON record, so a
 * WET file still accounts for every page. docs/record.md, "WET".
 */
#ifndef WINNOW_WETW_H
#define WINNOW_WETW_H

#include <stddef.h>
#include <time.h>

#include "winnow/buf.h"
#include "winnow/status.h"

/* One page's conversion record. Borrowed pointers; NULL means absent. */
typedef struct wn_wet_page {
    const char *id;           /* required: the page's record id (Winnow-Id; WARC-Record-ID is derived from it) */
    const char *target_uri;   /* NULL: "urn:winnow:" + the id, percent-encoded */
    const char *date;         /* WARC-Date (ISO 8601 UTC); NULL or not a date: `now` */
    const char *refers_to;    /* WARC-Refers-To: the WARC-Record-ID of the record the text came from */
    const char *lang3;        /* WARC-Identified-Content-Language: ISO 639-3 codes, comma-separated */
    const char *content_type; /* NULL: "text/plain" */
    const char *text;         /* the block */
    size_t text_len;
} wn_wet_page_t;

/* Appends a `warcinfo` record naming `software` and `filename` (both may be
 * NULL) dated `now` to out. Returns WN_OK, WN_ETOOBIG or WN_ENOMEM (out's
 * cap), or WN_ENOMEM when SHA-1 is not available. */
WN_EXPORT WN_MUST_CHECK wn_status wn_wet_warcinfo(wn_buf_t *out, const char *software, const char *filename,
                                                  time_t now);

/* Appends the `conversion` record of page `p` to out. Header values are
 * made safe (control characters become spaces). Returns as wn_wet_warcinfo,
 * or WN_EINVAL without an id. */
WN_EXPORT WN_MUST_CHECK wn_status wn_wet_conversion(wn_buf_t *out, const wn_wet_page_t *p, time_t now);

/* Appends a `metadata` record for page `id` whose block is `json` (its
 * record: application/json), with WARC-Refers-To `refers_to` (may be NULL).
 * Returns as wn_wet_conversion. */
WN_EXPORT WN_MUST_CHECK wn_status wn_wet_metadata(wn_buf_t *out, const char *id, const char *target_uri,
                                                  const char *refers_to, const char *json, size_t json_len,
                                                  time_t now);

/* Length of the first complete WARC record in buf[0..n) -- header, block of
 * Content-Length bytes and the two CRLFs after it -- or 0 when buf does not
 * hold a complete one yet (a winnow/outfile.h splitter). A buffer that does
 * not start with "WARC/" counts as one record up to the next "\nWARC/" so a
 * damaged file never stalls recovery. */
WN_EXPORT size_t wn_wet_split(const char *buf, size_t n);

/* Writes the WARC-Record-ID derived from page id `id`
 * ("<urn:uuid:...>", a name-based UUID from SHA-1, RFC 4122 version 5) into
 * out. Returns WN_OK or WN_ENOMEM. */
WN_EXPORT WN_MUST_CHECK wn_status wn_wet_record_id(const char *id, char out[48]);

#endif
