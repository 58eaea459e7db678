/* warc.c -- streaming reader for WARC/1.0 and WARC/1.1 files, plain or
 * gzip-compressed (see winnow/warc.h and docs/warc.md).
 *
 * Three layers:
 *   raw     the file, read in 1 MiB slices into ibuf;
 *   source  the decoded byte stream: ibuf itself for a plain file, or ISA-L
 *           (igzip) inflating gzip members one by one (isal_inflate_reset at
 *           each member end, so a member per record and one member for the
 *           whole file both work), with the compressed offset of every member;
 *   parser  WARC records: header lines are read through a look-ahead
 *           buffer (pend); a record block is copied from pend and then
 *           inflated straight into the record buffer.
 * Damage (truncation, corrupt members, garbage, lying Content-Length) is
 * turned into a damaged record and the parser resynchronises on the next
 * line that starts "WARC/1." (a gzip member start counts as a line start).
 */
#include "winnow/warc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <isa-l/igzip_lib.h>

#include "winnow/buf.h"

#define IBUF_SIZE (1u << 20)      /* raw read size */
#define PEND_MIN (256u * 1024u)   /* look-ahead for header lines */
#define GZ_PROBE (64u * 1024u)    /* compressed bytes offered to a candidate member */
#define MAX_HEADERS_CEIL 65536u   /* ceiling on lim->max_headers */
#define MAX_LINE_CEIL (64u << 20) /* ceiling on lim->max_line */

enum { SRC_OK, SRC_EOF, SRC_ERR };

typedef struct field {
    size_t name, value; /* offsets of NUL-terminated strings in hdr */
} field_t;

struct wn_warc {
    wn_warc_io_t io; /* where the bytes come from: a file, a URL, a caller's reader */
    void *io_ud;
    int fd;          /* the file of wn_warc_open, else -1 */
    uint64_t fsize;
    wn_warc_limits_t lim;
    int gz;

    /* raw layer */
    unsigned char *ibuf;
    size_t ipos, ilen;
    uint64_t ibase; /* file offset of ibuf[0] */
    int ieof;
    int ierr; /* errno of a failed read(), reported once */
    char io_why[240]; /* the byte source's own message for that failure */

    /* gzip source */
    /* ISA-L inflate state: 85 KiB (2.30), so on the heap */
    struct inflate_state *zs;
    int in_member;          /* inside a member: the next bytes are deflate data */
    int need_scan;          /* after a corrupt member: look for the next good one */
    uint64_t scan_from;     /* ... from this file offset */
    uint64_t member_off;    /* compressed offset of the current member */
    uint64_t prev_member_off;
    uint64_t member_dpos;   /* decoded position where the current member starts */
    uint64_t dsrc;          /* decoded bytes produced by the source so far */
    int trunc_member;       /* the file ended inside a member */
    uint64_t trunc_off;

    /* parser look-ahead */
    char *pend;
    size_t ppos, plen, pcap;
    uint64_t dpos;  /* decoded position of pend[ppos] */
    int line_start; /* pend[ppos] is at the start of a line */
    int resync;     /* at the next record start, skip quietly to "WARC/1." */

    /* current record */
    wn_buf_t hdr;
    field_t *fields;
    size_t nfields;
    char *blk;
    size_t blk_cap;
    size_t index;
    uint64_t last_offset; /* offset of the last record returned */
    char why[320];
    char src_why[200];
    wn_status src_st;
    uint64_t src_off;
};

void wn_warc_limits_init(wn_warc_limits_t *lim) {
    lim->max_record = 64u * 1024u * 1024u;
    lim->max_headers = 256;
    lim->max_line = 64u * 1024u;
}

/* ---- raw layer ---------------------------------------------------------- */

/* Moves the unread part of ibuf to its front and reads more after it.
 * Returns the number of bytes read: 0 at end of file or on error. */
static size_t raw_fill(wn_warc_t *w) {
    if (w->ieof) return 0;
    if (w->ipos > 0) {
        memmove(w->ibuf, w->ibuf + w->ipos, w->ilen - w->ipos);
        w->ibase += w->ipos;
        w->ilen -= w->ipos;
        w->ipos = 0;
    }
    if (w->ilen == IBUF_SIZE) return 0;
    w->io_why[0] = '\0';
    errno = 0;
    ptrdiff_t r = w->io.read(w->io_ud, w->ibuf + w->ilen, IBUF_SIZE - w->ilen, w->io_why, sizeof w->io_why);
    if (r <= 0) {
        w->ieof = 1;
        if (r < 0) w->ierr = errno ? errno : EIO;
        return 0;
    }
    w->ilen += (size_t)r;
    return (size_t)r;
}

/* Repositions the raw layer at file offset `off` (seeking if it is no
 * longer in ibuf). Returns 0 on success, -1 if the file cannot seek. */
static int raw_seek(wn_warc_t *w, uint64_t off) {
    if (off >= w->ibase && off <= w->ibase + w->ilen) {
        w->ipos = (size_t)(off - w->ibase);
        return 0;
    }
    if (!w->io.seek || w->io.seek(w->io_ud, off) != 0) return -1;
    w->ibase = off;
    w->ipos = w->ilen = 0;
    w->ieof = 0;
    return 0;
}

/* ---- source layer ------------------------------------------------------- */

static void src_fail(wn_warc_t *w, wn_status st, uint64_t off, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void src_fail(wn_warc_t *w, wn_status st, uint64_t off, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->src_why, sizeof w->src_why, fmt, ap);
    va_end(ap);
    w->src_st = st;
    w->src_off = off;
}

