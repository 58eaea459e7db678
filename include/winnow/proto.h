/* winnow/proto.h -- the wire messages between sources, workers and sinks.
 *
 * Multipart ZeroMQ messages whose first frame names protocol and version:
 *
 *     task    [ "WNT1" ][ header: JSON object ][ body: raw bytes as archived ]
 *     result  [ "WNR1" ][ header: JSON object ][ text: UTF-8 ]
 *     ack     [ "WNA1" ][ JSON array of {"id": ..., "status": "ok"|"error"} ]
 *
 * Every field is specified in docs/protocol.md. This module only encodes
 * and decodes; it does no I/O. Decoders take (pointer, length) of a frame,
 * bound what they accept, and never trust a length from the peer.
 */
#ifndef WINNOW_PROTO_H
#define WINNOW_PROTO_H

#include <stddef.h>

#include "winnow/extract.h"
#include "winnow/status.h"

#define WN_PROTO_TASK "WNT1"
#define WN_PROTO_RESULT "WNR1"
#define WN_PROTO_ACK "WNA1"
#define WN_PROTO_BEAT "WNH1" /* worker heartbeat, sent to a source's acks endpoint */
#define WN_PROTO_ID_MAX 2048     /* longest id accepted, bytes */
#define WN_PROTO_HEADER_MAX (4u << 20) /* longest header frame accepted, bytes */

/* A task: one raw page and what is known about it. Every pointer is
 * borrowed (the caller keeps ownership); NULL means absent. */
typedef struct wn_task {
    const char *id;                /* required: stable, unique per page (WARC-Record-ID, path, URL...) */
    const char *url;               /* page URL */
    int http_status;               /* HTTP status, 0 if unknown or not HTTP */
    const char *content_type;      /* HTTP Content-Type value */
    const char *content_encoding;  /* HTTP Content-Encoding value ("gzip", "deflate", ...) */
    const char *transfer_encoding; /* HTTP Transfer-Encoding value ("chunked") */
    const char *fetch_time;        /* ISO 8601 time the page was fetched (WARC-Date); "warc_date" on the wire */
    const void *body;              /* body bytes as archived: maybe chunked and/or compressed */
    size_t body_len;
    /* provenance, copied into the page's record (winnow/record.h) */
    const char *warc_file;         /* WARC file the page was read from, as named to the source */
    long long warc_offset;         /* offset of its record's gzip member (or header) there; read only
                                    * with warc_file */
    const char *warc_record_id;    /* WARC-Record-ID of the response/resource record */
    const char *target_uri;        /* WARC-Target-URI, or the URL a fetch requested */
} wn_task_t;

/* A decoded task header (frame 2 of a task message). Owns its strings. */
typedef struct wn_task_msg {
    wn_task_t task;     /* body/body_len are NULL/0: the body is frame 3 */
    const char *ack;    /* endpoint the sink acknowledges to, or NULL */
    unsigned attempt;   /* 1 on the first send */
} wn_task_msg_t;

/* Returns the task header JSON for `t` (its body is not included), with
 * `ack` (may be NULL) and `attempt`, as a malloc'd NUL-terminated string
 * the caller frees; its length in *len. NULL on allocation failure or when
 * t->id is NULL/empty. Invalid UTF-8 in a string is replaced by U+FFFD. */
WN_EXPORT char *wn_proto_task_header(const wn_task_t *t, const char *ack, unsigned attempt, size_t *len);

/* Decodes a task header frame. On WN_OK *out is a new message the caller
 * frees with wn_task_msg_destroy. Returns WN_EPROTO (not JSON, no id, a
 * field of the wrong type: reason in err) or WN_ENOMEM. */
WN_EXPORT WN_MUST_CHECK wn_status wn_proto_task_parse(const void *hdr, size_t len, wn_task_msg_t **out,
                                                      char *err, size_t errlen);

/* Frees a decoded task header and sets *self to NULL. Accepts NULL. */
WN_EXPORT void wn_task_msg_destroy(wn_task_msg_t **self);

/* Best effort for error reporting: digs "id", "url" and "ack" out of a
 * header frame that failed to decode or came with an unknown version.
 * Copies them NUL-terminated into the given arrays (empty if absent or
 * unreadable). Returns 1 if an id was found, else 0. */
WN_EXPORT int wn_proto_salvage_ids(const void *hdr, size_t len, char *id, size_t idlen, char *url,
                                   size_t urllen, char *ack, size_t acklen);

