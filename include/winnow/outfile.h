/* winnow/outfile.h -- one crash-safe output file, whatever its format.
 *
 * The sink's writer (JSON Lines, and any other record format, e.g. WET)
 * sits on this module. What it guarantees:
 *
 *  - one writer per file: the file is locked (flock, exclusive) while it is
 *    open; a second opener gets WN_EBUSY with the holder's pid in the message;
 *  - appends go in batches: wn_outfile_write() adds bytes to the batch,
 *    wn_outfile_commit() ends it. Only what a commit returned WN_OK for is
 *    complete in the file (written with write(2); with `sync`, fsync'd too).
 *    A caller acknowledges records only after their commit;
 *  - compressed output is a series of complete gzip members, one per batch
 *    (the way WARC.gz stores records), so gzip tools read every committed
 *    batch and a crash can cut only the last member;
 *  - on open, an existing file is recovered: a cut last record (plain) or a
 *    cut last member (gzip) is removed -- the complete records of a cut
 *    member are kept, re-compressed as a member of their own -- and every
 *    complete record in the file is handed to the caller (to read back the
 *    ids already written). Every record handed over is in the file when
 *    open returns;
 *  - a write that fails (full disk, file size limit) cuts the file back to
 *    its last commit and returns WN_EIO; the file stays readable.
 *
 * Records are delimited by a splitter the caller gives (NULL: lines ending
 * in '\n'), so the module knows nothing of JSON or WARC.
 */
#ifndef WINNOW_OUTFILE_H
#define WINNOW_OUTFILE_H

#include <stddef.h>
#include <stdint.h>

#include "winnow/status.h"
#include "winnow/version.h"

typedef struct wn_outfile wn_outfile_t;

/* Length of the first complete record at the start of buf[0..n) (which
 * starts at a record boundary), or 0 when buf holds no complete record yet. */
typedef size_t (*wn_outfile_split_fn)(const char *buf, size_t n);

/* Called on open with each complete record already in the file, in order;
 * `rec` is valid during the call only. A status other than WN_OK stops the
 * open with that status. */
typedef wn_status (*wn_outfile_record_fn)(void *ud, const char *rec, size_t n);

typedef struct wn_outfile_opts {
    int gzip;                    /* 1: gzip members, one per commit */
    int level;                   /* gzip level 1..9 (0: 6) */
    int sync;                    /* 1: fsync after every commit */
    size_t max_record;           /* longest record read back (0: 256 MiB); longer ones are skipped */
    wn_outfile_split_fn split;   /* NULL: records are lines ending in '\n' */
    wn_outfile_record_fn record; /* may be NULL */
    void *ud;
} wn_outfile_opts_t;

/* What the open found in an existing file. */
typedef struct wn_outfile_info {
    uint64_t records;       /* complete records read back */
    uint64_t skipped;       /* records longer than max_record, not handed over */
    uint64_t dropped_bytes; /* bytes of a cut record or member removed */
    uint64_t salvaged;      /* records of a cut gzip member kept */
} wn_outfile_info_t;

/* Fills `o` with the defaults (plain, level 6, no sync, lines). */
WN_EXPORT void wn_outfile_opts_init(wn_outfile_opts_t *o);

/* Opens `path` for appending ("-": standard output, neither locked nor
 * recovered), creating it (mode 0666 & umask) if missing; the directory
 * must exist. Locks it and recovers it as described above. Returns the
 * file (caller owns it: wn_outfile_close) or NULL with *st: WN_EBUSY
 * (another process holds the lock), WN_EIO (cannot open, read or repair:
 * errno text in err), WN_ECORRUPT (a .gz path holding data that is not
 * gzip), WN_ENOMEM, or what o->record returned. `info` (may be NULL)
 * receives what recovery found. err gets a message naming the path. */
WN_EXPORT wn_outfile_t *wn_outfile_open(const char *path, const wn_outfile_opts_t *o, wn_outfile_info_t *info,
                              wn_status *st, char *err, size_t errlen);

/* Reads the complete records of `path` without locking or changing it
 * (a reader beside a running writer): o->record gets each one; a cut tail
 * is ignored. Returns WN_OK (also when the file does not exist), WN_EIO,
 * WN_ECORRUPT (a .gz path that is not gzip), WN_ENOMEM, or what o->record
 * returned; err gets a message. */
WN_EXPORT WN_MUST_CHECK wn_status wn_outfile_read(const char *path, const wn_outfile_opts_t *o, wn_outfile_info_t *info,
                                                  char *err, size_t errlen);

/* Adds p[0..n) to the current batch (it may reach the file before the
 * commit, but counts only once committed). Returns WN_OK, or WN_EIO /
 * WN_ENOMEM (message: wn_outfile_error) after which the batch is lost and
 * the file is back at its last commit. */
WN_EXPORT WN_MUST_CHECK wn_status wn_outfile_write(wn_outfile_t *f, const void *p, size_t n);

/* Ends the batch: completes its gzip member and writes everything out
 * (fsync with o->sync). An empty batch writes nothing. Returns WN_OK or
 * WN_EIO (message: wn_outfile_error; the file is cut back to the last
 * commit, the batch is lost). */
WN_EXPORT WN_MUST_CHECK wn_status wn_outfile_commit(wn_outfile_t *f);

/* The message of the last error ("out/x.jsonl: write failed: No space left
 * on device"); "" if none. Valid until the next call on f. */
WN_EXPORT const char *wn_outfile_error(const wn_outfile_t *f);

/* Bytes in the file at the last commit. */
WN_EXPORT uint64_t wn_outfile_size(const wn_outfile_t *f);

/* Commits what is pending, unlocks and closes, sets *self to NULL.
 * Accepts NULL. Returns the status of that last commit and of close(2). */
WN_EXPORT wn_status wn_outfile_close(wn_outfile_t **self);

/* As wn_outfile_close, but drops the pending batch (the file is cut back
 * to its last commit): for error paths. Accepts NULL. */
WN_EXPORT void wn_outfile_destroy(wn_outfile_t **self);

#endif