/* Reports a read error once; afterwards the file looks ended. */
static int src_eof_or_err(wn_warc_t *w) {
    if (w->ierr) {
        src_fail(w, WN_EIO, w->ibase + w->ilen, "read error at offset %" PRIu64 ": %s", w->ibase + w->ilen,
                 w->io_why[0] ? w->io_why : strerror(w->ierr));
        w->ierr = 0;
        return SRC_ERR;
    }
    return SRC_EOF;
}

static int is_member_magic(const unsigned char *p, size_t n) {
    return n >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 0x08;
}

/* Reports the current member as corrupt; the next read scans for a good
 * member from the byte after its start. Returns SRC_ERR. */
static int gz_corrupt(wn_warc_t *w) {
    src_fail(w, WN_ECORRUPT, w->member_off, "corrupt gzip member at offset %" PRIu64, w->member_off);
    w->in_member = 0;
    w->need_scan = 1;
    w->scan_from = w->member_off + 1;
    return SRC_ERR;
}

/* Nonzero if the gzip header at p (4 bytes readable) sets reserved flag
 * bits: zlib refuses such a member, ISA-L 2.30 ignores them. */
static int gz_bad_flags(const unsigned char *p) { return (p[3] & 0xE0) != 0; }

/* Rewinds the inflater for a new gzip member. */
static void gz_reset(wn_warc_t *w) {
    isal_inflate_reset(w->zs);
    w->zs->crc_flag = ISAL_GZIP; /* parse the header, check CRC32 and ISIZE */
}

/* Length of the gzip header at p[0..n), or 0 if it does not end within
 * those n bytes. */
static size_t gz_header_len(const unsigned char *p, size_t n) {
    size_t k = 10;
    if (n < k) return 0;
    unsigned flg = p[3];
    if (flg & 4) { /* FEXTRA */
        if (n < k + 2) return 0;
        k += 2 + (size_t)(p[k] | p[k + 1] << 8);
    }
    for (unsigned bit = 8; bit <= 16; bit <<= 1) { /* FNAME, FCOMMENT */
        if (!(flg & bit)) continue;
        const unsigned char *z = k < n ? memchr(p + k, 0, n - k) : NULL;
        if (!z) return 0;
        k = (size_t)(z - p) + 1;
    }
    if (flg & 2) k += 2; /* FHCRC */
    return k <= n ? k : 0;
}

/* Nonzero if a gzip member starts at ibuf[ipos] and its first decoded bytes
 * are "WARC/". Leaves the position unchanged. An error after those bytes
 * does not count (as with zlib, which stopped once 16 bytes were out):
 * ISA-L decodes ahead, so it may report the error in the same call. */
static int gz_probe(wn_warc_t *w) {
    while (w->ilen - w->ipos < GZ_PROBE && raw_fill(w) > 0) {
    }
    if (w->ilen - w->ipos < 4 || gz_bad_flags(w->ibuf + w->ipos)) return 0;
    struct inflate_state *zs = w->zs;
    unsigned char out[16];
    gz_reset(w);
    zs->next_in = w->ibuf + w->ipos;
    zs->avail_in = (uint32_t)(w->ilen - w->ipos); /* <= IBUF_SIZE */
    zs->next_out = out;
    zs->avail_out = sizeof out;
    int ret;
    uint32_t in0, out0;
    do {
        in0 = zs->avail_in;
        out0 = zs->avail_out;
        ret = isal_inflate(zs);
    } while (ret == ISAL_DECOMP_OK && zs->block_state != ISAL_BLOCK_FINISH && sizeof out - zs->avail_out < 5 &&
             (zs->avail_in != in0 || zs->avail_out != out0));
    size_t made = sizeof out - zs->avail_out;
    return made >= 5 && memcmp(out, "WARC/", 5) == 0;
}

/* Advances ibuf[ipos] to the next gzip member that probes as a WARC record.
 * Returns 1 if one was found, 0 at end of file (ipos at the end). */
static int gz_find_member(wn_warc_t *w) {
    for (;;) {
        size_t avail = w->ilen - w->ipos;
        unsigned char *s = w->ibuf + w->ipos;
        unsigned char *hit = avail >= 3 ? memmem(s, avail, "\x1f\x8b\x08", 3) : NULL;
        if (!hit) {
            size_t keep = avail < 2 ? avail : 2;
            w->ipos = w->ilen - keep;
            if (raw_fill(w) == 0) {
                w->ipos = w->ilen;
                return 0;
            }
            continue;
        }
        w->ipos = (size_t)(hit - w->ibuf);
        if (gz_probe(w)) return 1;
        w->ipos++;
    }
}

/* Positions the source at the start of the next gzip member. Returns
 * SRC_OK, SRC_EOF, or SRC_ERR for garbage before the member (skipped). */
