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

/* Opens `path` (gzip detected from the magic bytes); an http:// or https://
 * URL is streamed (wn_warc_open_url with default options). `lim` may be NULL for
 * defaults; a zero field also means its default. Returns a reader the
 * caller owns (free with wn_warc_close), or NULL with *st set (WN_EIO with
 * errno, WN_ENOMEM, WN_EUNSUPPORTED for a zstd or bzip2 file). */
WN_EXPORT wn_warc_t *wn_warc_open(const char *path, const wn_warc_limits_t *lim, wn_status *st);

/* A byte source for the reader: a file (wn_warc_open does that one), a URL
 * (wn_warc_open_url), or the caller's own, e.g. a Python file object.
 * read() fills buf[0..n) and returns the number of bytes (> 0), 0 at the
 * end, or -1 on failure with errno set and, if it can say more, a
 * NUL-terminated message in why[0..whylen) ("connection lost at offset
 * 1234: server ignored the Range request"), which becomes the reason of
 * the damaged record that reports it. seek() repositions at an absolute
 * offset and returns 0, or -1; NULL for a stream that cannot seek (the
 * reader then resynchronises after a corrupt gzip member from where it
 * is, rather than from just past the member's start). close() (may be
 * NULL) releases `ud`. size is the total in bytes, 0 if unknown. */
typedef struct wn_warc_io {
    ptrdiff_t (*read)(void *ud, void *buf, size_t n, char *why, size_t whylen);
    int (*seek)(void *ud, uint64_t off);
    void (*close)(void *ud);
    uint64_t size;
} wn_warc_io_t;

/* Opens a reader over the byte source `io`/`ud` (io is copied). The reader
 * owns `ud` from here on, also on failure: io->close(ud) is called by
 * wn_warc_close, or before this returns NULL. Returns NULL with *st set as
 * for wn_warc_open. */
WN_EXPORT wn_warc_t *wn_warc_open_io(const wn_warc_io_t *io, void *ud, const wn_warc_limits_t *lim,
                                     wn_status *st);

/* Options of a remote WARC (wn_warc_open_url). */
typedef struct wn_remote_opts {
    unsigned retries;           /* reconnections in a row that bring no new byte, default 5 */
    unsigned retry_delay_ms;    /* wait before the first, doubled each time, default 500 */
    long connect_timeout_ms;    /* default 30000 */
    long stall_timeout_s;       /* give up on a connection silent this long, default 60 */
    const char *user_agent;     /* default "winnow/VERSION"; borrowed until the reader closes */
} wn_remote_opts_t;

/* Fills `o` with the defaults above. */
WN_EXPORT void wn_remote_opts_init(wn_remote_opts_t *o);

/* Returns 1 if `s` is an http:// or https:// URL (case-insensitive scheme),
 * else 0. */
WN_EXPORT int wn_is_url(const char *s);

/* Opens a WARC or WARC.gz served over HTTP(S) and streams it through
 * libcurl: no temporary copy, at most one read buffer of it in memory.
 * When the connection drops, the reader reconnects with a Range request
 * from the first byte it has not yet received (If-Range with the
 * server's ETag or Last-Modified, so a changed file is not spliced) up to
 * o->retries times; a server that answers the Range request with the
 * whole file (200), another range, or a changed file is not read again
 * from the start -- the record in progress becomes a damaged record
 * (WN_EIO, the reason says so) and the reader ends there, so nothing is
 * delivered twice. `o` NULL means defaults. Returns NULL with *st =
 * WN_EFETCH (HTTP error, DNS, refused: message in err[0..errlen)),
 * WN_ENOMEM, WN_EUNSUPPORTED, WN_EINVAL (not an http(s) URL). wn_warc_open
 * calls this for a URL (without the message). */
WN_EXPORT wn_warc_t *wn_warc_open_url(const char *url, const wn_remote_opts_t *o, const wn_warc_limits_t *lim,
                                      wn_status *st, char *err, size_t errlen);

/* Reads a list of WARC sources, one URL or path per line, from `path`,
 * plain or gzip-compressed (as Common Crawl's warc.paths.gz). Blank lines
 * and lines starting with '#' are skipped, surrounding white space is
 * trimmed. A line that is neither a URL nor an absolute path is prefixed
 * with `base` when base is not NULL (e.g. "https://data.commoncrawl.org/";
 * a '/' is put between them when neither has one). At most max_lines
 * lines (0: 10 million) and 64 KiB per line. On WN_OK *list holds *n
 * malloc'd strings in a malloc'd array; the caller frees them with
 * wn_sources_free. Returns WN_EIO (errno; message in err), WN_ETOOBIG, or
 * WN_ENOMEM. */
WN_EXPORT WN_MUST_CHECK wn_status wn_sources_read(const char *path, const char *base, size_t max_lines,
                                                  char ***list, size_t *n, char *err, size_t errlen);

/* Frees a list from wn_sources_read and sets *list to NULL. Accepts NULL. */
WN_EXPORT void wn_sources_free(char ***list, size_t n);

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

/* Returns the name and value of the i-th (0-based) header field of the
 * record last returned by wn_warc_next() in *name and *value, and 1; 0
 * when there is no such field. Borrowed as for wn_warc_field. */
WN_EXPORT int wn_warc_field_at(const wn_warc_t *w, size_t i, const char **name, const char **value);

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
