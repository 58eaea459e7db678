/* winnow/warcw.h -- write WARC/1.1 files (ISO 28500:2017), plain or gzip
 * with one gzip member per record (so readers can seek record by record).
 *
 * A writer starts the file with a `warcinfo` record, then appends records
 * as they come. wn_warcw_exchange() writes one HTTP exchange as a `request`
 * record and a `response` record that point at each other through
 * WARC-Concurrent-To. Every record carries a fresh WARC-Record-ID (a UUID v4
 * from getrandom), WARC-Date, Content-Length and a WARC-Block-Digest;
 * responses also carry WARC-Payload-Digest (SHA-1 of the HTTP entity body,
 * base32 as in "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ").
 *
 * Not thread-safe: one writer per thread.
 */
#ifndef WINNOW_WARCW_H
#define WINNOW_WARCW_H

#include <stddef.h>
#include <time.h>

#include "winnow/status.h"

/* "<urn:uuid:xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx>" plus NUL. */
#define WN_WARC_ID_SIZE 48

typedef struct wn_warcw wn_warcw_t;

/* One piece of a record block; a block is written from several pieces so
 * callers need not concatenate headers and body. Pointers are borrowed for
 * the duration of the call. */
typedef struct wn_warcw_part {
    const void *data;
    size_t len;
} wn_warcw_part_t;

/* One HTTP exchange to archive. All pointers are borrowed for the call. */
typedef struct wn_warcw_exchange {
    const char *target_uri;  /* the URL requested (NUL-terminated) */
    const char *ip;          /* server address or NULL */
    time_t date;             /* when the exchange began */
    const char *request;     /* request line + headers + CRLF CRLF, as sent */
    size_t request_len;
    const char *resp_head;   /* status line + headers + CRLF CRLF, as received */
    size_t resp_head_len;
    const char *body;        /* body bytes as received (maybe chunked, compressed) */
    size_t body_len;
    const char *payload;     /* entity body for the payload digest (body with any
                                chunked transfer-coding removed); NULL = body */
    size_t payload_len;
} wn_warcw_exchange_t;

/* Creates `path` (truncating it) and writes the warcinfo record naming
 * `software` (borrowed; e.g. "winnow/0.1.0") and `extra` (borrowed, may be
 * NULL: further "key: value\r\n" lines for the warcinfo block). The file is
 * gzip-compressed, one member per record, when `path` ends in ".gz".
 * Returns a writer the caller owns (close with wn_warcw_close), or NULL
 * with *st = WN_EIO (errno set), WN_ENOMEM, WN_EINVAL. */
WN_EXPORT wn_warcw_t *wn_warcw_open(const char *path, const char *software, const char *extra, wn_status *st);

/* Appends a `request` and a `response` record for `ex`. On success copies
 * the response record's WARC-Record-ID into resp_id (WN_WARC_ID_SIZE bytes,
 * caller's storage; may be NULL). Returns WN_OK, WN_EIO, WN_ENOMEM or
 * WN_EINVAL. After an I/O error the file may end in a partial record. */
WN_EXPORT WN_MUST_CHECK wn_status wn_warcw_exchange(wn_warcw_t *w, const wn_warcw_exchange_t *ex,
                                                    char resp_id[WN_WARC_ID_SIZE]);

/* Appends one record of type `type` ("resource", "metadata", ...) whose
 * block is the concatenation of parts[0..nparts). `content_type` and
 * `target_uri` may be NULL; `extra_headers` (may be NULL) holds further
 * "Name: value\r\n" lines. Writes the new record's id to id (may be NULL).
 * Same returns as wn_warcw_exchange. */
WN_EXPORT WN_MUST_CHECK wn_status wn_warcw_record(wn_warcw_t *w, const char *type, const char *target_uri,
                                                  const char *content_type, time_t date,
                                                  const char *extra_headers, const wn_warcw_part_t *parts,
                                                  size_t nparts, char id[WN_WARC_ID_SIZE]);

/* Records written so far, including warcinfo. */
WN_EXPORT size_t wn_warcw_count(const wn_warcw_t *w);

/* Flushes and closes the file, frees the writer and sets *self to NULL.
 * Accepts NULL (returns WN_OK). Returns WN_EIO if the final flush fails. */
WN_EXPORT WN_MUST_CHECK wn_status wn_warcw_close(wn_warcw_t **self);

/* Writes a fresh "<urn:uuid:...>" (UUID version 4) into id. Returns WN_OK or
 * WN_EIO when no randomness is available. */
WN_EXPORT WN_MUST_CHECK wn_status wn_warcw_new_id(char id[WN_WARC_ID_SIZE]);

/* Writes "sha1:" + base32 (RFC 4648, 32 chars) of the SHA-1 of the
 * concatenated parts into out (at least 38 bytes). Returns WN_OK or WN_ENOMEM. */
WN_EXPORT WN_MUST_CHECK wn_status wn_warcw_sha1_base32(const wn_warcw_part_t *parts, size_t nparts,
                                                       char out[38]);

#endif