static int gz_start_member(wn_warc_t *w) {
    if (w->need_scan) {
        w->need_scan = 0;
        if (raw_seek(w, w->scan_from) == 0) {
            if (!gz_find_member(w)) return src_eof_or_err(w);
        }
    }
    if (w->ilen - w->ipos < 10) raw_fill(w);
    if (w->ilen == w->ipos) return src_eof_or_err(w);
    if (!is_member_magic(w->ibuf + w->ipos, w->ilen - w->ipos)) {
        uint64_t from = w->ibase + w->ipos;
        int found = gz_find_member(w);
        uint64_t at = w->ibase + w->ipos;
        if (found)
            src_fail(w, WN_ECORRUPT, from,
                     "garbage: %" PRIu64 " bytes skipped before gzip member at offset %" PRIu64, at - from, at);
        else
            src_fail(w, WN_ECORRUPT, from, "garbage: %" PRIu64 " bytes skipped at the end of the file (offset %" PRIu64 ")",
                     at - from, from);
        return SRC_ERR;
    }
    /* ISA-L 2.30 mishandles a gzip header split across isal_inflate()
     * calls: a valid FHCRC fails, and valgrind sees the FNAME/FCOMMENT
     * skip depend on uninitialised bytes. So the first call gets the whole
     * header (a refill only at the end of ibuf). A header over IBUF_SIZE
     * stays split; with FHCRC it is reported as a corrupt member. */
    while (!gz_header_len(w->ibuf + w->ipos, w->ilen - w->ipos) && raw_fill(w) > 0) {
    }
    gz_reset(w);
    w->prev_member_off = w->member_off;
    w->member_off = w->ibase + w->ipos;
    w->member_dpos = w->dsrc;
    w->in_member = 1;
    if (w->ilen - w->ipos >= 4 && gz_bad_flags(w->ibuf + w->ipos)) return gz_corrupt(w);
    return SRC_OK;
}

/* Inflates up to cap bytes into dst, never past the end of the current
 * member (empty members are skipped). Returns SRC_OK with *got > 0, SRC_EOF
 * (a cut member sets trunc_member) or SRC_ERR (corrupt member; the next
 * call resumes at the next good member).
 *
 * isal_inflate() buffers input ahead (up to 8 bytes in read_in, a cut
 * header or trailer in tmp_in_buffer) but hands back what it did not use
 * when a member finishes: next_in is then the first byte after the
 * trailer. It returns ISAL_DECOMP_OK, not ISAL_END_INPUT, when the input
 * runs out, so a cut member shows as no progress at the end of the file. */
static int gz_read(wn_warc_t *w, char *dst, size_t cap, size_t *got) {
    struct inflate_state *zs = w->zs;
    *got = 0;
    if (cap > UINT32_MAX) cap = UINT32_MAX;
    for (;;) {
        if (!w->in_member) {
            int r = gz_start_member(w);
            if (r != SRC_OK) return r;
        }
        /* At the end of the file, one more call still flushes what the
         * inflater holds (it may have read the whole trailer already). */
        int eof = w->ipos == w->ilen && raw_fill(w) == 0;
        size_t avail = w->ilen - w->ipos; /* <= IBUF_SIZE */
        zs->next_in = w->ibuf + w->ipos;
        zs->avail_in = (uint32_t)avail;
        zs->next_out = (uint8_t *)dst;
        zs->avail_out = (uint32_t)cap;
        int ret = isal_inflate(zs);
        if (ret == ISAL_DECOMP_OK || ret == ISAL_END_INPUT) {
            size_t used = avail - zs->avail_in; /* next_in and avail_in agree only on success */
            size_t made = cap - zs->avail_out;
            w->ipos += used;
            w->dsrc += made;
            *got = made;
            if (zs->block_state == ISAL_BLOCK_FINISH) w->in_member = 0;
            if (made) return SRC_OK;
            if (!w->in_member || used) continue;
            if (eof) {
                w->in_member = 0;
                w->trunc_member = 1;
                w->trunc_off = w->member_off;
                return src_eof_or_err(w);
            }
        }
        /* Bad deflate data, header, CRC32 or ISIZE (ISAL_INCORRECT_CHECKSUM,
         * even with block_state FINISH), or no progress with input left. */
        return gz_corrupt(w);
    }
}

/* Copies up to cap bytes of a plain file into dst. */
static int plain_read(wn_warc_t *w, char *dst, size_t cap, size_t *got) {
    *got = 0;
    if (w->ipos == w->ilen && raw_fill(w) == 0) return src_eof_or_err(w);
    size_t n = w->ilen - w->ipos;
    if (n > cap) n = cap;
    memcpy(dst, w->ibuf + w->ipos, n);
    w->ipos += n;
    w->dsrc += n;
    *got = n;
    return SRC_OK;
}

static int src_read(wn_warc_t *w, char *dst, size_t cap, size_t *got) {
    return w->gz ? gz_read(w, dst, cap, got) : plain_read(w, dst, cap, got);
}

/* Nonzero when the source stands at a gzip member boundary: the decoded
 * bytes read so far end a member. */
static int at_boundary(const wn_warc_t *w) { return w->gz && !w->in_member; }

/* ---- look-ahead --------------------------------------------------------- */

static void consume(wn_warc_t *w, size_t n) {
    w->ppos += n;
    w->dpos += n;
}

/* Drops the look-ahead after a source error: what is left belongs to the
 * damaged member. */
static void drop_pend(wn_warc_t *w) {
    w->dpos += w->plen - w->ppos;
    w->ppos = w->plen = 0;
    w->line_start = 1;
}

/* Appends decoded bytes to pend. Returns SRC_OK (at least one byte added),
 * SRC_EOF or SRC_ERR. */
static int fill(wn_warc_t *w) {
    if (w->ppos > 0) {
        memmove(w->pend, w->pend + w->ppos, w->plen - w->ppos);
        w->plen -= w->ppos;
        w->ppos = 0;
    }
    if (w->plen == w->pcap) { /* cannot happen with pcap > max_line + 2 */
        src_fail(w, WN_ETOOBIG, w->dpos, "look-ahead buffer full at offset %" PRIu64, w->dpos);
        return SRC_ERR;
    }
    if (w->plen == 0 && at_boundary(w)) w->line_start = 1;
    size_t got;
    int r = src_read(w, w->pend + w->plen, w->pcap - w->plen, &got);
    w->plen += got;
    return r;
}

