/* winnow/warc.h -- read WARC/1.0 and WARC/1.1 files, plain or gzip
 * (one member per record, or the whole file as one stream).
 *
 * The reader yields every record in order. A damaged record (truncated,
 * bad gzip, a Content-Length that lies, garbage before the next "WARC/"
 * line) is yielded with rec->status != WN_OK and a reason, and the reader
 * resynchronises on the next record, so one bad record never hides the
 * rest of a crawl. Memory is bounded by the limits: a record block larger
 * than max_record is reported, not loaded.
 */
#ifndef WINNOW_WARC_H
#define WINNOW_WARC_H

#include <stddef.h>
#include <stdint.h>

#include "winnow/status.h"

typedef enum wn_warc_type {
    WN_WARC_OTHER = 0,
    WN_WARC_WARCINFO,
    WN_WARC_RESPONSE,
    WN_WARC_RESOURCE,
    WN_WARC_REQUEST,
    WN_WARC_METADATA,
    WN_WARC_REVISIT,
    WN_WARC_CONVERSION,
    WN_WARC_CONTINUATION
} wn_warc_type;

typedef struct wn_warc_limits {
    size_t max_record;  /* record block bytes, default 64 MiB */
    size_t max_headers; /* WARC header fields per record, default 256 */
    size_t max_line;    /* one WARC header line, default 64 KiB */
} wn_warc_limits_t;

/* One record. Every pointer is borrowed: valid until the next
 * wn_warc_next() or wn_warc_close() on the same reader. Strings are
 * NUL-terminated; absent fields are NULL. */
typedef struct wn_warc_record {
    wn_warc_type type;
    const char *type_name;    /* WARC-Type as written */
    const char *record_id;    /* WARC-Record-ID, e.g. "<urn:uuid:...>" */
    const char *target_uri;   /* WARC-Target-URI */
    const char *date;         /* WARC-Date */
    const char *content_type; /* Content-Type of the block */
    const char *block;        /* the record block (for response: the HTTP message) */
    size_t block_len;
    uint64_t offset;          /* file offset where the record (or its gzip member) starts; for a
                                 record inside a multi-record member, that member's offset */
    size_t index;             /* 1-based record number in the file */
    wn_status status;         /* WN_OK, or why the record is damaged */
    const char *reason;       /* when damaged: "truncated gzip member", ... */
} wn_warc_record_t;

typedef struct wn_warc wn_warc_t;

/* Fills `lim` with the defaults above. */
WN_EXPORT void wn_warc_limits_init(wn_warc_limits_t *lim);

/* Opens `path` (gzip detected from the magic bytes). `lim` may be NULL for
 * defaults; a zero field also means its default. Returns a reader the
 * caller owns (free with wn_warc_close), or NULL with *st set (WN_EIO with
 * errno, WN_ENOMEM, WN_EUNSUPPORTED for a zstd or bzip2 file). */
WN_EXPORT wn_warc_t *wn_warc_open(const char *path, const wn_warc_limits_t *lim, wn_status *st);

/* Reads the next record into `rec`. Returns 1 when a record (possibly a
 * damaged one: check rec->status) was read, 0 at the end of the file.
 * A damaged record keeps whatever header fields and block bytes were read
 * (block may be NULL, e.g. for a record over max_record); a "garbage"
 * pseudo-record (bytes skipped between records) has no fields. Damage
 * statuses: WN_ETRUNCATED (file ends inside a record or gzip member),
 * WN_ECORRUPT (corrupt gzip member, garbage, Content-Length that over- or
 * understates the block, malformed or missing header fields), WN_ETOOBIG
 * (a limit was hit), WN_EUNSUPPORTED (not WARC/1.0 or 1.1), WN_EIO. See
 * docs/warc.md for how the reader resynchronises. */
WN_EXPORT int wn_warc_next(wn_warc_t *w, wn_warc_record_t *rec);

/* Returns the value of header field `name` (case-insensitive) of the record
 * last returned by wn_warc_next(), e.g. "WARC-Refers-To" or
 * "WARC-Payload-Digest", or NULL. Borrowed: valid until the next
 * wn_warc_next() or wn_warc_close(). Continuation lines are joined with a
 * space. */
WN_EXPORT const char *wn_warc_field(const wn_warc_t *w, const char *name);

/* Hands over the block of `rec`, the record last returned by
 * wn_warc_next(): returns the malloc'd buffer rec->block points to, which
 * the caller now owns (free with free(); rec->block stays valid until
 * then), and the reader gets a new one for the next record -- a page can
 * thus go on without a copy. NULL, and nothing changes, when rec has no
 * block of the reader's own (no block, or not the last record read). */
WN_EXPORT void *wn_warc_take_block(wn_warc_t *w, const wn_warc_record_t *rec);

/* Bytes consumed from the file so far (for progress), and its size. */
WN_EXPORT uint64_t wn_warc_tell(const wn_warc_t *w);
WN_EXPORT uint64_t wn_warc_size(const wn_warc_t *w);

/* Closes the reader and sets *self to NULL. Accepts NULL. */
WN_EXPORT void wn_warc_close(wn_warc_t **self);

#endif