/* What goes into a result header. Borrowed pointers; NULL means absent. */
typedef struct wn_result_info {
    const char *id;       /* required */
    const char *url;
    const char *ack;      /* copied from the task */
    unsigned attempt;     /* copied from the task (0: not from a task, e.g. a source's error record) */
    wn_status status;     /* WN_OK or why the page failed */
    const char *error;    /* reason a user can act on, when status != WN_OK */
    const wn_doc_t *doc;  /* metadata source; may be NULL (error records) */
    const char *worker;   /* who produced it, e.g. "host/1234" or "replay" */
    int http_status;      /* copied from the task, 0 if unknown */
    const char *fetch_time;
    double ms;            /* worker time on this page, decoding included */
    const wn_task_t *task; /* the task, for the record's provenance (warc_*, target_uri,
                            * content_type, http_status, fetch_time); may be NULL */
} wn_result_info_t;

/* Returns the result header JSON (frame 2) as a malloc'd NUL-terminated
 * string the caller frees, its length in *len; NULL on allocation failure
 * or a missing id. The header is the page's record (winnow/record.h) but
 * "text", plus "ack": the text (frame 3) is sent separately: doc->text,
 * or empty for an error or a skipped page. */
WN_EXPORT char *wn_proto_result_header(const wn_result_info_t *r, size_t *len);

/* A result as the sink needs it, decoded from frames 2 and 3. */
typedef struct wn_result_line {
    char *id;     /* owned */
    char *ack;    /* owned, NULL if the result names no ack endpoint */
    int ok;       /* 1 if status is "ok" */
    char *line;   /* owned: one JSON object, no newline: the record -- the header's
                     fields but "ack" in the order of wn_record_keys(), "text" in its
                     place (invalid UTF-8 replaced by U+FFFD), then fields the schema
                     does not name, as they came */
    size_t line_len;
    int skipped;  /* 1 if status is "skipped" (ok is then 0) */
    int empty;    /* 1 for an "ok" result whose text is empty (no main content) */
    unsigned attempt; /* the header's "attempt" (1: first send), 0 when absent */
    double ms;    /* the header's "ms" (the worker's time on the page), -1 when absent */
} wn_result_line_t;

/* Decodes a result's header and text into `out` (fields owned by `out`,
 * freed with wn_result_line_free). Returns WN_OK, WN_EPROTO (reason in
 * err) or WN_ENOMEM. `max_text` caps the text frame (WN_ETOOBIG). */
WN_EXPORT WN_MUST_CHECK wn_status wn_proto_result_line(const void *hdr, size_t hlen, const void *text,
                                                       size_t tlen, size_t max_text, wn_result_line_t *out,
                                                       char *err, size_t errlen);

/* Frees what wn_proto_result_line allocated; leaves `r` zeroed. */
WN_EXPORT void wn_result_line_free(wn_result_line_t *r);

/* One acknowledgement. */
typedef struct wn_ack {
    const char *id; /* borrowed */
    int ok;         /* 1: written as "ok", 0: written as "error" (or "skipped") */
    int skipped;    /* 1: written as "skipped" (the language filter left it out) */
    int empty;      /* 1: written as "ok" with no text (no main content) */
} wn_ack_t;

/* Returns the ack frame (frame 2: JSON array) for acks[0..n), malloc'd,
 * NUL-terminated, caller frees; length in *len. NULL on allocation failure. */
WN_EXPORT char *wn_proto_ack_encode(const wn_ack_t *acks, size_t n, size_t *len);

/* Decodes an ack frame, calling fn(ud, &ack) for each well-formed entry
 * (the id is valid only during the call). Returns WN_OK or WN_EPROTO when
 * the frame is not a JSON array; malformed entries are skipped. */
WN_EXPORT WN_MUST_CHECK wn_status wn_proto_ack_parse(const void *p, size_t n,
                                                     void (*fn)(void *ud, const wn_ack_t *ack), void *ud);

/* Returns the heartbeat frame {"worker": worker, "busy": busy or null}
 * (malloc'd, NUL-terminated, caller frees; length in *len), NULL on
 * allocation failure. */
WN_EXPORT char *wn_proto_beat_encode(const char *worker, const char *busy, size_t *len);

/* Decodes a heartbeat frame into worker[0..wlen) and busy[0..blen) (""
 * when null). Returns 1 if it is one with a worker name, else 0. */
WN_EXPORT int wn_proto_beat_parse(const void *p, size_t n, char *worker, size_t wlen, char *busy, size_t blen);

/* Returns a copy of p[0..n) in which every invalid UTF-8 sequence and NUL
 * byte is replaced by U+FFFD, as a malloc'd NUL-terminated string the caller
 * frees (length in *out_len, may be NULL); NULL on allocation failure. The
 * encoders apply the same repair to every string field, so a source that
 * keys pages by id must use the repaired id (winnow/source.h does). */
WN_EXPORT char *wn_proto_utf8_clean(const void *p, size_t n, size_t *out_len);

/* Nonzero if the Content-Type value `ct` names a type that is certainly
 * not an HTML page (image/ *, audio/ *, video/ *, font/ *, application/pdf,
 * zip, octet-stream, javascript, css, json...). NULL or unknown: 0. */
WN_EXPORT int wn_proto_not_html(const char *ct);

#endif