/* Puts p[0..n) back in front of the look-ahead (Content-Length overstated:
 * the next record was read as part of this block). Returns 0 or -1. */
static int pushback(wn_warc_t *w, const char *p, size_t n) {
    size_t rest = w->plen - w->ppos;
    if (n + rest > w->pcap) {
        char *np = malloc(n + rest + PEND_MIN);
        if (!np) return -1;
        memcpy(np + n, w->pend + w->ppos, rest);
        free(w->pend);
        w->pend = np;
        w->pcap = n + rest + PEND_MIN;
    } else {
        memmove(w->pend + n, w->pend + w->ppos, rest);
    }
    memcpy(w->pend, p, n);
    w->ppos = 0;
    w->plen = n + rest;
    w->dpos -= n;
    w->line_start = 1;
    return 0;
}

/* Skips decoded bytes up to the next line starting "WARC/1." (a member
 * start counts as a line start). Returns SRC_OK with pend[ppos] at the
 * 'W', SRC_EOF or SRC_ERR; *skipped counts the bytes passed over. */
static int scan_to_warc(wn_warc_t *w, uint64_t *skipped) {
    *skipped = 0;
    for (;;) {
        char *s = w->pend + w->ppos;
        size_t n = w->plen - w->ppos;
        if (n >= 7 && w->line_start && memcmp(s, "WARC/1.", 7) == 0) return SRC_OK;
        if (n >= 8) {
            const char *hit = memmem(s, n, "\nWARC/1.", 8);
            if (hit) {
                size_t k = (size_t)(hit + 1 - s);
                consume(w, k);
                *skipped += k;
                w->line_start = 1;
                return SRC_OK;
            }
        }
        int boundary = at_boundary(w);
        size_t keep = boundary ? 0 : (n < 7 ? n : 7);
        if (n > keep) {
            w->line_start = s[n - keep - 1] == '\n';
            consume(w, n - keep);
            *skipped += n - keep;
        }
        if (boundary) w->line_start = 1;
        int r = fill(w);
        if (r == SRC_EOF) {
            *skipped += w->plen - w->ppos;
            consume(w, w->plen - w->ppos);
            return SRC_EOF;
        }
        if (r == SRC_ERR) return SRC_ERR;
    }
}

/* ---- records ------------------------------------------------------------ */

static int damage(wn_warc_t *w, wn_warc_record_t *rec, wn_status st, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Marks rec damaged with a formatted reason; returns 1 (a record). */
static int damage(wn_warc_t *w, wn_warc_record_t *rec, wn_status st, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(w->why, sizeof w->why, fmt, ap);
    va_end(ap);
    rec->status = st;
    rec->reason = w->why;
    if (rec->index == 0) rec->index = ++w->index;
    return 1;
}

/* Turns the pending source error into a damaged record. */
static int src_damage(wn_warc_t *w, wn_warc_record_t *rec) {
    drop_pend(w);
    if (rec->index == 0) rec->offset = w->src_off;
    return damage(w, rec, w->src_st, "%s", w->src_why);
}

/* The end of the file: reports a member cut before any record used it. */
static int at_eof(wn_warc_t *w, wn_warc_record_t *rec) {
    if (w->trunc_member) {
        w->trunc_member = 0;
        rec->offset = w->trunc_off;
        return damage(w, rec, WN_ETRUNCATED, "truncated gzip member at offset %" PRIu64, w->trunc_off);
    }
    return 0;
}

/* Offset of the record starting at the current decoded position. */
static uint64_t record_offset(const wn_warc_t *w) {
    if (!w->gz) return w->dpos;
    return w->dpos >= w->member_dpos ? w->member_off : w->prev_member_off;
}

/* Requests a quiet resync: the record start just seen is abandoned. */
static void want_resync(wn_warc_t *w) {
    if (w->ppos < w->plen) {
        consume(w, 1);
        w->line_start = w->pend[w->ppos - 1] == '\n';
    }
    w->resync = 1;
}

static const struct {
    const char *name;
    wn_warc_type type;
} type_names[] = {
    {"warcinfo", WN_WARC_WARCINFO}, {"response", WN_WARC_RESPONSE},     {"resource", WN_WARC_RESOURCE},
    {"request", WN_WARC_REQUEST},   {"metadata", WN_WARC_METADATA},     {"revisit", WN_WARC_REVISIT},
    {"conversion", WN_WARC_CONVERSION}, {"continuation", WN_WARC_CONTINUATION},
};

static char lower(char c) { return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c; }

static int ieq(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (lower(*a) != lower(*b)) return 0;
    return *a == *b;
}

static const char *field(const wn_warc_t *w, const char *name) {
    for (size_t i = 0; i < w->nfields; i++)
        if (ieq(w->hdr.data + w->fields[i].name, name)) return w->hdr.data + w->fields[i].value;
    return NULL;
}

const char *wn_warc_field(const wn_warc_t *w, const char *name) { return field(w, name); }

int wn_warc_field_at(const wn_warc_t *w, size_t i, const char **name, const char **value) {
    if (!w || i >= w->nfields) return 0;
    *name = w->hdr.data + w->fields[i].name;
    *value = w->hdr.data + w->fields[i].value;
    return 1;
}

/* Adds one "Name: value" line (or a continuation) to the header store.
 * Returns WN_OK, WN_ECORRUPT (malformed), WN_ETOOBIG or WN_ENOMEM. */
static wn_status add_field(wn_warc_t *w, const char *s, size_t len) {
    wn_status st;
    if (s[0] == ' ' || s[0] == '\t') { /* continuation of the previous value */
        if (w->nfields == 0) return WN_ECORRUPT;
        size_t b = 0, e = len;
        while (b < e && (s[b] == ' ' || s[b] == '\t')) b++;
        while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) e--;
        if (b == e) return WN_OK;
        w->hdr.len--; /* the value's NUL */
        int empty = w->hdr.len == w->fields[w->nfields - 1].value;
        if ((!empty && (st = wn_buf_addc(&w->hdr, ' ')) != WN_OK) || (st = wn_buf_add(&w->hdr, s + b, e - b)) != WN_OK ||
            (st = wn_buf_addc(&w->hdr, '\0')) != WN_OK)
            return st;
        return WN_OK;
    }
    const char *colon = memchr(s, ':', len);
    if (!colon || colon == s) return WN_ECORRUPT;
    size_t nl = (size_t)(colon - s);
    while (nl > 0 && (s[nl - 1] == ' ' || s[nl - 1] == '\t')) nl--;
    size_t b = (size_t)(colon - s) + 1, e = len;
    while (b < e && (s[b] == ' ' || s[b] == '\t')) b++;
    while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) e--;
    field_t f;
    f.name = w->hdr.len;
    if ((st = wn_buf_add(&w->hdr, s, nl)) != WN_OK || (st = wn_buf_addc(&w->hdr, '\0')) != WN_OK) return st;
    f.value = w->hdr.len;
    if ((st = wn_buf_add(&w->hdr, s + b, e - b)) != WN_OK || (st = wn_buf_addc(&w->hdr, '\0')) != WN_OK) return st;
    w->fields[w->nfields++] = f;
    return WN_OK;
}

/* Fills rec's header pointers from the parsed fields. WARC-Target-URI
 * written as "<http://...>" (wget 1.21 does this, after an example in the
 * WARC 1.1 draft) loses its angle brackets. */
static void set_fields(wn_warc_t *w, wn_warc_record_t *rec) {
    for (size_t i = 0; i < w->nfields; i++) {
        if (!ieq(w->hdr.data + w->fields[i].name, "WARC-Target-URI")) continue;
        char *v = w->hdr.data + w->fields[i].value;
        size_t n = strlen(v);
        if (n >= 2 && v[0] == '<' && v[n - 1] == '>') {
            v[n - 1] = '\0';
            w->fields[i].value++;
        }
    }
    rec->type_name = field(w, "WARC-Type");
    rec->record_id = field(w, "WARC-Record-ID");
    rec->target_uri = field(w, "WARC-Target-URI");
    rec->date = field(w, "WARC-Date");
    rec->content_type = field(w, "Content-Type");
    rec->type = WN_WARC_OTHER;
    if (rec->type_name)
        for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
            if (ieq(rec->type_name, type_names[i].name)) rec->type = type_names[i].type;
}

/* Reads header lines up to the empty line. Returns 0 when the headers are
 * complete, else 1 with rec marked damaged (and a resync requested). */
static int read_headers(wn_warc_t *w, wn_warc_record_t *rec) {
    size_t max_line = w->lim.max_line;
    for (size_t lineno = 0;; lineno++) {
        char *s, *nl;
        size_t avail;
        for (;;) {
            s = w->pend + w->ppos;
            avail = w->plen - w->ppos;
            nl = memchr(s, '\n', avail > max_line + 2 ? max_line + 2 : avail);
            if (nl) break;
            if (avail > max_line + 1) {
                want_resync(w);
                return damage(w, rec, WN_ETOOBIG, "WARC header line longer than %zu bytes", max_line);
            }
            int r = fill(w);
            if (r == SRC_ERR) return src_damage(w, rec);
            if (r == SRC_EOF) {
                w->trunc_member = 0;
                consume(w, w->plen - w->ppos);
                return damage(w, rec, WN_ETRUNCATED, "truncated: the file ends inside the WARC header");
            }
        }
        size_t len = (size_t)(nl - s), adv = len + 1;
        if (len > 0 && s[len - 1] == '\r') len--;
        if (len > max_line) {
            want_resync(w);
            return damage(w, rec, WN_ETOOBIG, "WARC header line longer than %zu bytes", max_line);
        }
        if (lineno == 0) {
            size_t vl = len;
            while (vl > 0 && (s[vl - 1] == ' ' || s[vl - 1] == '\t')) vl--;
            if (!(vl == 8 && (memcmp(s, "WARC/1.0", 8) == 0 || memcmp(s, "WARC/1.1", 8) == 0))) {
                want_resync(w);
                return damage(w, rec, WN_EUNSUPPORTED, "unsupported WARC version \"%.*s\"", (int)(vl > 20 ? 20 : vl), s);
            }
            consume(w, adv);
            continue;
        }
        if (len == 0) {
            consume(w, adv);
            w->line_start = 1;
            return 0;
        }
        if (w->nfields >= w->lim.max_headers && s[0] != ' ' && s[0] != '\t') {
            want_resync(w);
            return damage(w, rec, WN_ETOOBIG, "more than %zu WARC header fields", w->lim.max_headers);
        }
        wn_status st = add_field(w, s, len);
        if (st != WN_OK) {
            want_resync(w);
            if (st == WN_ECORRUPT) return damage(w, rec, st, "malformed WARC header line %zu", lineno + 1);
            return damage(w, rec, st, "WARC header too large to store");
        }
        consume(w, adv);
    }
}

/* Parses Content-Length: digits only. Returns 0 and sets *cl, or -1. */
static int parse_length(const char *v, uint64_t *cl) {
    uint64_t n = 0;
    if (!v || !*v) return -1;
    for (; *v; v++) {
        if (*v < '0' || *v > '9') return -1;
        unsigned d = (unsigned)(*v - '0');
        if (n > (UINT64_MAX - d) / 10) return -1;
        n = n * 10 + d;
    }
    *cl = n;
    return 0;
}

/* At a member boundary inside a block: reads the next member into pend and
 * says whether it starts a new record. Returns 1 (new record: the block
 * was overstated), 0 (the block continues), or SRC_EOF/SRC_ERR as -1/-2. */
static int next_member_is_record(wn_warc_t *w) {
    int r = fill(w);
    if (r == SRC_EOF) return -1;
    if (r == SRC_ERR) return -2;
    while (w->plen - w->ppos < 7 && !at_boundary(w)) {
        r = fill(w);
        if (r != SRC_OK) break;
    }
    return w->plen - w->ppos >= 7 && memcmp(w->pend + w->ppos, "WARC/1.", 7) == 0;
}

/* Searches the block for an embedded record start after CRLFCRLF: a
 * Content-Length that overstated the block. Returns its length or -1. */
static long long find_overstate(const char *b, size_t n) {
    const char *hit = memmem(b, n, "\r\n\r\nWARC/1.", 11);
    return hit ? (long long)(hit - b) : -1;
}

/* Handles a block that ran past its record (EOF or missing CRLFCRLF): if
 * another record sits inside it, trims the block, pushes the rest back and
 * returns 1 with rec damaged; else 0. */
static int try_overstate(wn_warc_t *w, wn_warc_record_t *rec, uint64_t cl, size_t have) {
    long long k = find_overstate(w->blk, have);
    if (k < 0) return 0;
    size_t m = (size_t)k;
    if (pushback(w, w->blk + m + 4, have - m - 4) != 0)
        return damage(w, rec, WN_ENOMEM, "out of memory resynchronising after record");
    w->trunc_member = 0;
    rec->block_len = m;
    w->blk[m] = '\0';
    return damage(w, rec, WN_ECORRUPT, "Content-Length %" PRIu64 " overstates the record (%zu bytes)", cl, m);
}

/* Consumes the CRLFCRLF after a block. Returns 0 if it is there (or only
 * cut by the end of the file), 1 if something else follows, -1 on a source
 * error. */
static int eat_trailer(wn_warc_t *w) {
    int r = SRC_OK;
    while (w->plen - w->ppos < 4) {
        r = fill(w);
        if (r != SRC_OK) break;
    }
    if (r == SRC_ERR) return -1;
    const char *s = w->pend + w->ppos;
    size_t avail = w->plen - w->ppos;
    if (avail >= 4 && memcmp(s, "\r\n\r\n", 4) == 0) {
        consume(w, 4);
        w->line_start = 1;
        return 0;
    }
    if (avail >= 2 && memcmp(s, "\n\n", 2) == 0) { /* LF-only writers */
        consume(w, 2);
        w->line_start = 1;
        return 0;
    }
    if (r == SRC_EOF && avail < 4) {
        size_t i = 0;
        while (i < avail && (s[i] == '\r' || s[i] == '\n')) i++;
        if (i == avail) { /* the block is whole; only the separator is cut */
            consume(w, avail);
            return 0;
        }
    }
    return 1;
}

/* Checks the CRLFCRLF after a block of `have` bytes. Returns 0 if fine,
 * else 1 with rec damaged (overstated, understated, or a source error). */
static int read_trailer(wn_warc_t *w, wn_warc_record_t *rec, uint64_t cl, size_t have) {
    int t = eat_trailer(w);
    if (t == 0) return 0;
    if (t < 0) return src_damage(w, rec);
    if (try_overstate(w, rec, cl, have)) return 1;
    w->resync = 1;
    return damage(w, rec, WN_ECORRUPT,
                  "Content-Length %" PRIu64 " understates the record: no CRLFCRLF after the block", cl);
}

/* Skips a block over max_record without keeping it. */
static int skip_block(wn_warc_t *w, wn_warc_record_t *rec, uint64_t cl) {
    uint64_t left = cl;
    int cut = 0;
    while (left > 0) {
        size_t avail = w->plen - w->ppos;
        if (avail > 0) {
            size_t take = (uint64_t)avail < left ? avail : (size_t)left;
            consume(w, take);
            left -= take;
            continue;
        }
        w->ppos = w->plen = 0;
        if (at_boundary(w)) { /* inside the block: a member ends */
            int k = next_member_is_record(w);
            if (k == -2) return src_damage(w, rec);
            if (k != 0) { /* EOF, or the next record: the block was overstated */
                cut = 1;
                break;
            }
            continue;
        }
        size_t got;
        int r = src_read(w, w->pend, w->pcap, &got);
        size_t take = (uint64_t)got < left ? got : (size_t)left;
        w->plen = got;
        consume(w, take);
        left -= take;
        if (r == SRC_ERR) return src_damage(w, rec);
        if (r == SRC_EOF) {
            cut = 1;
            break;
        }
    }
    w->trunc_member = 0;
    if (!cut) {
        int t = eat_trailer(w);
        if (t < 0) return src_damage(w, rec);
        if (t > 0) w->resync = 1;
    }
    return damage(w, rec, WN_ETOOBIG, "record of %" PRIu64 " bytes exceeds the limit %zu", cl, w->lim.max_record);
}

/* Reads one record (see wn_warc_next). */
static int next_record(wn_warc_t *w, wn_warc_record_t *rec) {
    wn_buf_reset(&w->hdr);
    w->nfields = 0;

    if (w->resync) {
        w->resync = 0;
        uint64_t skipped;
        int r = scan_to_warc(w, &skipped);
        if (r == SRC_ERR) return src_damage(w, rec);
        if (r == SRC_EOF) return at_eof(w, rec);
    }
    /* Blank lines between records are tolerated silently. */
    for (;;) {
        while (w->ppos < w->plen && (w->pend[w->ppos] == '\r' || w->pend[w->ppos] == '\n')) {
            w->line_start = w->pend[w->ppos] == '\n';
            consume(w, 1);
        }
        if (w->plen - w->ppos >= 7) break;
        int r = fill(w);
        if (r == SRC_ERR) return src_damage(w, rec);
        if (r == SRC_EOF) {
            if (w->plen == w->ppos) return at_eof(w, rec);
            break;
        }
    }
    rec->offset = record_offset(w);
    if (w->plen - w->ppos < 7 || memcmp(w->pend + w->ppos, "WARC/1.", 7) != 0) {
        uint64_t start = rec->offset, skipped;
        w->line_start = 0;
        int r = scan_to_warc(w, &skipped);
        if (r == SRC_ERR) return src_damage(w, rec);
        if (r == SRC_EOF) {
            w->trunc_member = 0;
            return damage(w, rec, WN_ECORRUPT, "garbage: %" PRIu64 " bytes skipped at the end of the file", skipped);
        }
        (void)start;
        return damage(w, rec, WN_ECORRUPT, "garbage: %" PRIu64 " bytes skipped before record at offset %" PRIu64,
                      skipped, record_offset(w));
    }
    rec->index = ++w->index;
    if (read_headers(w, rec)) {
        set_fields(w, rec);
        return 1;
    }
    set_fields(w, rec);

    uint64_t cl;
    const char *clv = field(w, "Content-Length");
    if (!clv) {
        w->resync = 1;
        return damage(w, rec, WN_ECORRUPT, "missing Content-Length");
    }
    if (parse_length(clv, &cl) != 0) {
        w->resync = 1;
        return damage(w, rec, WN_ECORRUPT, "bad Content-Length \"%.40s\"", clv);
    }
    if (cl > w->lim.max_record) return skip_block(w, rec, cl);

    size_t need = (size_t)cl;
    if (w->blk_cap < need + 1) {
        size_t cap = need + 1 < 64 * 1024 ? 64 * 1024 : need + 1;
        char *nb = realloc(w->blk, cap);
        if (!nb) {
            free(w->blk);
            w->blk = NULL;
            w->blk_cap = 0;
            return skip_block(w, rec, cl);
        }
        w->blk = nb;
        w->blk_cap = cap;
    }
    size_t have = 0;
    rec->block = w->blk;
    while (have < need) {
        size_t avail = w->plen - w->ppos;
        if (avail > 0) {
            size_t take = avail < need - have ? avail : need - have;
            memcpy(w->blk + have, w->pend + w->ppos, take);
            consume(w, take);
            have += take;
            continue;
        }
        if (at_boundary(w)) { /* a member ends inside the block */
            int k = next_member_is_record(w);
            if (k == 0) continue; /* the record goes on in the next member */
            if (k == -2) {
                rec->block_len = have;
                w->blk[have] = '\0';
                return src_damage(w, rec);
            }
            if (k == -1) {
                rec->block_len = have;
                w->blk[have] = '\0';
                if (try_overstate(w, rec, cl, have)) return 1;
                w->trunc_member = 0;
                return damage(w, rec, WN_ETRUNCATED,
                              "truncated: Content-Length says %" PRIu64 ", only %zu bytes remain", cl, have);
            }
            size_t m = have;
            if (m >= 4 && memcmp(w->blk + m - 4, "\r\n\r\n", 4) == 0) m -= 4;
            rec->block_len = m;
            w->blk[m] = '\0';
            return damage(w, rec, WN_ECORRUPT, "Content-Length %" PRIu64 " overstates the record (%zu bytes)", cl, m);
        }
        size_t got;
        int r = src_read(w, w->blk + have, need - have, &got);
        have += got;
        w->dpos += got;
        if (r == SRC_ERR) {
            rec->block_len = have;
            w->blk[have] = '\0';
            return src_damage(w, rec);
        }
        if (r == SRC_EOF) {
            rec->block_len = have;
            w->blk[have] = '\0';
            if (try_overstate(w, rec, cl, have)) return 1;
            w->trunc_member = 0;
            return damage(w, rec, WN_ETRUNCATED, "truncated: Content-Length says %" PRIu64 ", only %zu bytes remain",
                          cl, have);
        }
    }
    rec->block_len = have;
    w->blk[have] = '\0';
    read_trailer(w, rec, cl, have);
    return 1;
}

int wn_warc_next(wn_warc_t *w, wn_warc_record_t *rec) {
    memset(rec, 0, sizeof *rec);
    rec->status = WN_OK;
    if (!w) return 0;
    int got = next_record(w, rec);
    /* Offsets never go backwards, even when a pushed-back record inside a
     * multi-member stream can only be placed approximately. */
    if (got) {
        if (rec->offset < w->last_offset) rec->offset = w->last_offset;
        w->last_offset = rec->offset;
    }
    return got;
}

void *wn_warc_take_block(wn_warc_t *w, const wn_warc_record_t *rec) {
    if (!w || !rec || !w->blk || rec->block != w->blk) return NULL;
    void *b = w->blk;
    w->blk = NULL;
    w->blk_cap = 0;
    return b;
}

uint64_t wn_warc_tell(const wn_warc_t *w) {
    if (!w) return 0;
    return w->gz ? w->ibase + w->ipos : w->dpos;
}

uint64_t wn_warc_size(const wn_warc_t *w) { return w ? w->fsize : 0; }

/* ---- byte sources -------------------------------------------------------- */

static ptrdiff_t fd_read(void *ud, void *buf, size_t n, char *why, size_t whylen) {
    (void)why;
    (void)whylen;
    ssize_t r;
    do r = read(*(int *)ud, buf, n);
    while (r < 0 && errno == EINTR);
    return r;
}

static int fd_seek(void *ud, uint64_t off) {
    return off > (uint64_t)INT64_MAX || lseek(*(int *)ud, (off_t)off, SEEK_SET) < 0 ? -1 : 0;
}

/* Creates a reader over `io`/`ud`, or over the open file `fd` when fd >= 0
 * (which it owns and closes, also on failure; io->close is not used). On
 * failure the source is closed too. */
static wn_warc_t *warc_new(const wn_warc_io_t *io, void *ud, int fd, const wn_warc_limits_t *lim, wn_status *st) {
    if (!io || !io->read) {
        *st = WN_EINVAL;
        if (fd >= 0) close(fd);
        else if (io && io->close) io->close(ud);
        return NULL;
    }
    wn_warc_t *w = calloc(1, sizeof *w);
    if (!w) {
        *st = WN_ENOMEM;
        if (fd >= 0) close(fd);
        else if (io->close) io->close(ud);
        return NULL;
    }
    w->io = *io;
    w->io_ud = ud;
    w->fd = fd;
    if (fd >= 0) {
        w->io.close = NULL;
        w->io_ud = &w->fd;
    }
    w->fsize = io->size;
    wn_warc_limits_init(&w->lim);
    if (lim) {
        if (lim->max_record) w->lim.max_record = lim->max_record;
        if (lim->max_headers) w->lim.max_headers = lim->max_headers;
        if (lim->max_line) w->lim.max_line = lim->max_line;
    }
    if (w->lim.max_headers > MAX_HEADERS_CEIL) w->lim.max_headers = MAX_HEADERS_CEIL;
    if (w->lim.max_line > MAX_LINE_CEIL) w->lim.max_line = MAX_LINE_CEIL;
    if (w->lim.max_record > SIZE_MAX - 16) w->lim.max_record = SIZE_MAX - 16;
    w->pcap = w->lim.max_line + 64 * 1024 > PEND_MIN ? w->lim.max_line + 64 * 1024 : PEND_MIN;
    w->ibuf = malloc(IBUF_SIZE);
    w->pend = malloc(w->pcap);
    w->fields = malloc(w->lim.max_headers * sizeof *w->fields);
    if (!w->ibuf || !w->pend || !w->fields) {
        *st = WN_ENOMEM;
        goto fail;
    }
    wn_buf_init(&w->hdr, (w->lim.max_headers + 1) * (w->lim.max_line + 2));
    w->line_start = 1;
    raw_fill(w);
    if (w->ierr) {
        errno = w->ierr;
        *st = WN_EIO;
        goto fail;
    }
    if (w->ilen >= 2 && w->ibuf[0] == 0x1f && w->ibuf[1] == 0x8b) {
        w->gz = 1;
        w->zs = malloc(sizeof *w->zs);
        if (!w->zs) {
            *st = WN_ENOMEM;
            goto fail;
        }
        isal_inflate_init(w->zs);
    } else if ((w->ilen >= 4 && memcmp(w->ibuf, "\x28\xb5\x2f\xfd", 4) == 0) ||
               (w->ilen >= 3 && memcmp(w->ibuf, "BZh", 3) == 0)) {
        *st = WN_EUNSUPPORTED; /* zstd or bzip2 compressed */
        goto fail;
    }
    *st = WN_OK;
    return w;
fail: {
    int e = errno;
    wn_warc_close(&w);
    errno = e;
    return NULL;
}
}

wn_warc_t *wn_warc_open_io(const wn_warc_io_t *io, void *ud, const wn_warc_limits_t *lim, wn_status *st) {
    wn_status dummy;
    return warc_new(io, ud, -1, lim, st ? st : &dummy);
}

wn_warc_t *wn_warc_open(const char *path, const wn_warc_limits_t *lim, wn_status *st) {
    wn_status dummy;
    if (!st) st = &dummy;
    if (wn_is_url(path)) return wn_warc_open_url(path, NULL, lim, st, NULL, 0);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        *st = WN_EIO;
        return NULL;
    }
    wn_warc_io_t io = {fd_read, fd_seek, NULL, 0};
    struct stat sb;
    if (fstat(fd, &sb) == 0 && sb.st_size > 0) io.size = (uint64_t)sb.st_size;
    return warc_new(&io, NULL, fd, lim, st);
}

void wn_warc_close(wn_warc_t **self) {
    if (!self || !*self) return;
    wn_warc_t *w = *self;
    free(w->zs);
    if (w->fd >= 0) close(w->fd);
    else if (w->io.close) w->io.close(w->io_ud);
    free(w->ibuf);
    free(w->pend);
    free(w->fields);
    free(w->blk);
    wn_buf_free(&w->hdr);
    free(w);
    *self = NULL;
}
